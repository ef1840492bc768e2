import { Alert, Anchor, Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconPlayerPause, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, mailImport, type ImportProgress, type Status } from '../api';
import { importPercent } from '../lib/importText';
import { canPause, foldersByAccount, importFolderLine, importState } from '../lib/importWords';
import { formatCount, formatEta, formatRate } from '../lib/time';
import { useStatus } from '../state/status';

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

function Folders({ p }: { p: ImportProgress }) {
  const groups = foldersByAccount(p);
  const many = groups.length > 1;
  return (
    <Stack gap={6} data-testid="import-folders">
      <Text size="xs" c="dimmed" fw={600}>
        By folder
      </Text>
      {groups.map((g) => (
        <Stack key={g.account} gap={6}>
          {many && (
            <Text size="xs" fw={600} c="dimmed" truncate>
              {g.account}
            </Text>
          )}
          {g.folders.map((f) => (
            <Stack key={`${f.account}/${f.folder}`} gap={2} data-testid="import-folder">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="xs" truncate>
                  {f.folder}
                </Text>
                <Text size="xs" c="dimmed" className="tabular" style={{ whiteSpace: 'nowrap' }}>
                  {formatCount(f.done)} of {formatCount(f.total)}
                </Text>
              </Group>
              <Progress
                value={f.total ? Math.min(100, (f.done / f.total) * 100) : 0}
                size={4}
                color={f.total > 0 && f.done >= f.total ? 'teal' : undefined}
                aria-label={`${f.folder}: ${formatCount(f.done)} of ${formatCount(f.total)}`}
              />
            </Stack>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

/** Pause or Resume, and Check now; the import event brings the new state. */
function Controls({ p }: { p: ImportProgress }) {
  const { status, setStatus } = useStatus();
  const [busy, setBusy] = useState<'' | 'pause' | 'resume' | 'check'>('');
  // The importer sends no progress while it waits for new mail, so a
  // pause or resume it accepted is shown at once; the next event confirms it.
  const showPaused = (paused: boolean) => status && setStatus({ ...status, import: { ...status.import, paused } });
  const run = async (what: 'pause' | 'resume' | 'check') => {
    setBusy(what);
    try {
      if (what === 'pause') {
        await mailImport.pause();
        showPaused(true);
      } else if (what === 'resume') {
        await mailImport.resume();
        showPaused(false);
      } else {
        await mailImport.checkNow();
        notifications.show({ message: 'Looking for new mail now.', color: 'teal' });
      }
    } catch (e) {
      notifications.show({ title: 'The import did not answer', message: errorMessage(e), color: 'red' });
    } finally {
      setBusy('');
    }
  };
  return (
    <Group gap="xs" mt="md">
      {p.paused ? (
        <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} loading={busy === 'resume'} onClick={() => void run('resume')}>
          Resume
        </Button>
      ) : (
        <Button
          size="xs"
          variant="default"
          leftSection={<IconPlayerPause size={14} />}
          loading={busy === 'pause'}
          disabled={!canPause(p)}
          onClick={() => void run('pause')}
        >
          Pause
        </Button>
      )}
      <Button
        size="xs"
        variant="default"
        leftSection={<IconRefresh size={14} />}
        loading={busy === 'check'}
        disabled={p.paused}
        onClick={() => void run('check')}
      >
        Check now
      </Button>
    </Group>
  );
}

/**
 * What the mail import is doing right now: the phase in words, overall and
 * per-folder counts, speed and time left, with Pause/Resume and Check now.
 * Shown on Today and in Settings (inSettings drops the link to Settings).
 */
export function ImportPanel({ status, inSettings = false }: { status: Status; inSettings?: boolean }) {
  const p: ImportProgress = status.import;
  const st = importState(p);
  const folderLine = importFolderLine(p);
  const nothing = st.key === 'idle' && p.total === 0 && p.done === 0;
  const showEta = st.moving && !p.paused;
  return (
    <Paper withBorder radius="md" p={inSettings ? 'lg' : 'md'} data-testid="import-panel" data-phase={st.key}>
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Title order={inSettings ? 3 : 4} fz={inSettings ? 'md' : 'sm'} fw={650}>
          Mail import
        </Title>
        <Badge size="sm" variant="light" color={st.color} radius="sm" data-testid="import-badge">
          {st.short}
        </Badge>
      </Group>
      {st.key === 'error' ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} mb="sm" p="xs" data-testid="import-phase">
          <Text size="sm">{st.words}</Text>
        </Alert>
      ) : (
        <Text size="sm" fw={500} data-testid="import-phase">
          {st.words}
        </Text>
      )}
      {folderLine && (
        <Text size="xs" c="dimmed" truncate>
          {folderLine}
        </Text>
      )}
      {nothing ? (
        <Text size="sm" c="dimmed" mt="xs">
          {status.demo ? 'You are exploring the demo mailbox. ' : 'No mail account is importing. '}
          {!inSettings && (
            <>
              <Anchor href="#/settings" inherit>
                Mail accounts
              </Anchor>{' '}
              are set up in Settings.
            </>
          )}
        </Text>
      ) : (
        <Stack gap="sm" mt="sm">
          {p.total > 0 && (
            <>
              <Group justify="space-between" gap="xs">
                <Text size="sm" fw={600} className="tabular" data-testid="import-total">
                  {formatCount(p.done)}{' '}
                  <Text span c="dimmed" inherit fw={400}>
                    of {formatCount(p.total)} messages
                  </Text>
                </Text>
                <Text size="sm" c="dimmed" className="tabular">
                  {Math.floor(importPercent(p))}%
                </Text>
              </Group>
              <Progress
                value={importPercent(p)}
                size="md"
                radius="xl"
                animated={st.moving && !p.paused}
                color={st.key === 'live' || st.key === 'done' ? 'teal' : undefined}
                mt={-6}
                aria-label="Import progress"
              />
            </>
          )}
          {showEta && (
            <SimpleGrid cols={2} spacing="xs">
              <Stat label="Speed" value={p.rate > 0 ? `${formatRate(p.rate).replace('/s', '')} per second` : ''} />
              <Stat label="Time left" value={formatEta(p.etaSec)} />
            </SimpleGrid>
          )}
          {p.folders.length > 0 && <Folders p={p} />}
        </Stack>
      )}
      {!nothing && <Controls p={p} />}
    </Paper>
  );
}
