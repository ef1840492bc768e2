// Typed wrappers over the bound Go services. Components and stores import
// from here, never from window.go or frontend/wailsjs.
import { call, onEvent } from './call';
import type {
  AccountDetail,
  AccountSummary,
  ActivityInput,
  ChangedEvent,
  ContactSummary,
  ImportProgress,
  SearchFacets,
  SearchQuery,
  SearchResults,
  Status,
  Suggestion,
  ThreadView,
  TimelineItem,
} from './types';

export { ApiError, errorMessage } from './call';
export type * from './types';
export * from './importApi';

const list = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v : []);

function fixStatus(s: Status): Status {
  return {
    ...s,
    import: { ...s.import, folders: list(s.import?.folders) },
  };
}

function fixTimeline(items: TimelineItem[] | null): TimelineItem[] {
  return list(items).map((t) => ({ ...t, people: list(t.people) }));
}

export const workspace = {
  status: async () => fixStatus(await call<Status>('WorkspaceService', 'Status')),
  unlock: async (passphrase: string) =>
    fixStatus(await call<Status>('WorkspaceService', 'Unlock', passphrase)),
  setPassphrase: (passphrase: string) => call<void>('WorkspaceService', 'SetPassphrase', passphrase),
  chooseDemo: async () => fixStatus(await call<Status>('WorkspaceService', 'ChooseDemo')),
};

export const accounts = {
  list: async (filter: string) =>
    list(await call<AccountSummary[] | null>('AccountService', 'List', filter)).map((a) => ({
      ...a,
      domains: list(a.domains),
    })),
  get: async (id: string): Promise<AccountDetail> => {
    const d = await call<AccountDetail>('AccountService', 'Get', id);
    return {
      account: { ...d.account, domains: list(d.account?.domains) },
      contacts: list(d.contacts).map((c) => ({ ...c, addresses: list(c.addresses) })),
      timeline: fixTimeline(d.timeline),
    };
  },
};

export const timeline = {
  recent: async (limit: number) =>
    fixTimeline(await call<TimelineItem[] | null>('TimelineService', 'Recent', limit)),
  thread: async (id: string): Promise<ThreadView> => {
    const t = await call<ThreadView>('TimelineService', 'Thread', id);
    return {
      ...t,
      messages: list(t.messages).map((m) => ({
        ...m,
        to: list(m.to),
        cc: list(m.cc),
        attachments: list(m.attachments),
      })),
    };
  },
};

export const activities = {
  capture: (input: ActivityInput) => call<TimelineItem>('ActivityService', 'Capture', input),
};

export const contacts = {
  list: async (filter: string) =>
    list(await call<ContactSummary[] | null>('ContactService', 'List', filter)).map((c) => ({
      ...c,
      addresses: list(c.addresses),
    })),
};

/** A full query from a partial one: the Go side wants every field. */
export function searchQuery(q: Partial<SearchQuery>): SearchQuery {
  return { query: '', accountId: '', kinds: [], offset: 0, size: 20, order: 'best', ...q };
}

export const search = {
  search: async (q: Partial<SearchQuery>): Promise<SearchResults> => {
    const r = await call<SearchResults>('SearchService', 'Search', searchQuery(q));
    return {
      ...r,
      notes: list(r.notes),
      hits: list(r.hits),
      groups: list(r.groups).map((g) => ({ ...g, hits: list(g.hits) })),
    };
  },
  facets: async (q: Partial<SearchQuery>): Promise<SearchFacets> => {
    const f = await call<SearchFacets>('SearchService', 'Facets', searchQuery(q));
    return { total: f.total, accounts: list(f.accounts), people: list(f.people), kinds: list(f.kinds), years: list(f.years) };
  },
  suggest: async (prefix: string, kind = '', limit = 6): Promise<Suggestion[]> =>
    list(await call<Suggestion[] | null>('SearchService', 'Suggest', prefix, kind, limit)),
  /** The words of a thread, as written there, that a search matched (stems and all), for the reader to mark. */
  matchedWords: async (query: string, threadId: string): Promise<string[]> =>
    list(await call<string[] | null>('SearchService', 'MatchedWords', query, threadId)),
};

export const events = {
  onStatus: (cb: (s: Status) => void) => onEvent<Status>('status', (s) => cb(fixStatus(s))),
  onImport: (cb: (p: ImportProgress) => void) =>
    onEvent<ImportProgress>('import', (p) => cb({ ...p, folders: list(p?.folders) })),
  onChanged: (cb: (e: ChangedEvent) => void) =>
    onEvent<ChangedEvent>('changed', (e) => cb({ kinds: list(e?.kinds) })),
};
