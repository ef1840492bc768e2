import type { ImportProgress, SearchState, SyncState } from '../api/types';
import { formatCount, formatEta, formatRate, relativeTime } from './time';
import { sentence } from './text';

/** The importer has nothing left to do and did bring mail in. */
export function importComplete(p: ImportProgress | undefined): boolean {
  return !!p && !p.running && !p.error && p.phase !== 'error' && p.total > 0 && p.done >= p.total;
}

/** "1,234 of 5,000 · 120/s · about 3 min left", parts omitted when unknown. */
export function importNumbers(p: ImportProgress | undefined): string {
  if (!p || (!p.total && !p.done)) return '';
  if (importComplete(p)) return `${formatCount(p.total)} messages`;
  const parts = [p.total ? `${formatCount(p.done)} of ${formatCount(p.total)}` : `${formatCount(p.done)} messages`];
  const rate = formatRate(p.rate);
  if (rate && p.running && !p.paused) parts.push(rate);
  const eta = formatEta(p.etaSec);
  if (eta && p.running && !p.paused) parts.push(`about ${eta} left`);
  return parts.join(' \u00b7 ');
}

export function importPercent(p: ImportProgress | undefined): number {
  if (!p || !p.total) return 0;
  return Math.min(100, Math.max(0, (p.done / p.total) * 100));
}

export function syncPhrase(s: SyncState | undefined, now: number = Date.now()): string {
  if (!s || !s.configured) return 'Team sync not set up';
  if (s.error) return sentence(s.error);
  const pending = s.pending ? `${formatCount(s.pending)} to send` : 'All sent';
  const last = s.lastSync ? `synced ${relativeTime(s.lastSync, now)}` : 'never synced';
  return `${pending} \u00b7 ${last}`;
}

/** The search index, in words, only when it is not simply ready. */
export function searchPhrase(s: SearchState | undefined): string {
  if (!s || s.state === 'ready' || !s.state) return '';
  if (s.error || s.state === 'error') return sentence(s.error) || 'Search is not working right now';
  const pct = s.total > 0 ? ` ${Math.floor((s.done / s.total) * 100)}%` : '';
  switch (s.state) {
    case 'opening':
      return 'Opening search';
    case 'rebuilding':
      return `Rebuilding search${pct}`;
    case 'catching up':
      return `Search catching up${pct}`;
    default:
      return `Search ${s.state}${pct}`;
  }
}
