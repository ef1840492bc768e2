import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveSearch } from './liveSearch';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('liveSearch', () => {
  it('asks once after typing pauses', async () => {
    const run = vi.fn(async (t: string) => t.toUpperCase());
    const onResult = vi.fn();
    const s = liveSearch({ run, onResult, delayMs: 100 });
    s.update('r');
    s.update('re');
    await vi.advanceTimersByTimeAsync(60);
    s.update('ren');
    await vi.advanceTimersByTimeAsync(99);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith('ren');
    expect(onResult).toHaveBeenCalledWith('ren', 'REN');
  });

  it('drops an answer that arrives after a newer question', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const run = vi.fn().mockReturnValueOnce(slow.promise).mockReturnValueOnce(fast.promise);
    const onResult = vi.fn();
    const s = liveSearch({ run, onResult, delayMs: 100 });
    s.update('renew');
    await vi.advanceTimersByTimeAsync(100);
    s.update('renewal');
    await vi.advanceTimersByTimeAsync(100);
    fast.resolve('new');
    await vi.advanceTimersByTimeAsync(0);
    slow.resolve('old');
    await vi.advanceTimersByTimeAsync(0);
    expect(onResult.mock.calls).toEqual([['renewal', 'new']]);
  });

  it('clears at once for an empty text and drops in-flight answers', async () => {
    const d = deferred<string>();
    const onResult = vi.fn();
    const onClear = vi.fn();
    const s = liveSearch({ run: () => d.promise, onResult, onClear });
    s.update('x');
    await vi.advanceTimersByTimeAsync(100);
    s.update('  ');
    expect(onClear).toHaveBeenCalledTimes(1);
    d.resolve('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(onResult).not.toHaveBeenCalled();
  });

  it('reports errors only for the current question', async () => {
    const onError = vi.fn();
    const s = liveSearch({ run: () => Promise.reject(new Error('boom')), onResult: vi.fn(), onError, delayMs: 10 });
    s.update('a');
    await vi.advanceTimersByTimeAsync(10);
    expect(onError).toHaveBeenCalledWith('a', expect.any(Error));
    s.update('b');
    s.cancel();
    await vi.advanceTimersByTimeAsync(20);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
