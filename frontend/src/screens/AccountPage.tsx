import { Anchor, Avatar, Badge, Button, CloseButton, Grid, Group, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowLeft, IconCalendarEvent, IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { accounts, type ContactSummary, type TimelineItem } from '../api';
import { PageHeader } from '../components/PageHeader';
import { RelTime } from '../components/RelTime';
import { EmptyState, ErrorNote, ListSkeleton } from '../components/States';
import { Timeline } from '../components/Timeline';
import { formatCount } from '../lib/time';
import { useUi } from '../state/ui';
import { useQuery } from '../state/useQuery';
import { useTitle } from '../lib/useTitle';

function initials(name: string): string {
  const parts = name.replace(/[^\p{L}\s]/gu, ' ').trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}

const roleColor: Record<string, string> = {
  champion: 'teal',
  'decision maker': 'indigo',
  influencer: 'cyan',
  blocker: 'red',
  user: 'gray',
};

function People({ people }: { people: ContactSummary[] }) {
  if (people.length === 0) {
    return (
      <EmptyState icon={IconUsers} title="No people yet">
        People appear when they write to you or you write to them.
      </EmptyState>
    );
  }
  const sorted = [...people].sort((a, b) => b.lastAt - a.lastAt);
  return (
    <Stack gap={0} data-testid="people">
      {sorted.map((c) => (
        <Group key={c.id} gap="sm" wrap="nowrap" px="sm" py={8} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          <Avatar size={32} radius="xl" color="initials" name={c.name || c.addresses[0]}>
            {initials(c.name || c.addresses[0] || '?')}
          </Avatar>
          <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600} truncate>
                {c.name || c.addresses[0]}
              </Text>
              {c.role && (
                <Badge size="xs" variant="light" radius="sm" color={roleColor[c.role.toLowerCase()] ?? 'gray'} style={{ flexShrink: 0 }}>
                  {c.role}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {[c.title, c.addresses[0]].filter(Boolean).join(' \u00b7 ')}
            </Text>
          </Stack>
          <RelTime at={c.lastAt} size="xs" c="dimmed" />
        </Group>
      ))}
    </Stack>
  );
}

type TimelineFilter = 'all' | 'email' | 'activity';

export function filterTimeline(items: TimelineItem[], f: TimelineFilter, words = ''): TimelineItem[] {
  let out = items;
  if (f === 'email') out = out.filter((i) => i.kind === 'email');
  if (f === 'activity') out = out.filter((i) => i.kind !== 'email');
  // Every word must appear in the subject, the snippet or a name.
  const terms = words.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length) {
    out = out.filter((i) => {
      const text = `${i.title} ${i.snippet} ${i.people.join(' ')}`.toLowerCase();
      return terms.every((t) => text.includes(t));
    });
  }
  return out;
}

export function AccountPage({ id }: { id: string }) {
  const ui = useUi();
  const q = useQuery(() => accounts.get(id), [id]);
  const [filter, setFilter] = useState<TimelineFilter>('all');
  useTitle(q.data?.account.name);
  const [words, setWords] = useState('');
  const items = useMemo(() => (q.data ? filterTimeline(q.data.timeline, filter, words) : []), [q.data, filter, words]);

  const back = (
    <Anchor href="#/accounts" size="sm" c="dimmed" display="inline-flex" style={{ alignItems: 'center', gap: 4 }} mb={6}>
      <IconArrowLeft size={14} /> Accounts
    </Anchor>
  );

  if (q.error && !q.data) {
    return (
      <>
        {back}
        <ErrorNote message={q.error} title="This account could not be opened" />
      </>
    );
  }
  if (!q.data) {
    return (
      <>
        {back}
        <ListSkeleton rows={1} height={48} />
        <Grid mt="md">
          <Grid.Col span={8}>
            <ListSkeleton rows={8} height={52} />
          </Grid.Col>
          <Grid.Col span={4}>
            <ListSkeleton rows={4} height={44} />
          </Grid.Col>
        </Grid>
      </>
    );
  }
  const { account, contacts, timeline } = q.data;
  const emails = timeline.filter((t) => t.kind === 'email').length;
  return (
    <>
      {back}
      <PageHeader
        title={account.name}
        subtitle={
          <Group gap={6} mt={2}>
            {account.journey && (
              <Badge variant="light" color="indigo" radius="sm" data-testid="journey">
                {account.journey}
              </Badge>
            )}
            {account.domains.map((d) => (
              <Badge key={d} variant="default" radius="sm" fw={500} tt="none">
                {d}
              </Badge>
            ))}
            <Text size="xs" c="dimmed" className="tabular" ml={4}>
              {formatCount(account.threadCount)} conversations &middot; {formatCount(contacts.length)} people &middot; last contact{' '}
              <RelTime at={account.lastAt} inherit />
            </Text>
          </Group>
        }
        right={
          <Button leftSection={<IconPlus size={16} />} onClick={() => ui.openCapture(account.id)} data-testid="account-capture">
            Log activity
          </Button>
        }
      />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Group justify="space-between" mb="xs">
            <Text size="xs" fw={600} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
              Timeline
            </Text>
            <Group gap="xs" wrap="nowrap">
              <TextInput
                size="xs"
                w={220}
                placeholder="Find in this timeline"
                leftSection={<IconSearch size={14} />}
                rightSection={words ? <CloseButton size="xs" aria-label="Clear" onClick={() => setWords('')} /> : null}
                value={words}
                onChange={(e) => setWords(e.currentTarget.value)}
                aria-label="Find in this timeline"
                data-testid="timeline-filter"
              />
              <SegmentedControl
                size="xs"
                value={filter}
                onChange={(v) => setFilter(v as TimelineFilter)}
                data={[
                  { value: 'all', label: `All ${timeline.length}` },
                  { value: 'email', label: `Email ${emails}` },
                  { value: 'activity', label: `Activities ${timeline.length - emails}` },
                ]}
              />
            </Group>
          </Group>
          {items.length === 0 ? (
            <Paper withBorder radius="md">
              <EmptyState icon={IconCalendarEvent} title={words.trim() ? 'Nothing matches' : 'Nothing here yet'}>
                {words.trim()
                  ? `No item in this timeline mentions "${words.trim()}".`
                  : filter === 'activity'
                  ? 'No notes, calls, meetings or visits logged. Press N to log one.'
                  : 'No conversations with this account yet.'}
              </EmptyState>
            </Paper>
          ) : (
            <Timeline items={items} showAccount={false} from={`account:${account.id}`} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Text size="xs" fw={600} tt="uppercase" c="dimmed" mb="xs" style={{ letterSpacing: '0.04em', lineHeight: '30px' }}>
            People
          </Text>
          <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
            <People people={contacts} />
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
