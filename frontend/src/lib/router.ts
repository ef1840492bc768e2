// A hash router: the desktop app and `parley serve` both serve one page, so
// routes live after the '#'.
import { useMemo, useSyncExternalStore } from 'react';

export type Route =
  | { name: 'today' }
  | { name: 'accounts' }
  | { name: 'account'; id: string }
  | { name: 'thread'; id: string; from?: string; m?: string; q?: string }
  | { name: 'search'; q: string }
  | { name: 'settings' };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'accounts':
      return parts[1] ? { name: 'account', id: parts[1] } : { name: 'accounts' };
    case 'threads':
      if (parts[1])
        return {
          name: 'thread',
          id: parts[1],
          from: params.get('from') ?? undefined,
          m: params.get('m') ?? undefined,
          q: params.get('q') ?? undefined,
        };
      break;
    case 'search':
      return { name: 'search', q: params.get('q') ?? '' };
    case 'settings':
      return { name: 'settings' };
  }
  return { name: 'today' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'today':
      return '#/today';
    case 'accounts':
      return '#/accounts';
    case 'account':
      return `#/accounts/${encodeURIComponent(route.id)}`;
    case 'thread': {
      const p = new URLSearchParams();
      if (route.from) p.set('from', route.from);
      if (route.m) p.set('m', route.m);
      if (route.q) p.set('q', route.q);
      const qs = p.toString();
      return `#/threads/${encodeURIComponent(route.id)}${qs ? `?${qs}` : ''}`;
    }
    case 'search':
      return route.q ? `#/search?q=${encodeURIComponent(route.q)}` : '#/search';
    case 'settings':
      return '#/settings';
  }
}

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash !== href) window.location.hash = href;
}

/** Replaces the current entry (for search-as-you-type). */
export function replaceRoute(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash === href) return;
  history.replaceState(null, '', href);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return useMemo(() => parseHash(hash), [hash]);
}
