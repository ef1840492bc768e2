// Helpers for the left-out list. Pure.
import type { LeftOutItem } from '../../api';

/** The domain of a sender's address, or "" when it has none. */
export function senderDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(at + 1).trim().toLowerCase() : '';
}

/** Each reason with how many rows have it, the most common first. */
export function reasonCounts(items: LeftOutItem[]): [string, number][] {
  const m = new Map<string, number>();
  for (const i of items) m.set(i.reason, (m.get(i.reason) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

// Reasons come from app/crm/classify.go (LeftOut*); unknown ones are grey.
const colors: [RegExp, string][] = [
  [/internal/i, 'blue'],
  [/newsletter|notification/i, 'orange'],
  [/mailing list/i, 'violet'],
  [/personal/i, 'pink'],
  [/excluded|settings/i, 'gray'],
];

export function reasonColor(reason: string): string {
  return colors.find(([re]) => re.test(reason))?.[1] ?? 'gray';
}
