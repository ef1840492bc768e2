import { Alert, Anchor, Badge, Button, CloseButton, Grid, Group, Loader, Paper, SegmentedControl, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconInfoCircle, IconRefresh, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { search as searchApi, type FacetValue, type SearchFacets } from '../api';
import { PageHeader } from '../components/PageHeader';
import { QueryHelp } from '../components/QueryHelp';
import { SearchHitRow } from '../components/SearchHitRow';
import { EmptyState, ErrorNote, ListSkeleton } from '../components/States';
import { kindLabel } from '../components/KindIcon';
import { hrefFor, navigate, replaceRoute } from '../lib/router';
import { displayOrder } from '../lib/searchPages';
import { addFilter, hasFilter, hitRoute, removeFilter, yearFilter } from '../lib/searchQuery';
import { formatCount } from '../lib/time';
import { useTitle } from '../lib/useTitle';
import { useStatus } from '../state/status';
import { useQuery } from '../state/useQuery';
import { useSearch } from '../state/useSearch';
import classes from './Search.module.css';

/** How long typing pauses before the page asks again. */
export const searchDelayMs = 120;

const examples = ['renewal', '"calibration certificates"', 'kind:call after:90d', 'has:attachment quote'];

function SectionTitle({ children }: { children: React.ReactNode }) {
  return (
    <Text size="xs" fw={600} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }} mb={4}>
      {children}
    </Text>
  );
}

interface FacetEntry {
  key: string;
  label: string;
  count: number;
  tokens: string[];
}

function FacetList({ title, entries, query, onToggle, testid }: { title: string; entries: FacetEntry[]; query: string; onToggle: (tokens: string[], on: boolean) => void; testid: string }) {
  const [all, setAll] = useState(false);
  if (entries.length === 0) return null;
  const shown = all ? entries : entries.slice(0, 6);
  return (
    <div data-testid={testid}>
      <SectionTitle>{title}</SectionTitle>
      <Stack gap={0}>
        {shown.map((e) => {
          const on = hasFilter(query, e.tokens);
          return (
            <UnstyledButton
              key={e.key}
              className={classes.facet}
              data-on={on || undefined}
              onClick={() => onToggle(e.tokens, on)}
              aria-pressed={on}
              title={on ? `Remove ${e.tokens.join(' ')}` : `Add ${e.tokens.join(' ')} to the search`}
            >
              <Text size="sm" truncate style={{ flex: 1, minWidth: 0 }}>
                {e.label}
              </Text>
              {on ? (
                <IconX size={13} />
              ) : (
                <Text size="xs" c="dimmed" className="tabular">
                  {formatCount(e.count)}
                </Text>
              )}
            </UnstyledButton>
          );
        })}
      </Stack>
      {entries.length > 6 && (
        <Anchor component="button" size="xs" c="dimmed" onClick={() => setAll((v) => !v)} mt={2}>
          {all ? 'Fewer' : `All ${entries.length}`}
        </Anchor>
      )}
    </div>
  );
}

// groupCount reads "2 of 7" while pages are left to load and the account has
// hits beyond those shown (its facet counts every hit involving it; a hit is
// grouped under its first account).
function groupCount(shown: number, total: number | undefined) {
  return total && total > shown ? `${shown} of ${total}` : `${shown}`;
}

function facetEntries(f: SearchFacets) {
  const ids = (list: FacetValue[], field: string) => list.map((v) => ({ key: v.value, label: v.label || v.value, count: v.count, tokens: [`${field}:${v.value}`] }));
  return {
    accounts: ids(f.accounts, 'account'),
    people: ids(f.people, 'person'),
    kinds: f.kinds.map((v) => ({ key: v.value, label: kindPlural(v.value), count: v.count, tokens: [`kind:${v.value}`] })),
    years: [...f.years].sort((a, b) => b.value.localeCompare(a.value)).map((v) => ({ key: v.value, label: v.value, count: v.count, tokens: yearFilter(v.value) })),
  };
}

function kindPlural(kind: string): string {
  const words: Record<string, string> = { email: 'Emails', note: 'Notes', call: 'Calls', meeting: 'Meetings', visit: 'Visits', account: 'Accounts', person: 'People' };
  return words[kind] ?? kindLabel(kind);
}

/** Full-text search over mail, notes, accounts and people, grouped by account. */
export function Search({ initial }: { initial: string }) {
  useTitle('Search');
  const { status } = useStatus();
  const [text, setText] = useState(initial);
  const [debounced] = useDebouncedValue(text.trim(), searchDelayMs);
  // A filter click or an example searches at once, without the typing pause.
  const [now, setNow] = useState<string | null>(null);
  const q = now ?? debounced;
  useEffect(() => setNow(null), [debounced]);
  const [order, setOrder] = useState('best');
  useEffect(() => replaceRoute({ name: 'search', q }), [q]);

  const res = useSearch(q, order);
  const facets = useQuery(() => (q ? searchApi.facets({ query: q }) : Promise.resolve(undefined)), [q]);
  const entries = useMemo(() => (facets.data ? facetEntries(facets.data) : null), [facets.data]);
  // The hits involving an account in all the results, not only on the pages loaded: its facet count.
  const accountTotals = useMemo(() => new Map((facets.data?.accounts ?? []).map((v) => [v.value, v.count])), [facets.data]);

  const order_ = useMemo(() => displayOrder(res.merged), [res.merged]);
  // The selection follows the hit, not its position: results reload when
  // mail arrives, and the rep's place must survive that. A new query or
  // order starts with nothing selected.
  const [activeId, setActiveId] = useState<string | null>(null);
  useEffect(() => setActiveId(null), [q, order]);
  const idAt = (p: number) => (p >= 0 && p < order_.length ? res.merged.hits[order_[p]].id : null);
  const active = activeId === null ? -1 : order_.findIndex((i) => res.merged.hits[i].id === activeId);
  // Keys can come faster than renders: the handler reads and moves this.
  const activeNow = useRef(active);
  activeNow.current = active;
  const rowRefs = useRef(new Map<number, HTMLAnchorElement>());
  const box = useRef<HTMLInputElement>(null);

  const setQueryNow = (next: string) => {
    setText(next);
    setNow(next.trim());
  };
  // The route changed under us (the palette's "See all results", back and
  // forward): take its query.
  useEffect(() => {
    if (initial.trim() !== q) setQueryNow(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial]);
  const toggle = (tokens: string[], on: boolean) => setQueryNow(tokens.reduce((acc, t) => (on ? removeFilter(acc, t) : addFilter(acc, t)), text));

  const open = (pos: number) => {
    const i = order_[pos];
    const hit = i === undefined ? undefined : res.merged.hits[i];
    const r = hit && hitRoute(hit, q);
    if (r) navigate(r);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const inOtherField = t && t !== box.current && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
      if (inOtherField || e.altKey || e.ctrlKey || e.metaKey || document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (order_.length === 0) return;
        e.preventDefault();
        const a = activeNow.current;
        const next = e.key === 'ArrowDown' ? Math.min(order_.length - 1, a + 1) : Math.max(-1, a - 1);
        activeNow.current = next;
        if (next === -1) box.current?.focus();
        else rowRefs.current.get(next)?.scrollIntoView?.({ block: 'nearest' });
        setActiveId(idAt(next));
      } else if (e.key === 'Enter' && order_.length > 0 && (t === box.current || activeNow.current >= 0)) {
        e.preventDefault();
        open(Math.max(0, activeNow.current));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const searching = status?.search?.state === 'rebuilding' || res.first?.partial;
  const first = res.first;
  let pos = 0;

  return (
    <>
      <PageHeader title="Search" subtitle="Mail, notes, calls, meetings, visits, accounts and people" />
      <Group gap="sm" mb={6} wrap="nowrap" align="center">
        <TextInput
          ref={box}
          size="md"
          style={{ flex: 1 }}
          placeholder="Search words, &quot;phrases&quot;, from:anna, kind:call, after:30d…"
          leftSection={res.loading && q ? <Loader size={16} /> : <IconSearch size={18} />}
          rightSectionWidth={text ? 64 : 36}
          rightSection={
            <Group gap={2} wrap="nowrap">
              {text && <CloseButton size="sm" aria-label="Clear search" onClick={() => setQueryNow('')} />}
              <QueryHelp />
            </Group>
          }
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autoFocus
          aria-label="Search"
          data-testid="search-input"
          data-search-box
        />
        <SegmentedControl
          value={order}
          onChange={setOrder}
          data={[
            { value: 'best', label: 'Best' },
            { value: 'newest', label: 'Newest' },
            { value: 'oldest', label: 'Oldest' },
          ]}
          aria-label="Sort results"
          data-testid="search-order"
        />
      </Group>

      <Group justify="space-between" gap="sm" mb="md" mih={20} wrap="nowrap">
        <Text size="xs" c="dimmed" truncate data-testid="search-read">
          {q && first?.read ? <>Read as: {first.read}</> : '\u00a0'}
        </Text>
        {q && first && (
          <Text size="xs" c="dimmed" className="tabular" style={{ flexShrink: 0 }} data-testid="search-total">
            {formatCount(first.total)} {first.total === 1 ? 'result' : 'results'}
            <Text span inherit opacity={0.7}>
              {' '}
              &middot; {first.tookMs < 1 ? '<1' : Math.round(first.tookMs)} ms
            </Text>
          </Text>
        )}
      </Group>

      {searching && (
        <Alert color="yellow" variant="light" icon={<IconRefresh size={16} />} mb="md" p="xs" data-testid="search-rebuilding">
          <Text size="sm">Search is rebuilding, results may be incomplete.</Text>
        </Alert>
      )}
      {q && first && first.notes.length > 0 && (
        <Alert color="gray" variant="light" icon={<IconInfoCircle size={16} />} mb="md" p="xs" data-testid="search-notes">
          {first.notes.map((n) => (
            <Text size="sm" key={n}>
              {n.charAt(0).toUpperCase() + n.slice(1)}
            </Text>
          ))}
        </Alert>
      )}

      {!q ? (
        <Paper withBorder radius="md">
          <EmptyState icon={IconSearch} title="Search everything you have">
            Every word of your mail, notes, calls, meetings and visits, offline. Try{' '}
            {examples.map((ex, i) => (
              <span key={ex}>
                {i > 0 && (i === examples.length - 1 ? ' or ' : ', ')}
                <Anchor component="button" size="sm" onClick={() => setQueryNow(ex)} style={{ verticalAlign: 'baseline' }}>
                  <code>{ex}</code>
                </Anchor>
              </span>
            ))}
            . Press / to come back to this box.
          </EmptyState>
        </Paper>
      ) : (
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
            {res.error && !first ? (
              <ErrorNote message={res.error} title="Search did not work" />
            ) : !first ? (
              <ListSkeleton rows={6} height={58} />
            ) : first.total === 0 ? (
              <Paper withBorder radius="md">
                <EmptyState icon={IconSearch} title="Nothing found">
                  No mail, note or name holds {q.includes(' ') ? 'all of these words' : 'this word'}. Only whole words match, so try the full word
                  (&ldquo;renewal&rdquo;, not &ldquo;renew&rdquo;), fewer words, or OR between them.
                </EmptyState>
              </Paper>
            ) : (
              <Stack gap="md" data-testid="search-results" style={{ opacity: res.loading ? 0.6 : 1, transition: 'opacity 120ms' }}>
                {res.merged.groups.map((g) => (
                  <div key={g.accountId || '-'} data-testid="search-group">
                    <Group gap={8} mb={6} wrap="nowrap">
                      <IconBuilding size={15} stroke={1.6} style={{ opacity: 0.6 }} />
                      {g.accountId ? (
                        <Anchor href={hrefFor({ name: 'account', id: g.accountId })} size="sm" fw={650} c="var(--mantine-color-text)" data-testid="search-group-name">
                          {g.accountName || 'Account'}
                        </Anchor>
                      ) : (
                        <Text size="sm" fw={650} data-testid="search-group-name">
                          No account
                        </Text>
                      )}
                      <Badge size="sm" variant="default" radius="sm" className="tabular" data-testid="search-group-count">
                        {groupCount(g.hits.length, res.hasMore ? accountTotals.get(g.accountId) : undefined)}
                      </Badge>
                      {g.accountId && !hasFilter(q, [`account:${g.accountId}`]) && (
                        <Anchor component="button" size="xs" c="dimmed" ml="auto" onClick={() => toggle([`account:${g.accountId}`], false)}>
                          Only this account
                        </Anchor>
                      )}
                    </Group>
                    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
                      {g.hits.map((i) => {
                        const p = pos++;
                        return (
                          <SearchHitRow
                            key={`${res.merged.hits[i].id}-${i}`}
                            ref={(el) => {
                              if (el) rowRefs.current.set(p, el);
                              else rowRefs.current.delete(p);
                            }}
                            hit={res.merged.hits[i]}
                            query={q}
                            active={p === active}
                          />
                        );
                      })}
                    </Paper>
                  </div>
                ))}
                {res.hasMore && (
                  <Group justify="center">
                    <Button variant="default" onClick={res.loadMore} loading={res.loadingMore} data-testid="search-more">
                      Load more ({formatCount(first.total - res.merged.fetched)} left)
                    </Button>
                  </Group>
                )}
                {res.error && <ErrorNote message={res.error} title="More results could not be loaded" />}
                <Text size="xs" c="dimmed" ta="center">
                  ↑ ↓ to move, Enter to open, / to search again
                </Text>
              </Stack>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
            <Stack gap="lg" data-testid="search-facets" className={classes.facets}>
              {entries ? (
                <>
                  <FacetList title="Kind" entries={entries.kinds} query={q} onToggle={toggle} testid="facet-kinds" />
                  <FacetList title="Accounts" entries={entries.accounts} query={q} onToggle={toggle} testid="facet-accounts" />
                  <FacetList title="People" entries={entries.people} query={q} onToggle={toggle} testid="facet-people" />
                  <FacetList title="Year" entries={entries.years} query={q} onToggle={toggle} testid="facet-years" />
                </>
              ) : facets.error ? (
                <Text size="xs" c="dimmed">
                  Filters could not be loaded: {facets.error}
                </Text>
              ) : (
                <ListSkeleton rows={5} height={22} />
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
