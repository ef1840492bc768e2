import { Alert, Anchor, Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ImportProgress, Status } from '../api';
import { importComplete, importPercent, importPhrase } from '../lib/importText';
import { formatCount, formatEta, formatRate } from '../lib/time';
import { sentence } from '../lib/text';

const phaseColor: Record<string, string> = {
  idle: 'gray',
  connecting: 'yellow',
  fetching: 'blue',
  backfill: 'indigo',
  live: 'teal',
  done: 'teal',
  error: 'red',
};

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} className="tabular">
        {value || '\u2013'}
      </Text>
    </Stack>
  );
}

/** What the mail import is doing right now, with per-folder progress. */
export function ImportPanel({ status }: { status: Status }) {
  const p: ImportProgress = status.import;
  const complete = importComplete(p);
  const active = !complete && (p.running || p.total > 0 || p.phase !== 'idle');
  const phase = complete ? 'done' : p.paused ? 'paused' : p.phase || 'idle';
  return (
    <Paper withBorder radius="md" p="md" data-testid="import-panel">
      <Group justify="space-between" mb="xs">
        <Title order={4} fz="sm" fw={650}>
          Mail import
        </Title>
        <Badge size="sm" variant="light" color={phaseColor[phase] ?? 'gray'} radius="sm">
          {phase}
        </Badge>
      </Group>
      <Text size="sm" mb="sm">
        {importPhrase(p)}
      </Text>
      {p.error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} mb="sm" p="xs">
          <Text size="sm">{sentence(p.error)}</Text>
        </Alert>
      )}
      {active && p.total > 0 ? (
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={600} className="tabular">
              {formatCount(p.done)}{' '}
              <Text span c="dimmed" inherit fw={400}>
                of {formatCount(p.total)} messages
              </Text>
            </Text>
            <Text size="sm" c="dimmed" className="tabular">
              {Math.floor(importPercent(p))}%
            </Text>
          </Group>
          <Progress value={importPercent(p)} size="md" radius="xl" animated={p.running && !p.paused} mt={-6} />
          <SimpleGrid cols={2} spacing="xs">
            <Stat label="Speed" value={p.rate > 0 ? `${formatRate(p.rate).replace('/s', '')} per second` : ''} />
            <Stat label="Time left" value={p.running && !p.paused ? formatEta(p.etaSec) : ''} />
          </SimpleGrid>
          {p.folders.length > 1 && (
            <Stack gap={6} mt={4}>
              {p.folders.map((f) => (
                <Stack key={`${f.account}/${f.folder}`} gap={2}>
                  <Group justify="space-between" wrap="nowrap">
                    <Text size="xs" truncate>
                      {f.folder}
                      {f.account && (
                        <Text span c="dimmed" inherit>
                          {' '}
                          &middot; {f.account}
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed" className="tabular">
                      {formatCount(f.done)} / {formatCount(f.total)}
                    </Text>
                  </Group>
                  <Progress value={f.total ? (f.done / f.total) * 100 : 0} size="xs" />
                </Stack>
              ))}
            </Stack>
          )}
        </Stack>
      ) : complete ? (
        <Text size="sm" c="dimmed" className="tabular">
          {formatCount(p.total)} messages are in your workspace
          {status.demo ? ', from the demo mailbox.' : '.'}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {status.demo ? (
            <>You are exploring the demo mailbox, so there is nothing to import. </>
          ) : (
            <>Nothing is being imported. </>
          )}
          <Anchor href="#/settings" inherit>
            Mail accounts
          </Anchor>{' '}
          are set up in Settings.
        </Text>
      )}
    </Paper>
  );
}
