import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call, errorMessage, onEvent } from './call';
import { accounts, timeline } from './index';

afterEach(() => {
  delete window.go;
  delete window.runtime;
  vi.useRealTimers();
});

describe('errorMessage', () => {
  it('keeps a Go error string and capitalises it', () => {
    expect(errorMessage('store: account acc-1: not found')).toBe('Store: account acc-1: not found');
  });
  it('reads Error objects and {message} objects from the HTTP shim', () => {
    expect(errorMessage(new Error('wrong passphrase'))).toBe('Wrong passphrase');
    expect(errorMessage({ message: 'workspace is locked' })).toBe('Workspace is locked');
    expect(errorMessage({ error: 'bad request' })).toBe('Bad request');
  });
  it('never returns an empty message', () => {
    for (const r of [undefined, null, '', '   ', {}, 42]) {
      expect(errorMessage(r)).toMatch(/went wrong/);
    }
  });
  it('explains a lost connection in plain words', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toMatch(/could not reach/);
  });
});

describe('call', () => {
  it('calls window.go.app.Service.Method with the arguments', async () => {
    const list = vi.fn(async (f: unknown) => [{ id: 'a', name: `match ${f}` }]);
    window.go = { app: { AccountService: { List: list } } };
    await expect(call('AccountService', 'List', 'acme')).resolves.toEqual([{ id: 'a', name: 'match acme' }]);
    expect(list).toHaveBeenCalledWith('acme');
  });

  it('turns a rejected plain string into an ApiError with a readable message', async () => {
    window.go = { app: { WorkspaceService: { Unlock: () => Promise.reject('crypto: wrong passphrase') } } };
    const err = (await call('WorkspaceService', 'Unlock', 'x').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('Crypto: wrong passphrase');
    expect(err.method).toBe('WorkspaceService.Unlock');
  });

  it('waits for bindings installed after start, then fails clearly when they never come', async () => {
    setTimeout(() => {
      window.go = { app: { TimelineService: { Recent: async () => [] } } };
    }, 100);
    await expect(call('TimelineService', 'Recent', 30)).resolves.toEqual([]);

    vi.useFakeTimers();
    const p = call('NoService', 'Nope').catch((e: ApiError) => e);
    await vi.advanceTimersByTimeAsync(3500);
    const err = (await p) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/NoService\.Nope is missing/);
  });
});

describe('wrappers', () => {
  it('turn null lists from Go into empty arrays', async () => {
    window.go = {
      app: {
        AccountService: {
          List: async () => null,
          Get: async () => ({ account: { id: 'a', name: 'A', domains: null }, contacts: null, timeline: [{ id: 't', people: null }] }),
        },
        TimelineService: { Thread: async () => ({ id: 't', messages: [{ id: 'm', to: null, cc: null, attachments: null }] }) },
      },
    };
    expect(await accounts.list('')).toEqual([]);
    const d = await accounts.get('a');
    expect(d.account.domains).toEqual([]);
    expect(d.contacts).toEqual([]);
    expect(d.timeline[0].people).toEqual([]);
    const t = await timeline.thread('t');
    expect(t.messages[0]).toMatchObject({ to: [], cc: [], attachments: [] });
  });
});

describe('onEvent', () => {
  it('subscribes with EventsOnMultiple(name, cb, -1) and returns its unsubscribe', () => {
    const off = vi.fn();
    const on = vi.fn((_n: string, _cb: (...d: unknown[]) => void, _max: number) => off);
    window.runtime = { EventsOnMultiple: on };
    const got: unknown[] = [];
    const unsubscribe = onEvent('import', (p) => got.push(p));
    expect(on).toHaveBeenCalledWith('import', expect.any(Function), -1);
    on.mock.calls[0][1]({ done: 3 });
    expect(got).toEqual([{ done: 3 }]);
    unsubscribe();
    expect(off).toHaveBeenCalledOnce();
  });
  it('is a no-op without a runtime', () => {
    expect(() => onEvent('status', () => {})()).not.toThrow();
  });
});
