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
  /** Hits the server returned over all pages, repeats included: the next page's offset. */
  fetched: number;
}

// A hit shows once: mail arriving between two pages moves the ranking,
// so a later page can repeat a hit of an earlier one (and two rows with
// one id made ↑/↓ stick on the first).
export function mergePages(pages: SearchResults[]): Merged {
  const hits: SearchHit[] = [];
  const groups: MergedGroup[] = [];
  const byAccount = new Map<string, MergedGroup>();
  const seen = new Set<string>();
  let fetched = 0;
  for (const page of pages) {
    fetched += page.hits.length;
    const at = page.hits.map((h) => {
      if (seen.has(h.id)) return -1;
      seen.add(h.id);
      hits.push(h);
      return hits.length - 1;
    });
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
      for (const i of g.hits) if (i >= 0 && i < page.hits.length && at[i] >= 0) m.hits.push(at[i]);
    }
  }
  return { hits, groups: groups.filter((g) => g.hits.length > 0), fetched };
}

/** The hits in the order they are shown (group by group), for ↑/↓. */
export function displayOrder(m: Merged): number[] {
  return m.groups.flatMap((g) => g.hits);
}
