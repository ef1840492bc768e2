// The add-account form's values, checks and conversion to what
// ImportService.TestAccount / AddAccount take. Pure, so it is unit-tested.
import type { FolderView, MailAccountView, MailAuth, MailSecurity } from '../../api';

export interface AccountFormValues {
  email: string;
  username: string;
  host: string;
  port: number | '';
  security: MailSecurity;
  auth: MailAuth;
  secret: string;
  myAddresses: string[];
  since: string;
  /** Folders ticked after a test; only sent when they differ from the server's defaults. */
  folders: string[];
}

export const defaultPorts: Record<MailSecurity, number> = { tls: 993, starttls: 143 };

export const emptyAccountForm: AccountFormValues = {
  email: '',
  username: '',
  host: '',
  port: 993,
  security: 'tls',
  auth: 'password',
  secret: '',
  myAddresses: [],
  since: '',
  folders: [],
};

export type AccountFormErrors = Partial<Record<keyof AccountFormValues, string>>;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const hostPattern = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i;

export function isEmail(s: string): boolean {
  return emailPattern.test(s.trim());
}

/** Checks what the server would refuse anyway, so the rep hears it at once. */
export function validateAccount(v: AccountFormValues, found: FolderView[] = [], today = new Date()): AccountFormErrors {
  const e: AccountFormErrors = {};
  if (!v.email.trim()) e.email = 'Enter your email address.';
  else if (!isEmail(v.email)) e.email = 'This does not look like an email address (name@company.com).';
  if (!v.username.trim()) e.username = 'Enter the user name for the mail server, usually your email address.';
  if (!v.host.trim()) e.host = 'Enter the mail server, for example imap.company.com.';
  else if (!hostPattern.test(v.host.trim())) e.host = 'A server name has only letters, digits, dots and dashes.';
  if (v.port === '' || !Number.isInteger(v.port) || v.port < 1 || v.port > 65535) e.port = 'A port is a number from 1 to 65535.';
  if (!v.secret) e.secret = v.auth === 'xoauth2' ? 'Paste the access token.' : 'Enter the password.';
  if (v.since) {
    const d = /^\d{4}-\d{2}-\d{2}$/.test(v.since) ? new Date(`${v.since}T00:00:00`) : null;
    if (!d || Number.isNaN(d.getTime())) e.since = 'Pick a date, or leave it empty to import everything.';
    else if (d > today) e.since = 'Pick a day in the past.';
  }
  const bad = v.myAddresses.find((a) => !isEmail(a));
  if (bad) e.myAddresses = `"${bad}" is not an email address.`;
  if (found.length > 0 && v.folders.length === 0) e.folders = 'Pick at least one folder to import.';
  return e;
}

/** The folders a successful test pre-ticks. */
export function defaultFolders(found: FolderView[]): string[] {
  return found.filter((f) => f.default).map((f) => f.name);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * The account as ImportService takes it. Folders are sent only when the
 * rep changed the default choice: an empty list lets the importer find
 * Inbox, Sent and Archive itself, which also follows later renames.
 */
export function toAccountView(v: AccountFormValues, found: FolderView[] = []): MailAccountView {
  const email = v.email.trim().toLowerCase();
  const mine = v.myAddresses.map((a) => a.trim().toLowerCase()).filter(Boolean);
  const folders = found.length > 0 && !sameSet(v.folders, defaultFolders(found)) ? [...v.folders] : [];
  return {
    id: '',
    name: email,
    host: v.host.trim().toLowerCase(),
    port: typeof v.port === 'number' ? v.port : 0,
    security: v.security,
    username: v.username.trim(),
    auth: v.auth,
    folders,
    since: v.since,
    myAddresses: mine.length ? mine : email ? [email] : [],
  };
}

/** Words for an account's folder choice. */
export function foldersWords(folders: string[]): string {
  return folders.length ? folders.join(', ') : 'Inbox, Sent and Archive';
}
