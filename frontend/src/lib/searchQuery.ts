// Small helpers around the search query language: adding a filter from
// the side bar, and where a hit opens.
import type { SearchHit } from '../api/types';
import type { Route } from './router';

/** Appends `token` (e.g. kind:call) to the query unless it is already there. */
export function addFilter(query: string, token: string): string {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (words.some((w) => w.toLowerCase() === token.toLowerCase())) return query.trim();
  return [...words, token].join(' ');
}

/** Removes `token` from the query. */
export function removeFilter(query: string, token: string): string {
  return query
    .trim()
    .split(/\s+/)
    .filter((w) => w && w.toLowerCase() !== token.toLowerCase())
    .join(' ');
}

/** The after:/before: pair that limits a query to one calendar year. */
export function yearFilter(year: string): string[] {
  // after: is inclusive and before: exclusive, and a bare year is its first day.
  const y = parseInt(year, 10);
  return [`after:${y}`, `before:${y + 1}`];
}

/** Whether the query already holds every token. */
export function hasFilter(query: string, tokens: string[]): boolean {
  const words = new Set(query.toLowerCase().split(/\s+/));
  return tokens.every((t) => words.has(t.toLowerCase()));
}

/** Where a hit opens: mail in its thread at the message, the rest on the account page. */
export function hitRoute(hit: SearchHit, query: string, from = 'search'): Route | null {
  if (hit.kind === 'email' && hit.threadId) return { name: 'thread', id: hit.threadId, m: hit.id, q: query || undefined, from };
  if (hit.kind === 'account') return { name: 'account', id: hit.id };
  if (hit.accountId) return { name: 'account', id: hit.accountId };
  return null;
}
