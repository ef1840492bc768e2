// Mirrors the mail-import DTOs of app/dto.go and app/import_runner.go.

/** How the connection is protected. "plain" exists only for loopback tests and is never offered. */
export type MailSecurity = 'tls' | 'starttls';
/** How Parley signs in: a password, or an OAuth access token (SASL XOAUTH2). */
export type MailAuth = 'password' | 'xoauth2';

/** A mail account as Settings shows it (never its secret). */
export interface MailAccountView {
  id: string;
  name: string;
  host: string;
  port: number;
  security: MailSecurity | string;
  username: string;
  auth: MailAuth | string;
  /** Chosen folders; empty means Inbox, Sent and Archive found by the server's special-use flags. */
  folders: string[];
  /** Oldest day to import, "2025-01-31"; "" imports everything. */
  since: string;
  myAddresses: string[];
}

/** One folder of a mail account, as testing the connection found it. */
export interface FolderView {
  name: string;
  specialUse: string;
  /** Imported unless the rep says otherwise. */
  default: boolean;
}

/** What testing a mail account found. A failure is ok=false with a message, never a thrown error. */
export interface ConnectionResult {
  ok: boolean;
  message: string;
  folders: FolderView[];
  /** New mail arrives at once (the server supports IDLE). */
  idle: boolean;
}

/** The rules that decide what is customer history. */
export interface ClassifySettings {
  /** Beyond each mail account's own addresses. */
  myAddresses: string[];
  /** My company's domains; empty means the domain of my address. */
  internalDomains: string[];
  /** Added to the built-in list of free-mail providers. */
  freeMailDomains: string[];
  /** Senders or domains that always count as customers. */
  include: string[];
  /** Senders or domains that never do. */
  exclude: string[];
  listMailIsHistory: boolean;
}

/** A message kept out of customer history, and why (the reason is already in words). */
export interface LeftOutItem {
  id: string;
  threadId: string;
  date: number;
  from: string;
  address: string;
  subject: string;
  reason: string;
}
