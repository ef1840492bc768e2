import { Anchor, Avatar, Badge, Button, CloseButton, Grid, Group, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowLeft, IconCalendarEvent, IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { SearchHitRow } from '../components/SearchHitRow';
import { hrefFor } from '../lib/router';
import { useSearch } from '../state/useSearch';
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
            <Text size="xs" c="dimmed" truncate title={c.addresses.join('\n')} data-testid="person-addresses">
              {/* Every address of the person: one contact may write from several (work, another of the company's domains, home). */}
              {[c.title, c.addresses.join(', ')].filter(Boolean).join(' \u00b7 ')}
            </Text>
          </Stack>
          <RelTime at={c.lastAt} size="xs" c="dimmed" />
        </Group>
      ))}
    </Stack>
  );
}

type TimelineFilter = 'all' | 'email' | 'activity';

/** The timeline by kind; `words` narrows it on the client (search inside the account uses the index). */
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

/** Full-text search inside one account, shown in place of the timeline. */
function AccountSearch({ accountId, accountName, words }: { accountId: string; accountName: string; words: string }) {
  const res = useSearch(words, 'best', accountId);
  const first = res.first;
  if (res.error && !first) return <ErrorNote message={res.error} title="Search did not work" />;
  if (!first) return <ListSkeleton rows={4} height={58} />;
  return (
    <Stack gap="xs" data-testid="account-search-results" style={{ opacity: res.loading ? 0.6 : 1, transition: 'opacity 120ms' }}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" truncate>
          {formatCount(first.total)} {first.total === 1 ? 'result' : 'results'} in {accountName}
          {first.read && <> &middot; {first.read}</>}
        </Text>
        <Anchor href={hrefFor({ name: 'search', q: `${words} account:${accountId}` })} size="xs" style={{ flexShrink: 0 }}>
          Open in Search
        </Anchor>
      </Group>
      {first.total === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState icon={IconSearch} title="Nothing matches">
            No mail or note of {accountName} holds &ldquo;{words}&rdquo;. Only whole words match.
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          {res.merged.hits.map((h, i) => (
            <SearchHitRow key={`${h.id}-${i}`} hit={h} query={words} from={`account:${accountId}`} />
          ))}
        </Paper>
      )}
      {res.hasMore && (
        <Group justify="center">
          <Button variant="default" size="xs" onClick={res.loadMore} loading={res.loadingMore}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function AccountPage({ id }: { id: string }) {
  const ui = useUi();
  const q = useQuery(() => accounts.get(id), [id]);
  const [filter, setFilter] = useState<TimelineFilter>('all');
  useTitle(q.data?.account.name);
  const [words, setWords] = useState('');
  const [searchWords] = useDebouncedValue(words.trim(), 120);
  const items = useMemo(() => (q.data ? filterTimeline(q.data.timeline, filter) : []), [q.data, filter]);

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
                w={240}
                placeholder="Search this account"
                leftSection={<IconSearch size={14} />}
                rightSection={words ? <CloseButton size="xs" aria-label="Clear" onClick={() => setWords('')} /> : null}
                value={words}
                onChange={(e) => setWords(e.currentTarget.value)}
                onKeyDown={(e) => e.key === 'Escape' && words && (e.stopPropagation(), setWords(''))}
                aria-label="Search this account"
                data-testid="account-search"
              />
              {!searchWords && (
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
              )}
            </Group>
          </Group>
          {searchWords ? (
            <AccountSearch accountId={account.id} accountName={account.name} words={searchWords} />
          ) : items.length === 0 ? (
            <Paper withBorder radius="md">
              <EmptyState icon={IconCalendarEvent} title="Nothing here yet">
                {filter === 'activity'
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
