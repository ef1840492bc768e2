// Checks and tidies the classification rules before they are saved. Pure.
import type { ClassifySettings } from '../../api';

const domainPattern = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/;
const addressPattern = /^[^\s@]+@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/;

export const isDomain = (s: string) => domainPattern.test(s);
export const isAddress = (s: string) => addressPattern.test(s);

/** Lower case, trimmed, without a leading "@", no blanks or repeats. */
export function cleanList(values: string[]): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const v = raw.trim().toLowerCase().replace(/^@/, '');
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

type Problems = Partial<Record<'myAddresses' | 'internalDomains' | 'freeMailDomains' | 'include' | 'exclude', string>>;

/** What is wrong, field by field, in words; empty when the rules can be saved. */
export function checkRules(s: ClassifySettings): Problems {
  const p: Problems = {};
  const bad = (list: string[], ok: (v: string) => boolean) => list.find((v) => !ok(v));
  let b = bad(s.myAddresses, isAddress);
  if (b) p.myAddresses = `"${b}" is not an email address.`;
  b = bad(s.internalDomains, isDomain);
  if (b) p.internalDomains = `"${b}" is not a domain (company.com).`;
  b = bad(s.freeMailDomains, isDomain);
  if (b) p.freeMailDomains = `"${b}" is not a domain (mail.example).`;
  const either = (v: string) => isAddress(v) || isDomain(v);
  b = bad(s.include, either);
  if (b) p.include = `"${b}" is neither an address nor a domain.`;
  b = bad(s.exclude, either);
  if (b) p.exclude = `"${b}" is neither an address nor a domain.`;
  const both = s.include.find((v) => s.exclude.includes(v));
  if (both) p.exclude = `"${both}" is in both lists; keep it in one.`;
  return p;
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function sameRules(a: ClassifySettings, b: ClassifySettings): boolean {
  return (
    same(a.myAddresses, b.myAddresses) &&
    same(a.internalDomains, b.internalDomains) &&
    same(a.freeMailDomains, b.freeMailDomains) &&
    same(a.include, b.include) &&
    same(a.exclude, b.exclude) &&
    a.listMailIsHistory === b.listMailIsHistory
  );
}
