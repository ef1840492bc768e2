import { Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { timeline, type Status } from '../api';
import { ImportPanel } from '../components/ImportPanel';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorNote, ListSkeleton } from '../components/States';
import { Timeline } from '../components/Timeline';
import { formatCount } from '../lib/time';
import { useQuery } from '../state/useQuery';
import { useTitle } from '../lib/useTitle';

function Counts({ status }: { status: Status }) {
  const c = status.counts;
  const items = [
    ['Accounts', c.accounts],
    ['People', c.contacts],
    ['Conversations', c.threads],
    ['Messages', c.messages],
    ['Activities', c.activities],
  ] as const;
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={4} fz="sm" fw={650} mb="sm">
        Workspace
      </Title>
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        {items.map(([label, n]) => (
          <Group key={label} justify="space-between" gap="xs">
            <Text size="sm" c="dimmed">
              {label}
            </Text>
            <Text size="sm" fw={600} className="tabular">
              {formatCount(n)}
            </Text>
          </Group>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

export function Today({ status }: { status: Status }) {
  useTitle('Today');
  const recent = useQuery(() => timeline.recent(30), []);
  const today = new Date().toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long' });
  return (
    <>
      <PageHeader title="Today" subtitle={today} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="xs">
            <Text size="xs" fw={600} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
              Latest conversations
            </Text>
            {recent.error && !recent.data ? (
              <ErrorNote message={recent.error} title="Latest conversations could not be loaded" />
            ) : !recent.data ? (
              <ListSkeleton rows={10} height={52} />
            ) : recent.data.length === 0 ? (
              <Paper withBorder radius="md">
                <EmptyState icon={IconInbox} title="No conversations yet">
                  Once mail is imported, the newest conversations with your accounts appear here.
                </EmptyState>
              </Paper>
            ) : (
              <Timeline items={recent.data} showAccount from="today" groupByDay />
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md" mt={{ base: 0, lg: 26 }}>
            <ImportPanel status={status} />
            <Counts status={status} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
