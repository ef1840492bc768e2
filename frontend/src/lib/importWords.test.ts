import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../api/types';
import { canPause, foldersByAccount, importFolderLine, importState } from './importWords';

const p = (over: Partial<ImportProgress>): ImportProgress => ({
  running: false, paused: false, phase: 'idle', folder: '', done: 0, total: 0, rate: 0, etaSec: 0, error: '', folders: [], ...over,
});

describe('importState', () => {
  it('puts an error and a pause before the phase', () => {
    expect(importState(p({ phase: 'fetching', error: 'the mail server cannot be reached' })).words).toBe('The mail server cannot be reached');
    expect(importState(p({ phase: 'error' })).key).toBe('error');
    expect(importState(p({ phase: 'backfill', paused: true })).key).toBe('paused');
  });
  it('calls an idle import that brought everything in done, and an unknown running phase importing', () => {
    expect(importState(p({ done: 10, total: 10 })).key).toBe('done');
    expect(importState(p({})).key).toBe('idle');
    expect(importState(p({ phase: 'whatever', running: true })).words).toBe('Importing newest mail');
    expect(importState(undefined).key).toBe('idle');
  });
  it('marks only connecting to backfill as moving', () => {
    const moving = ['connecting', 'planning', 'fetching', 'backfill', 'live', 'offline'].filter((ph) => importState(p({ phase: ph })).moving);
    expect(moving).toEqual(['connecting', 'planning', 'fetching', 'backfill']);
  });
});

describe('helpers', () => {
  it('names the folder only while fetching or catching up', () => {
    expect(importFolderLine(p({ phase: 'backfill', folder: 'Sent' }))).toBe('Now in Sent');
    expect(importFolderLine(p({ phase: 'live', folder: 'Sent' }))).toBe('');
    expect(importFolderLine(p({ phase: 'fetching', folder: 'Sent', paused: true }))).toBe('');
  });
  it('offers pause only when there is something to hold', () => {
    expect(canPause(p({ phase: 'live' }))).toBe(true);
    expect(canPause(p({ phase: 'idle' }))).toBe(false);
    expect(canPause(p({ phase: 'error' }))).toBe(false);
    expect(canPause(p({ phase: 'fetching', paused: true }))).toBe(false);
  });
  it('groups folders by account in arrival order', () => {
    const g = foldersByAccount(p({ folders: [
      { account: 'b', folder: 'INBOX', done: 0, total: 1 },
      { account: 'a', folder: 'INBOX', done: 0, total: 1 },
      { account: 'b', folder: 'Sent', done: 0, total: 1 },
    ] }));
    expect(g.map((x) => [x.account, x.folders.map((f) => f.folder)])).toEqual([['b', ['INBOX', 'Sent']], ['a', ['INBOX']]]);
  });
});
