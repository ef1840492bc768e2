// The workspace status: loaded once, then kept current by the "status" and
// "import" events. Also counts "changed" events so views can refetch.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { events, workspace, errorMessage, type Status } from '../api';

interface StatusContextValue {
  status: Status | null;
  /** Why the first status load failed, in words. */
  error: string | null;
  /** Bumps on every "changed" event and after local edits. */
  version: number;
  setStatus: (s: Status) => void;
  refresh: () => Promise<void>;
  bump: () => void;
}

/** How often import progress may make the views reload. */
const importRefreshMs = 4000;
const statusPollMs = 30_000;

const StatusContext = createContext<StatusContextValue | null>(null);

export function StatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const refresh = useCallback(async () => {
    try {
      setStatus(await workspace.status());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const lastImportBump = useRef(0);
  const importRunning = useRef(false);

  useEffect(() => {
    void refresh();
    const offs = [
      events.onStatus((s) => setStatus(s)),
      events.onImport((p) => {
        setStatus((s) => (s ? { ...s, import: p } : s));
        // While mail arrives, views refresh now and then so lists grow.
        const t = Date.now();
        const finished = importRunning.current && !p.running;
        importRunning.current = p.running;
        if ((p.running && t - lastImportBump.current > importRefreshMs) || finished) {
          lastImportBump.current = t;
          bump();
          void refresh();
        }
      }),
      events.onChanged(() => {
        bump();
        // Counts in the status bar follow the data.
        void refresh();
      }),
    ];
    // Events keep the status current; a slow poll notices a backend that went away.
    const poll = setInterval(() => void refresh(), statusPollMs);
    return () => {
      clearInterval(poll);
      offs.forEach((off) => off());
    };
  }, [refresh, bump]);

  const value = useMemo(
    () => ({ status, error, version, setStatus, refresh, bump }),
    [status, error, version, refresh, bump],
  );
  return <StatusContext.Provider value={value}>{children}</StatusContext.Provider>;
}

export function useStatus(): StatusContextValue {
  const v = useContext(StatusContext);
  if (!v) throw new Error('useStatus outside StatusProvider');
  return v;
}
