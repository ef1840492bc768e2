// A stand-in for api/importApi's mailImport, merged into createMockApi.
import { vi } from 'vitest';
import type { ClassifySettings, ConnectionResult, LeftOutItem, MailAccountView } from '../api/importTypes';

export const emptyRules: ClassifySettings = {
  myAddresses: [],
  internalDomains: [],
  freeMailDomains: [],
  include: [],
  exclude: [],
  listMailIsHistory: false,
};

export function createMockImportApi() {
  return {
    accounts: vi.fn(async () => [] as MailAccountView[]),
    testAccount: vi.fn(async (): Promise<ConnectionResult> => ({ ok: false, message: '', folders: [], idle: false })),
    addAccount: vi.fn(async (a: MailAccountView, _secret: string) => a),
    removeAccount: vi.fn(async (_id: string) => {}),
    pause: vi.fn(async () => {}),
    resume: vi.fn(async () => {}),
    checkNow: vi.fn(async () => {}),
    settings: vi.fn(async () => ({ ...emptyRules })),
    saveSettings: vi.fn(async (_s: ClassifySettings) => {}),
    override: vi.fn(async (_what: string, _include: boolean) => {}),
    leftOut: vi.fn(async (_limit: number) => [] as LeftOutItem[]),
  };
}
