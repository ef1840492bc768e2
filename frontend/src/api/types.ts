// Mirrors app/dto.go. Times are Unix milliseconds; lists are never null
// (the Go side returns empty slices), but the api layer still guards.

export type WorkspaceState = 'locked' | 'open' | 'error';

export interface Counts {
  accounts: number;
  contacts: number;
  threads: number;
  messages: number;
  activities: number;
}

export type ImportPhase = 'idle' | 'connecting' | 'fetching' | 'backfill' | 'live' | 'error';

export interface FolderProgress {
  account: string;
  folder: string;
  done: number;
  total: number;
}

export interface ImportProgress {
  running: boolean;
  paused: boolean;
  phase: ImportPhase | string;
  folder: string;
  done: number;
  total: number;
  rate: number; // messages per second
  etaSec: number; // 0 when unknown
  error: string;
  folders: FolderProgress[];
}

export interface SyncState {
  configured: boolean;
  pending: number;
  lastSync: number; // Unix ms, 0 never
  error: string;
}

export interface Status {
  version: string;
  state: WorkspaceState | string;
  message: string;
  demo: boolean;
  firstRun: boolean;
  online: boolean;
  dataDir: string;
  keySource: 'keychain' | 'passphrase' | '' | string;
  diskEncrypted: 'yes' | 'no' | 'unknown' | string;
  import: ImportProgress;
  sync: SyncState;
  /** The search index's state; absent from older backends. */
  search?: SearchState;
  counts: Counts;
}

export interface SearchState {
  state: 'opening' | 'ready' | 'catching up' | 'rebuilding' | 'error' | string;
  done: number;
  total: number;
  error: string;
}

export interface AccountSummary {
  id: string;
  name: string;
  domains: string[];
  journey: string;
  lastAt: number;
  threadCount: number;
  contactCount: number;
}

export interface ContactSummary {
  id: string;
  name: string;
  addresses: string[];
  title: string;
  role: string;
  accountId: string;
  accountName: string;
  lastAt: number;
}

export type TimelineKind = 'email' | 'note' | 'call' | 'meeting' | 'visit';
export type Direction = 'in' | 'out' | 'internal';

export interface TimelineItem {
  kind: TimelineKind | string;
  id: string;
  at: number;
  title: string;
  snippet: string;
  people: string[];
  accountId: string;
  accountName: string;
  count: number;
  direction: Direction | string;
}

export interface AccountDetail {
  account: AccountSummary;
  contacts: ContactSummary[];
  timeline: TimelineItem[];
}

export interface Person {
  name: string;
  address: string;
  contactId: string;
}

export interface AttachmentView {
  name: string;
  contentType: string;
  size: number;
  kept: boolean;
}

export interface MessageView {
  id: string;
  from: Person;
  to: Person[];
  cc: Person[];
  date: number;
  subject: string;
  body: string;
  quoted: string;
  truncated: boolean;
  direction: Direction | string;
  attachments: AttachmentView[];
  unparsed: string;
}

export interface ThreadView {
  id: string;
  subject: string;
  accountId: string;
  accountName: string;
  messages: MessageView[];
}

export type ActivityKind = 'note' | 'call' | 'meeting' | 'visit';

export interface ActivityInput {
  kind: ActivityKind;
  accountId: string;
  contactIds: string[];
  body: string;
  at: number; // 0 means now
}

/** Payload of the "changed" event: which kinds of data changed. */
export interface ChangedEvent {
  kinds: string[];
}

export type SearchOrder = 'best' | 'newest' | 'oldest';

export interface SearchQuery {
  query: string;
  accountId: string; // search inside one account
  kinds: string[];
  offset: number;
  size: number;
  order: SearchOrder | string;
}

export interface SearchHit {
  id: string;
  kind: 'email' | 'note' | 'call' | 'meeting' | 'visit' | 'account' | 'person' | string;
  /** HTML: escaped text with matches in <mark>. Sanitise before rendering. */
  title: string;
  /** HTML: escaped text with matches in <mark>. Sanitise before rendering. */
  snippet: string;
  date: number;
  accountId: string;
  accountName: string;
  threadId: string;
  from: string;
  capped: boolean;
}

export interface SearchGroup {
  accountId: string;
  accountName: string;
  hits: number[]; // indexes into SearchResults.hits
}

export interface SearchResults {
  total: number;
  tookMs: number;
  read: string;
  notes: string[];
  partial: boolean;
  hits: SearchHit[];
  groups: SearchGroup[];
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface SearchFacets {
  total: number;
  accounts: FacetValue[];
  people: FacetValue[];
  kinds: FacetValue[];
  years: FacetValue[];
}

export interface Suggestion {
  id: string;
  kind: 'account' | 'person' | string;
  name: string;
  detail: string;
}
