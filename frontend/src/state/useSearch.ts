// One search with "Load more": the first page reloads when the query, the
// order or the workspace changes; further pages append. Answers for an
// older query are dropped (useQuery does it for the first page; the key
// check does it for later ones).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage, search, type SearchResults } from '../api';
import { mergePages, type Merged } from '../lib/searchPages';
import { useQuery } from './useQuery';

export const pageSize = 25;

export interface SearchState {
  first: SearchResults | undefined;
  merged: Merged;
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}

export function useSearch(query: string, order: string, accountId = ''): SearchState {
  const first = useQuery(
    () => (query ? search.search({ query, order, accountId, size: pageSize }) : Promise.resolve(undefined)),
    [query, order, accountId],
  );
  const [more, setMore] = useState<SearchResults[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const key = useRef('');
  const firstData = first.data;
  useEffect(() => {
    key.current = `${query}\u0000${order}\u0000${accountId}\u0000${Math.random()}`;
    setMore([]);
    setMoreError(null);
    setLoadingMore(false);
  }, [firstData, query, order, accountId]);

  const pages = useMemo(() => (firstData ? [firstData, ...more] : []), [firstData, more]);
  const merged = useMemo(() => mergePages(pages), [pages]);
  const total = firstData?.total ?? 0;
  const hasMore = !!firstData && merged.fetched < total && (more.length === 0 || more[more.length - 1].hits.length > 0);

  const loadMore = useCallback(() => {
    if (!firstData || loadingMore) return;
    const mine = key.current;
    setLoadingMore(true);
    search.search({ query, order, accountId, size: pageSize, offset: merged.fetched }).then(
      (r) => {
        if (key.current !== mine) return;
        setMore((m) => [...m, r]);
        setLoadingMore(false);
      },
      (e) => {
        if (key.current !== mine) return;
        setMoreError(errorMessage(e));
        setLoadingMore(false);
      },
    );
  }, [firstData, loadingMore, query, order, accountId, merged.fetched]);

  return {
    first: firstData,
    merged,
    loading: first.loading,
    error: first.error ?? moreError,
    hasMore,
    loadingMore,
    loadMore,
  };
}
