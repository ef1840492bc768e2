import { describe, expect, it, vi } from 'vitest';
import { createShortcutHandler, eventStep } from './shortcuts';

function key(k: string, init: KeyboardEventInit = {}, target?: HTMLElement): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init });
  if (target) Object.defineProperty(e, 'target', { value: target });
  return e;
}

describe('eventStep', () => {
  it('canonicalises modifiers and uses the physical digit with Alt', () => {
    expect(eventStep(key('k', { ctrlKey: true }))).toBe('ctrl+k');
    expect(eventStep(key('\u00a1', { altKey: true, code: 'Digit1' }))).toBe('alt+1');
    expect(eventStep(key('Escape'))).toBe('escape');
    expect(eventStep(key('Control', { ctrlKey: true }))).toBe('');
  });
});

describe('createShortcutHandler', () => {
  const setup = (isMac = false) => {
    const ran: string[] = [];
    let t = 0;
    const handler = createShortcutHandler(
      [
        { keys: 'mod+k', inInputs: true, run: () => ran.push('palette') },
        { keys: 'g t', run: () => ran.push('today') },
        { keys: 'g a', run: () => ran.push('accounts') },
        { keys: 'alt+2', inInputs: true, run: () => ran.push('accounts') },
        { keys: 'n', run: () => ran.push('capture') },
      ],
      { isMac, now: () => t },
    );
    return { ran, handler, advance: (ms: number) => (t += ms) };
  };

  it('maps mod to Ctrl off macOS and to Cmd on macOS', () => {
    const pc = setup(false);
    pc.handler(key('k', { metaKey: true }));
    pc.handler(key('k', { ctrlKey: true }));
    expect(pc.ran).toEqual(['palette']);
    const mac = setup(true);
    mac.handler(key('k', { ctrlKey: true }));
    mac.handler(key('k', { metaKey: true }));
    expect(mac.ran).toEqual(['palette']);
  });

  it('runs two-step sequences and prevents the default action', () => {
    const { ran, handler } = setup();
    handler(key('g'));
    const e = key('a');
    expect(handler(e)).toBe(true);
    expect(e.defaultPrevented).toBe(true);
    expect(ran).toEqual(['accounts']);
  });

  it('forgets a sequence prefix after the timeout', () => {
    const { ran, handler, advance } = setup();
    handler(key('g'));
    advance(5000);
    handler(key('t'));
    expect(ran).toEqual([]);
  });

  it('ignores plain keys while typing but lets chords through', () => {
    const { ran, handler } = setup();
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    expect(handler(key('n', {}, input))).toBe(false);
    handler(key('g', {}, area));
    handler(key('t', {}, area));
    handler(key('k', { ctrlKey: true }, input));
    handler(key('2', { altKey: true, code: 'Digit2' }, area));
    expect(ran).toEqual(['palette', 'accounts']);
  });

  it('does not fire a single key that has modifiers the binding lacks', () => {
    const { ran, handler } = setup();
    handler(key('n', { ctrlKey: true }));
    expect(ran).toEqual([]);
    handler(key('n'));
    expect(ran).toEqual(['capture']);
  });

  it('leaves events alone that nothing matches', () => {
    const run = vi.fn();
    const handler = createShortcutHandler([{ keys: 'n', run }], { isMac: false });
    const e = key('x');
    expect(handler(e)).toBe(false);
    expect(e.defaultPrevented).toBe(false);
    expect(run).not.toHaveBeenCalled();
  });
});
