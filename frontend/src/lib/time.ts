// Times from the backend are Unix milliseconds; 0 means "never".

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then a
 * short date. Future times (clock skew) read as "just now" when close.
 */
export function relativeTime(at: number, now: number = Date.now()): string {
  if (!at) return 'never';
  const diff = now - at;
  if (diff < -minute) return 'in ' + span(-diff);
  if (diff < minute) return 'just now';
  if (diff < hour) return `${Math.floor(diff / minute)} min ago`;
  if (diff < day) return `${Math.floor(diff / hour)} h ago`;
  // Past a day, count calendar days so labels agree with day headings.
  const days = calendarDaysBetween(at, now);
  if (days <= 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  if (days < 30) return `${Math.floor(days / 7)} wk ago`;
  return shortDate(at, now);
}

function calendarDaysBetween(a: number, b: number): number {
  const da = new Date(a);
  const db = new Date(b);
  const ua = Date.UTC(da.getFullYear(), da.getMonth(), da.getDate());
  const ub = Date.UTC(db.getFullYear(), db.getMonth(), db.getDate());
  return Math.round((ub - ua) / day);
}

function span(ms: number): string {
  if (ms < hour) return `${Math.max(1, Math.round(ms / minute))} min`;
  if (ms < day) return `${Math.round(ms / hour)} h`;
  return `${Math.round(ms / day)} days`;
}

/** "12 Mar" this year, "12 Mar 2024" otherwise. */
export function shortDate(at: number, now: number = Date.now()): string {
  const d = new Date(at);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** Full date and time for tooltips and message headers. */
export function fullDateTime(at: number): string {
  if (!at) return '';
  return new Date(at).toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Seconds left as "45 s", "12 min", "2 h 5 min"; "" when unknown. */
export function formatEta(sec: number): string {
  if (!sec || sec < 0) return '';
  if (sec < 60) return `${Math.round(sec)} s`;
  const min = Math.round(sec / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function formatBytes(n: number): string {
  if (!n || n < 0) return '0 B';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function formatCount(n: number): string {
  return (n ?? 0).toLocaleString('en-US');
}

export function formatRate(perSec: number): string {
  if (!perSec || perSec <= 0) return '';
  return perSec < 10 ? `${perSec.toFixed(1)}/s` : `${Math.round(perSec)}/s`;
}

/** Buckets for grouping a list by recency: "Today", "Yesterday", "This week", "Earlier". */
export function dayBucket(at: number, now: number = Date.now()): string {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const today = start.getTime();
  if (at >= today) return 'Today';
  if (at >= today - day) return 'Yesterday';
  if (at >= today - 6 * day) return 'This week';
  return 'Earlier';
}
