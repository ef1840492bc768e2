// Search as you type: waits a short moment after the last keystroke, then
// asks; an answer that arrives after a newer question was asked is dropped,
// so a slow early answer never overwrites a fast later one.

export interface LiveSearch {
  /** Asks for `text` after the delay; an empty text clears at once. */
  update(text: string): void;
  /** Drops the pending question and any answer still in flight. */
  cancel(): void;
}

export interface LiveSearchOptions<T> {
  run: (text: string) => Promise<T>;
  onResult: (text: string, result: T) => void;
  onError?: (text: string, error: unknown) => void;
  /** Called for an empty text instead of running. */
  onClear?: () => void;
  delayMs?: number;
}

export function liveSearch<T>({ run, onResult, onError, onClear, delayMs = 100 }: LiveSearchOptions<T>): LiveSearch {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    seq++;
  };
  return {
    update(text: string) {
      cancel();
      const mine = seq;
      if (!text.trim()) {
        onClear?.();
        return;
      }
      timer = setTimeout(() => {
        timer = undefined;
        run(text).then(
          (r) => mine === seq && onResult(text, r),
          (e) => mine === seq && onError?.(text, e),
        );
      }, delayMs);
    },
    cancel,
  };
}
