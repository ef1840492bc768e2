// Loads data for a view and reloads it when the workspace changes. Keeps the
// previous data while reloading so lists don't flash back to skeletons.
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';
import { useStatus } from './status';

export interface Query<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

export function useQuery<T>(load: () => Promise<T>, deps: unknown[]): Query<T> {
  const { version } = useStatus();
  const [state, setState] = useState<Query<T>>({ data: undefined, error: null, loading: true });
  const seq = useRef(0);
  const depsKey = JSON.stringify(deps);
  const lastKey = useRef(depsKey);

  useEffect(() => {
    const mine = ++seq.current;
    const keyChanged = lastKey.current !== depsKey;
    lastKey.current = depsKey;
    setState((s) => ({ data: keyChanged ? undefined : s.data, error: null, loading: true }));
    load().then(
      (data) => {
        if (mine === seq.current) setState({ data, error: null, loading: false });
      },
      (e) => {
        if (mine === seq.current) setState((s) => ({ data: s.data, error: errorMessage(e), loading: false }));
      },
    );
    // load is recreated each render; depsKey and version decide when to run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [depsKey, version]);

  return state;
}
