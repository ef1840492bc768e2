// A stand-in for the api module: screens are tested against it, with the
// real components. Each test sets what the backend answers.
import { vi } from 'vitest';
import { makeStatus } from './fixtures';
import { createMockImportApi } from './mockImportApi';

export function createMockApi() {
  return {
    workspace: {
      status: vi.fn(async () => makeStatus()),
      unlock: vi.fn(),
      setPassphrase: vi.fn(),
      chooseDemo: vi.fn(),
    },
    accounts: { list: vi.fn(async () => [] as unknown[]), get: vi.fn() },
    timeline: { recent: vi.fn(async () => [] as unknown[]), thread: vi.fn() },
    activities: { capture: vi.fn() },
    contacts: { list: vi.fn(async () => [] as unknown[]) },
    search: {
      search: vi.fn(async () => ({ total: 0, tookMs: 1, read: '', notes: [], partial: false, hits: [], groups: [] }) as unknown),
      facets: vi.fn(async () => ({ total: 0, accounts: [], people: [], kinds: [], years: [] }) as unknown),
      suggest: vi.fn(async () => [] as unknown[]),
      matchedWords: vi.fn(async () => [] as string[]),
    },
    mailImport: createMockImportApi(),
    events: {
      onStatus: vi.fn(() => () => {}),
      onImport: vi.fn(() => () => {}),
      onChanged: vi.fn(() => () => {}),
    },
  };
}
