import { describe, expect, it } from 'vitest';
import { dayBucket, formatBytes, formatEta, formatRate, relativeTime } from './time';
import { importNumbers, searchPhrase, syncPhrase } from './importText';
import { makeStatus } from '../test/fixtures';

const now = new Date('2026-11-25T12:00:00Z').getTime();
const min = 60_000;
const h = 60 * min;
const d = 24 * h;

describe('relativeTime', () => {
  it.each([
    [now - 20_000, 'just now'],
    [now - 5 * min, '5 min ago'],
    [now - 59 * min, '59 min ago'],
    [now - 3 * h, '3 h ago'],
    [now - 23 * h, '23 h ago'],
    [now - 30 * h, 'yesterday'],
    [now - 4 * d, '4 days ago'],
    [now - 15 * d, '2 wk ago'],
    [now + 20_000, 'just now'],
    [now + 3 * h, 'in 3 h'],
  ])('%s reads %s', (at, want) => {
    expect(relativeTime(at, now)).toBe(want);
  });
  it('counts calendar days past 24 hours, agreeing with the day headings', () => {
    const earlyMorning = new Date(2026, 10, 25, 5, 0).getTime();
    const twoDaysBack = new Date(2026, 10, 23, 23, 0).getTime(); // 30 h earlier
    expect(relativeTime(twoDaysBack, earlyMorning)).toBe('2 days ago');
    expect(dayBucket(twoDaysBack, earlyMorning)).toBe('This week');
  });
  it('shows a date for old times, with the year only when it differs', () => {
    expect(relativeTime(now - 60 * d, now)).toBe('26 Sept');
    expect(relativeTime(new Date('2024-03-12T10:00:00Z').getTime(), now)).toBe('12 Mar 2024');
  });
  it('says never for 0', () => {
    expect(relativeTime(0, now)).toBe('never');
  });
});

describe('number formats', () => {
  it('formats ETA, sizes and rates', () => {
    expect(formatEta(0)).toBe('');
    expect(formatEta(45)).toBe('45 s');
    expect(formatEta(720)).toBe('12 min');
    expect(formatEta(7500)).toBe('2 h 5 min');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12_800)).toBe('13 KB');
    expect(formatBytes(3_500_000)).toBe('3.3 MB');
    expect(formatRate(42.5)).toBe('43/s');
    expect(formatRate(2.25)).toBe('2.3/s');
  });
});

describe('import and sync phrases', () => {
  it('describes a running import with count, rate and ETA', () => {
    const s = makeStatus();
    expect(importNumbers(s.import)).toBe('1,200 of 5,000 \u00b7 43/s \u00b7 about 2 min left');
  });
  it('leaves rate and ETA out while paused', () => {
    const s = makeStatus();
    expect(importNumbers({ ...s.import, paused: true })).toBe('1,200 of 5,000');
  });
  it('says a finished import is finished, not idle', () => {
    const done = { ...makeStatus().import, running: false, phase: 'idle', done: 173, total: 173, rate: 0, etaSec: 0 };
    expect(importNumbers(done)).toBe('173 messages');
    expect(importNumbers({ ...done, done: 0, total: 0 })).toBe('');
  });
  it('describes sync state', () => {
    expect(syncPhrase({ configured: false, pending: 0, lastSync: 0, error: '' })).toBe('Team sync not set up');
    expect(syncPhrase({ configured: true, pending: 3, lastSync: now - 5 * min, error: '' }, now)).toBe(
      '3 to send \u00b7 synced 5 min ago',
    );
    expect(syncPhrase({ configured: true, pending: 3, lastSync: 0, error: 'The team server is unreachable.' })).toBe(
      'The team server is unreachable.',
    );
  });
});

describe('searchPhrase', () => {
  it('stays quiet when search is ready and speaks up otherwise', () => {
    expect(searchPhrase(undefined)).toBe('');
    expect(searchPhrase({ state: 'ready', done: 0, total: 0, error: '' })).toBe('');
    expect(searchPhrase({ state: 'rebuilding', done: 250, total: 1000, error: '' })).toBe('Rebuilding search 25%');
    expect(searchPhrase({ state: 'catching up', done: 0, total: 0, error: '' })).toBe('Search catching up');
    expect(searchPhrase({ state: 'error', done: 0, total: 0, error: 'The search index is damaged; Parley is rebuilding it.' })).toBe(
      'The search index is damaged; Parley is rebuilding it.',
    );
  });
});

describe('dayBucket', () => {
  it('groups by calendar day, not by 24-hour spans', () => {
    const morning = new Date(2026, 10, 25, 9, 0).getTime();
    expect(dayBucket(new Date(2026, 10, 25, 0, 5).getTime(), morning)).toBe('Today');
    expect(dayBucket(new Date(2026, 10, 24, 23, 55).getTime(), morning)).toBe('Yesterday');
    expect(dayBucket(new Date(2026, 10, 20, 12, 0).getTime(), morning)).toBe('This week');
    expect(dayBucket(new Date(2026, 10, 10, 12, 0).getTime(), morning)).toBe('Earlier');
  });
});
