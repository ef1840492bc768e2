// "Load more" appends pages; each page groups its own hits by account.
// These merge pages into one list and one grouping, in first-seen order.
import type { SearchGroup, SearchHit, SearchResults } from '../api/types';

export interface MergedGroup {
  accountId: string;
  accountName: string;
  /** Indexes into the merged hits. */
  hits: number[];
}

export interface Merged {
  hits: SearchHit[];
  groups: MergedGroup[];
}

export function mergePages(pages: SearchResults[]): Merged {
  const hits: SearchHit[] = [];
  const groups: MergedGroup[] = [];
  const byAccount = new Map<string, MergedGroup>();
  for (const page of pages) {
    const base = hits.length;
    hits.push(...page.hits);
    const pageGroups: SearchGroup[] = page.groups.length
      ? page.groups
      : [{ accountId: '', accountName: '', hits: page.hits.map((_, i) => i) }];
    for (const g of pageGroups) {
      let m = byAccount.get(g.accountId);
      if (!m) {
        m = { accountId: g.accountId, accountName: g.accountName, hits: [] };
        byAccount.set(g.accountId, m);
        groups.push(m);
      }
      for (const i of g.hits) if (i >= 0 && i < page.hits.length) m.hits.push(base + i);
    }
  }
  return { hits, groups };
}

/** The hits in the order they are shown (group by group), for ↑/↓. */
export function displayOrder(m: Merged): number[] {
  return m.groups.flatMap((g) => g.hits);
}
