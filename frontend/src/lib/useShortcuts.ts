import { useEffect, useRef } from 'react';
import { createShortcutHandler, type Shortcut } from './shortcuts';

/** Installs a window keydown listener for the given shortcuts. */
export function useShortcuts(shortcuts: Shortcut[]): void {
  // Keep the latest closures without re-installing the listener (which would
  // forget a half-typed "g" sequence on every render).
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    const proxies: Shortcut[] = latest.current.map((s, i) => ({
      ...s,
      run: (e) => latest.current[i]?.run(e),
    }));
    const handler = createShortcutHandler(proxies);
    const listener = (e: KeyboardEvent) => void handler(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
    // The set of keys is fixed for the app's lifetime.
  }, []);
}
