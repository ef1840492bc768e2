// Keyboard shortcuts: single keys ("n"), chords ("mod+k", "alt+1") and
// two-step sequences ("g t"). Kept free of React so it can be tested with
// plain KeyboardEvents.

export interface Shortcut {
  /** Space separates steps; '+' joins modifiers: "mod+k", "g a", "escape". */
  keys: string;
  run: (e: KeyboardEvent) => void;
  /** Fire even while typing in a field (for mod+k and escape). */
  inInputs?: boolean;
}

export interface ShortcutOptions {
  /** How long the first key of a sequence waits for the second. */
  sequenceMs?: number;
  /** mod means Cmd on macOS and Ctrl elsewhere. */
  isMac?: boolean;
  now?: () => number;
}

const modifierKeys = new Set(['control', 'meta', 'alt', 'shift']);

/** Canonical text of one step: modifiers in a fixed order, then the key. */
function canonicalStep(step: string, isMac: boolean): string {
  const parts = step.toLowerCase().split('+').map((p) => p.trim());
  const key = parts.pop() ?? '';
  const mods = new Set(parts.map((m) => (m === 'mod' ? (isMac ? 'meta' : 'ctrl') : m === 'cmd' ? 'meta' : m)));
  return [...['ctrl', 'meta', 'alt', 'shift'].filter((m) => mods.has(m)), normaliseKey(key)].join('+');
}

function normaliseKey(key: string): string {
  const k = key.toLowerCase();
  if (k === 'esc') return 'escape';
  if (k === ' ' || k === 'spacebar') return 'space';
  return k;
}

/** The step a KeyboardEvent stands for, or '' for a lone modifier. */
export function eventStep(e: KeyboardEvent): string {
  let key = normaliseKey(e.key ?? '');
  if (modifierKeys.has(key)) return '';
  // Alt+digit types a symbol on macOS and some layouts: use the physical key.
  if (e.code && /^Digit\d$/.test(e.code) && (e.altKey || e.ctrlKey || e.metaKey)) key = e.code.slice(5);
  else if (e.code && /^Key[A-Z]$/.test(e.code) && (e.altKey || e.ctrlKey || e.metaKey)) key = e.code.slice(3).toLowerCase();
  const mods: string[] = [];
  if (e.ctrlKey) mods.push('ctrl');
  if (e.metaKey) mods.push('meta');
  if (e.altKey) mods.push('alt');
  // Shift matters only for named keys; for characters it is already in e.key.
  if (e.shiftKey && key.length > 1) mods.push('shift');
  return [...mods, key].join('+');
}

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}

/**
 * Returns a keydown listener that runs the matching shortcut and reports
 * whether it handled the event.
 */
export function createShortcutHandler(shortcuts: Shortcut[], opts: ShortcutOptions = {}) {
  const isMac = opts.isMac ?? /mac/i.test(typeof navigator !== 'undefined' ? navigator.platform : '');
  const sequenceMs = opts.sequenceMs ?? 1200;
  const now = opts.now ?? (() => Date.now());
  const table = shortcuts.map((s) => ({
    ...s,
    steps: s.keys.trim().split(/\s+/).map((st) => canonicalStep(st, isMac)),
  }));
  let pending: string | null = null;
  let pendingAt = 0;

  return function onKeyDown(e: KeyboardEvent): boolean {
    if (e.defaultPrevented || e.isComposing) return false;
    const step = eventStep(e);
    if (!step) return false;
    const typing = isTypingTarget(e.target);
    const usable = table.filter((s) => !typing || s.inInputs);

    if (pending && now() - pendingAt > sequenceMs) pending = null;
    if (pending) {
      const first = pending;
      pending = null;
      const hit = usable.find((s) => s.steps.length === 2 && s.steps[0] === first && s.steps[1] === step);
      if (hit) {
        e.preventDefault();
        hit.run(e);
        return true;
      }
    }
    const single = usable.find((s) => s.steps.length === 1 && s.steps[0] === step);
    if (single) {
      e.preventDefault();
      single.run(e);
      return true;
    }
    if (usable.some((s) => s.steps.length === 2 && s.steps[0] === step)) {
      pending = step;
      pendingAt = now();
      return true;
    }
    return false;
  };
}
