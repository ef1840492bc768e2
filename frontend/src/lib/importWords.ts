// The mail import's state in plain words, for the status bar and the
// import panel. Pure, so it is unit-tested without React.
import type { ImportProgress } from '../api/types';
import { sentence } from './text';

export type ImportStateKey =
  | 'error'
  | 'paused'
  | 'connecting'
  | 'planning'
  | 'fetching'
  | 'backfill'
  | 'live'
  | 'offline'
  | 'done'
  | 'idle';

export interface ImportState {
  key: ImportStateKey;
  /** A sentence for the rep: "Catching up on older mail". */
  words: string;
  /** A word or two for a badge. */
  short: string;
  /** A Mantine colour. */
  color: string;
  /** Mail is moving right now (numbers and speed mean something). */
  moving: boolean;
}

const states: Record<Exclude<ImportStateKey, 'error'>, Omit<ImportState, 'key'>> = {
  paused: { words: 'Import paused', short: 'Paused', color: 'gray', moving: false },
  connecting: { words: 'Connecting to the mail server', short: 'Connecting', color: 'yellow', moving: true },
  planning: { words: 'Looking through your folders', short: 'Preparing', color: 'yellow', moving: true },
  fetching: { words: 'Importing newest mail', short: 'Newest mail', color: 'blue', moving: true },
  backfill: { words: 'Catching up on older mail', short: 'Older mail', color: 'indigo', moving: true },
  live: { words: 'Up to date \u2014 watching for new mail', short: 'Up to date', color: 'teal', moving: false },
  offline: { words: 'Offline \u2014 will retry', short: 'Offline', color: 'orange', moving: false },
  done: { words: 'All mail imported', short: 'Done', color: 'teal', moving: false },
  idle: { words: 'No import running', short: 'Idle', color: 'gray', moving: false },
};

/** What the import is doing, as a key, words and a colour. */
export function importState(p: ImportProgress | undefined): ImportState {
  if (!p) return { key: 'idle', ...states.idle };
  if (p.error || p.phase === 'error') {
    return { key: 'error', words: sentence(p.error) || 'The import stopped with an error', short: 'Stopped', color: 'red', moving: false };
  }
  if (p.paused) return { key: 'paused', ...states.paused };
  const key = (p.phase in states ? p.phase : p.running ? 'fetching' : 'idle') as Exclude<ImportStateKey, 'error'>;
  if (key === 'idle' && p.total > 0 && p.done >= p.total) return { key: 'done', ...states.done };
  return { key, ...states[key] };
}

/** The folder being worked on, when that is worth saying. */
export function importFolderLine(p: ImportProgress | undefined): string {
  if (!p || p.paused || p.error || !p.folder) return '';
  return p.phase === 'fetching' || p.phase === 'backfill' ? `Now in ${p.folder}` : '';
}

/** Pause makes sense while there is an importer to hold; Resume while paused. */
export function canPause(p: ImportProgress | undefined): boolean {
  const k = importState(p).key;
  return k !== 'idle' && k !== 'done' && k !== 'error' && k !== 'paused';
}

/** Folder rows grouped by account, in the order they came. */
export function foldersByAccount(p: ImportProgress | undefined): { account: string; folders: ImportProgress['folders'] }[] {
  const out: { account: string; folders: ImportProgress['folders'] }[] = [];
  for (const f of p?.folders ?? []) {
    let g = out.find((x) => x.account === f.account);
    if (!g) out.push((g = { account: f.account, folders: [] }));
    g.folders.push(f);
  }
  return out;
}
