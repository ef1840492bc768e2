import { describe, expect, it } from 'vitest';
import type { SearchHit, SearchResults } from '../api/types';
import { displayOrder, mergePages } from './searchPages';

const hit = (id: string, accountId: string): SearchHit => ({
  id, kind: 'email', title: id, snippet: '', date: 0, accountId, accountName: accountId, threadId: 't', from: '', capped: false,
});
const page = (hits: SearchHit[], groups: SearchResults['groups']): SearchResults => ({
  total: 9, tookMs: 1, read: '', notes: [], partial: false, hits, groups,
});

describe('mergePages', () => {
  it('merges groups across pages by account, keeping first-seen order', () => {
    const p1 = page([hit('a1', 'A'), hit('b1', 'B'), hit('a2', 'A')], [
      { accountId: 'A', accountName: 'A', hits: [0, 2] },
      { accountId: 'B', accountName: 'B', hits: [1] },
    ]);
    const p2 = page([hit('c1', 'C'), hit('b2', 'B')], [
      { accountId: 'C', accountName: 'C', hits: [0] },
      { accountId: 'B', accountName: 'B', hits: [1] },
    ]);
    const m = mergePages([p1, p2]);
    expect(m.groups.map((g) => [g.accountId, g.hits.map((i) => m.hits[i].id)])).toEqual([
      ['A', ['a1', 'a2']],
      ['B', ['b1', 'b2']],
      ['C', ['c1']],
    ]);
    expect(displayOrder(m).map((i) => m.hits[i].id)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
  });

  it('puts hits in one group when a page has none, and ignores bad indexes', () => {
    const m = mergePages([page([hit('x', '')], []), page([hit('y', 'A')], [{ accountId: 'A', accountName: 'A', hits: [0, 5] }])]);
    expect(m.groups.map((g) => g.hits)).toEqual([[0], [1]]);
  });

  it('shows a hit once when a later page repeats it, and counts every fetched hit for the next offset', () => {
    const p1 = page([hit('a1', 'A'), hit('b1', 'B')], [
      { accountId: 'A', accountName: 'A', hits: [0] },
      { accountId: 'B', accountName: 'B', hits: [1] },
    ]);
    const p2 = page([hit('b1', 'B'), hit('c1', 'C')], [
      { accountId: 'B', accountName: 'B', hits: [0] },
      { accountId: 'C', accountName: 'C', hits: [1] },
    ]);
    const m = mergePages([p1, p2]);
    expect(m.hits.map((h) => h.id)).toEqual(['a1', 'b1', 'c1']);
    expect(displayOrder(m).map((i) => m.hits[i].id)).toEqual(['a1', 'b1', 'c1']);
    expect(m.fetched).toBe(4);
    const onlyRepeats = mergePages([p1, page([hit('a1', 'A')], [{ accountId: 'A', accountName: 'A', hits: [0] }])]);
    expect(onlyRepeats.groups.map((g) => g.hits.length)).toEqual([1, 1]);
    expect(onlyRepeats.fetched).toBe(3);
  });
});
