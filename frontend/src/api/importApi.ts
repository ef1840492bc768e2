// Typed wrappers over ImportService: mail accounts, the running import,
// the classification rules and the mail they leave out.
import { call } from './call';
import type { ClassifySettings, ConnectionResult, LeftOutItem, MailAccountView } from './importTypes';

export type * from './importTypes';

const svc = 'ImportService';
const list = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v : []);

function fixAccount(a: MailAccountView): MailAccountView {
  return { ...a, folders: list(a.folders), myAddresses: list(a.myAddresses), since: a.since ?? '' };
}

function fixSettings(s: ClassifySettings | null): ClassifySettings {
  return {
    myAddresses: list(s?.myAddresses),
    internalDomains: list(s?.internalDomains),
    freeMailDomains: list(s?.freeMailDomains),
    include: list(s?.include),
    exclude: list(s?.exclude),
    listMailIsHistory: !!s?.listMailIsHistory,
  };
}

export const mailImport = {
  accounts: async () => list(await call<MailAccountView[] | null>(svc, 'Accounts')).map(fixAccount),
  /** Signs in and lists folders without saving; a bad password is ok=false, not a rejection. */
  testAccount: async (acct: MailAccountView, secret: string): Promise<ConnectionResult> => {
    const r = await call<ConnectionResult>(svc, 'TestAccount', acct, secret);
    return { ok: !!r?.ok, message: r?.message ?? '', idle: !!r?.idle, folders: list(r?.folders) };
  },
  /** Tests, saves and starts importing; rejects with the plain-words reason. */
  addAccount: async (acct: MailAccountView, secret: string) =>
    fixAccount(await call<MailAccountView>(svc, 'AddAccount', acct, secret)),
  removeAccount: (id: string) => call<void>(svc, 'RemoveAccount', id),
  pause: () => call<void>(svc, 'Pause'),
  resume: () => call<void>(svc, 'Resume'),
  checkNow: () => call<void>(svc, 'CheckNow'),
  settings: async () => fixSettings(await call<ClassifySettings | null>(svc, 'Settings')),
  saveSettings: (s: ClassifySettings) => call<void>(svc, 'SaveSettings', fixSettings(s)),
  /** Makes a sender or a whole domain always (include) or never count as a customer. */
  override: (senderOrDomain: string, include: boolean) => call<void>(svc, 'Override', senderOrDomain, include),
  leftOut: async (limit: number) => list(await call<LeftOutItem[] | null>(svc, 'LeftOut', limit)),
};
