import { describe, expect, it } from 'vitest';
import { emptyAccountForm, toAccountView, validateAccount } from './accountForm';
import { checkRules, cleanList } from './rules';
import { reasonCounts, senderDomain } from './leftOut';

const rules = { myAddresses: [], internalDomains: [], freeMailDomains: [], include: [], exclude: [], listMailIsHistory: false };

describe('account form', () => {
  const ok = { ...emptyAccountForm, email: 'rep@acme.example', username: 'rep@acme.example', host: 'imap.acme.example', secret: 'x' };
  it('accepts a complete form and refuses a bad port, a future since date and no folders', () => {
    expect(validateAccount(ok)).toEqual({});
    expect(validateAccount({ ...ok, port: 70000 }).port).toMatch(/1 to 65535/);
    expect(validateAccount({ ...ok, port: '' }).port).toBeDefined();
    expect(validateAccount({ ...ok, since: '2031-01-01' }, [], new Date('2026-11-25')).since).toBe('Pick a day in the past.');
    expect(validateAccount({ ...ok, since: '2025-02-30x' }).since).toBeDefined();
    expect(validateAccount({ ...ok, folders: [] }, [{ name: 'INBOX', specialUse: '', default: true }]).folders).toBeDefined();
    expect(validateAccount({ ...ok, myAddresses: ['me'] }).myAddresses).toBe('"me" is not an email address.');
  });
  it('falls back to the email as my address', () => {
    expect(toAccountView({ ...ok, email: ' Rep@Acme.example ' }).myAddresses).toEqual(['rep@acme.example']);
  });
});

describe('rules', () => {
  it('tidies lists', () => {
    expect(cleanList([' @Acme.example', 'acme.example', '', 'B.example'])).toEqual(['acme.example', 'b.example']);
  });
  it('says which entry is wrong, and refuses one in both lists', () => {
    expect(checkRules({ ...rules, internalDomains: ['acme.example', 'me@acme.example'] }).internalDomains).toMatch(/"me@acme.example" is not a domain/);
    expect(checkRules({ ...rules, include: ['x.example'], exclude: ['x.example'] }).exclude).toMatch(/both lists/);
    expect(checkRules({ ...rules, include: ['jane@x.example', 'xn--bcher-kva.example'] })).toEqual({});
  });
});

describe('left out', () => {
  it('finds the domain and counts reasons, most common first', () => {
    expect(senderDomain('Jane@Acme.Example')).toBe('acme.example');
    expect(senderDomain('nobody')).toBe('');
    const item = (reason: string) => ({ id: reason + Math.random(), threadId: '', date: 0, from: '', address: '', subject: '', reason });
    expect(reasonCounts([item('personal'), item('internal only'), item('internal only')])).toEqual([['internal only', 2], ['personal', 1]]);
  });
});
