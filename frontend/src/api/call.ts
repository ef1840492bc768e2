// The one place that touches window.go and window.runtime. In the desktop
// app Wails provides them; in `parley serve` an HTTP shim provides the same
// shape, so nothing here needs to know which.

type BoundMethod = (...args: unknown[]) => Promise<unknown>;
type BoundServices = Record<string, Record<string, BoundMethod>>;

interface WailsRuntime {
  EventsOnMultiple(name: string, cb: (...data: unknown[]) => void, maxCallbacks: number): () => void;
}

declare global {
  interface Window {
    go?: { app?: BoundServices };
    runtime?: WailsRuntime;
  }
}

/** An error from the backend, with a message a person can read. */
export class ApiError extends Error {
  readonly method: string;
  constructor(message: string, method: string) {
    super(message);
    this.name = 'ApiError';
    this.method = method;
  }
}

const fallback = 'Something went wrong, and the app did not say what.';

/**
 * Turns whatever a rejected binding gives us (Wails rejects with a plain
 * string; the HTTP shim may reject with an Error or a JSON object) into a
 * readable sentence.
 */
export function errorMessage(reason: unknown): string {
  let text = '';
  if (typeof reason === 'string') {
    text = reason;
  } else if (reason instanceof Error) {
    text = reason.message;
  } else if (reason && typeof reason === 'object') {
    const r = reason as Record<string, unknown>;
    const inner = r.message ?? r.error ?? r.Error;
    text = typeof inner === 'string' ? inner : '';
  }
  text = text.trim();
  // Go errors are wrapped as "prefix: prefix: cause"; keep them whole but
  // start with a capital so they read as sentences in the UI.
  if (!text) return fallback;
  if (/^failed to fetch$/i.test(text) || /networkerror/i.test(text)) {
    return 'Parley could not reach its background service. Is the app still running?';
  }
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function normaliseError(reason: unknown, method: string): ApiError {
  if (reason instanceof ApiError) return reason;
  return new ApiError(errorMessage(reason), method);
}

const bindingWaitMs = 3000;

function lookup(service: string, method: string): BoundMethod | undefined {
  return window.go?.app?.[service]?.[method];
}

// The shim may install window.go a moment after the page script starts.
async function waitForBinding(service: string, method: string): Promise<BoundMethod> {
  const start = Date.now();
  for (;;) {
    const fn = lookup(service, method);
    if (fn) return fn;
    if (Date.now() - start > bindingWaitMs) {
      throw new ApiError(
        `Parley's background service is not available (${service}.${method} is missing).`,
        `${service}.${method}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Calls a bound Go method and normalises any failure to an ApiError. */
export async function call<T>(service: string, method: string, ...args: unknown[]): Promise<T> {
  const name = `${service}.${method}`;
  try {
    const fn = lookup(service, method) ?? (await waitForBinding(service, method));
    return (await fn(...args)) as T;
  } catch (e) {
    throw normaliseError(e, name);
  }
}

/**
 * Subscribes to a backend event. Returns the unsubscribe function; when no
 * runtime is present (tests, a broken shim) it returns a no-op.
 */
export function onEvent<T>(name: string, cb: (payload: T) => void): () => void {
  const rt = window.runtime;
  if (!rt || typeof rt.EventsOnMultiple !== 'function') return () => {};
  const off = rt.EventsOnMultiple(name, (payload: unknown) => cb(payload as T), -1);
  return typeof off === 'function' ? off : () => {};
}
