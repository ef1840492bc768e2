import { Spotlight, createSpotlight, type SpotlightActionData, type SpotlightActionGroupData, type SpotlightFilterFunction } from '@mantine/spotlight';
import { IconArrowRight, IconBuilding, IconMoon, IconPlus, IconSearch, IconUser } from '@tabler/icons-react';
import { Group, Text, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { accounts as accountsApi, contacts as contactsApi, search as searchApi, type AccountSummary, type SearchHit, type Suggestion } from '../api';
import { liveSearch } from '../lib/liveSearch';
import { markText, sanitizeMarks } from '../lib/markup';
import { navigate, type Route } from '../lib/router';
import { hitRoute } from '../lib/searchQuery';
import { shortDate } from '../lib/time';
import { useUi } from '../state/ui';
import { KindIcon, kindLabel } from './KindIcon';
import classes from './CommandPalette.module.css';
import { screens } from './Nav';

/** The palette's own store, so it can put the selection back on the best result. */
export const [paletteStore, palette] = createSpotlight();

/** How long typing must pause before the palette asks the index. */
export const paletteDelayMs = 100;
const hitLimit = 6;

interface Answer {
  text: string;
  suggestions: Suggestion[];
  hits: SearchHit[];
  total: number;
  error?: string;
}

/** Asks typeahead and full text together; both answers land as one. */
async function ask(text: string): Promise<Omit<Answer, 'text'>> {
  const [suggestions, results] = await Promise.all([
    searchApi.suggest(text, '', 5).catch(() => [] as Suggestion[]),
    searchApi.search({ query: text, size: hitLimit }),
  ]);
  return { suggestions, hits: results.hits, total: results.total };
}

function HitLabel({ hit }: { hit: SearchHit }) {
  return (
    <Group gap="sm" wrap="nowrap" w="100%" py={2}>
      <KindIcon kind={hit.kind} />
      <span style={{ minWidth: 0, flex: 1, display: 'block' }}>
        <Group gap={6} wrap="nowrap" component="span">
          <Text component="span" size="sm" fw={500} truncate style={{ flex: 1, minWidth: 0 }} dangerouslySetInnerHTML={{ __html: sanitizeMarks(hit.title) || '(no subject)' }} />
          <Text component="span" size="xs" c="dimmed" style={{ flexShrink: 0 }} className="tabular">
            {hit.date ? shortDate(hit.date) : ''}
          </Text>
        </Group>
        <Text component="span" display="block" size="xs" c="dimmed" truncate>
          {[hit.accountName, hit.from].filter(Boolean).join(' \u00b7 ')}
          {hit.snippet && (
            <>
              {' \u2014 '}
              <span dangerouslySetInnerHTML={{ __html: sanitizeMarks(hit.snippet) }} />
            </>
          )}
        </Text>
      </span>
    </Group>
  );
}

/**
 * The Ctrl/Cmd+K palette: screens and actions, and search as you type —
 * accounts and people by name first, then the best full-text hits. Enter
 * opens the first entry, which is the best result once results are in.
 * The shortcut itself is handled by the app's shortcut table.
 */
export function CommandPalette() {
  const ui = useUi();
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [accountList, setAccountList] = useState<AccountSummary[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');

  const live = useMemo(
    () =>
      liveSearch({
        run: ask,
        delayMs: paletteDelayMs,
        onResult: (text, a) => setAnswer({ text, ...a }),
        onError: (text, e) => setAnswer({ text, suggestions: [], hits: [], total: 0, error: e instanceof Error ? e.message : String(e) }),
        onClear: () => setAnswer(null),
      }),
    [],
  );
  useEffect(() => () => live.cancel(), [live]);

  const onQuery = (q: string) => {
    setQuery(q);
    live.update(q);
  };

  const load = () => {
    accountsApi.list('').then(
      (list) => {
        setAccountList(list);
        setLoadError(null);
      },
      (e: Error) => setLoadError(e.message),
    );
  };

  const text = query.trim();
  const current = answer && answer.text.trim() === text ? answer : null;
  const go = (r: Route | null) => r && navigate(r);
  const seeAll: SpotlightActionData = {
    id: 'search:all',
    label: `See all results for \u201c${text}\u201d`,
    description: current ? (current.error ? current.error : `${current.total.toLocaleString('en-US')} ${current.total === 1 ? 'result' : 'results'}`) : 'Searching\u2026',
    leftSection: <IconArrowRight size={18} stroke={1.6} />,
    onClick: () => navigate({ name: 'search', q: text }),
  };

  const staticActions: SpotlightActionGroupData[] = [
    {
      group: 'Screens',
      actions: screens.map((s) => ({
        id: `screen:${s.name}`,
        label: s.label,
        description: `Go to ${s.label}`,
        leftSection: <s.icon size={18} stroke={1.6} />,
        onClick: () => navigate(s.name === 'search' ? { name: 'search', q: '' } : ({ name: s.name } as Route)),
      })),
    },
    {
      group: 'Actions',
      actions: [
        {
          id: 'action:capture',
          label: 'Log an activity',
          description: 'Quick capture a note, call, meeting or visit',
          leftSection: <IconPlus size={18} stroke={1.6} />,
          onClick: () => ui.openCapture(),
        },
        {
          id: 'action:theme',
          label: scheme === 'dark' ? 'Use light theme' : 'Use dark theme',
          description: 'Switch the colour theme',
          leftSection: <IconMoon size={18} stroke={1.6} />,
          onClick: () => setColorScheme(scheme === 'dark' ? 'light' : 'dark'),
        },
      ],
    },
  ];
  const accountActions: SpotlightActionGroupData = {
    group: 'Accounts',
    actions: accountList.map((a) => ({
      id: `account:${a.id}`,
      label: a.name,
      description: a.domains.join(', '),
      keywords: a.domains,
      leftSection: <IconBuilding size={18} stroke={1.6} />,
      onClick: () => navigate({ name: 'account', id: a.id }),
    })),
  };

  // Search entries are already the answer to the query; only screens and
  // actions are filtered by Spotlight's own matching.
  const searchGroups: SpotlightActionGroupData[] = [];
  if (text && current) {
    if (current.suggestions.length) {
      searchGroups.push({
        group: 'Accounts and people',
        actions: current.suggestions.map((s) => ({
          id: `suggest:${s.kind}:${s.id}`,
          label: s.name,
          description: s.detail,
          leftSection: s.kind === 'person' ? <IconUser size={18} stroke={1.6} /> : <IconBuilding size={18} stroke={1.6} />,
          'data-testid': 'palette-suggestion',
          onClick: () => (s.kind === 'account' ? navigate({ name: 'account', id: s.id }) : void openPerson(s)),
        })),
      });
    }
    if (current.hits.length) {
      searchGroups.push({
        group: 'Mail and notes',
        actions: current.hits.map((h) => ({
          id: `hit:${h.id}`,
          label: markText(h.title),
          'aria-label': `${kindLabel(h.kind, '')}: ${markText(h.title)}`,
          'data-testid': 'palette-hit',
          children: <HitLabel hit={h} />,
          onClick: () => go(hitRoute(h, text, 'search')),
        })),
      });
    }
  }
  if (text) searchGroups.push({ group: 'Search', actions: [seeAll] });

  const filter: SpotlightFilterFunction = (q, actions) => {
    const isSearch = (a: SpotlightActionData | SpotlightActionGroupData) => 'group' in a && !!a.group && searchGroups.some((g) => g.group === a.group);
    const rest = actions.filter((a) => !isSearch(a));
    const hideAccounts = !!current && current.suggestions.length > 0;
    const matched = plainFilter(q, rest.filter((a) => !(hideAccounts && 'group' in a && a.group === 'Accounts')));
    return [...searchGroups, ...matched];
  };

  // When a new answer lands the entries change under the selection; put it
  // back on the first entry so Enter opens the best result.
  const listKey = current ? `${current.text}|${current.suggestions.length}|${current.hits.length}` : '';
  const firstRun = useRef(true);
  useEffect(() => {
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    queueMicrotask(() => {
      const list = document.querySelector('[data-palette] .mantine-Spotlight-actionsList') ?? document;
      list.querySelectorAll('[data-action][data-selected]').forEach((el) => el.removeAttribute('data-selected'));
      list.querySelector('[data-action]')?.setAttribute('data-selected', 'true');
      paletteStore.updateState((s) => ({ ...s, selected: 0 }));
    });
  }, [listKey]);

  return (
    <Spotlight
      store={paletteStore}
      actions={[...searchGroups, ...staticActions, accountActions]}
      filter={filter}
      query={query}
      onQueryChange={onQuery}
      shortcut={null}
      limit={30}
      maxHeight={520}
      scrollable
      onSpotlightOpen={load}
      onSpotlightClose={() => onQuery('')}
      nothingFound={loadError ? `Accounts could not be loaded: ${loadError}` : 'Nothing matches. Try a shorter word.'}
      searchProps={{
        placeholder: 'Go to a screen, an account, or search mail and notes',
        leftSection: <IconSearch size={18} />,
        'aria-label': 'Search or run a command',
      }}
      highlightQuery
      classNames={{ actionsList: classes.list, action: classes.action }}
      data-palette
    />
  );
}

/** A person opens on their account page; without one, on their search results. */
async function openPerson(s: Suggestion) {
  const found = await contactsApi.list(s.name).catch(() => []);
  const c = found.find((x) => x.id === s.id);
  navigate(c?.accountId ? { name: 'account', id: c.accountId } : { name: 'search', q: `person:${s.id}` });
}

/** Spotlight's matching for screens and actions: every word in label, description or keywords. */
function plainFilter(q: string, actions: (SpotlightActionData | SpotlightActionGroupData)[]) {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const match = (a: SpotlightActionData) => {
    const hay = `${a.label ?? ''} ${a.description ?? ''} ${Array.isArray(a.keywords) ? a.keywords.join(' ') : (a.keywords ?? '')}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
  const out: (SpotlightActionData | SpotlightActionGroupData)[] = [];
  for (const a of actions) {
    if ('actions' in a) {
      const kept = a.actions.filter(match);
      if (kept.length) out.push({ ...a, actions: kept });
    } else if (match(a)) out.push(a);
  }
  return out;
}
