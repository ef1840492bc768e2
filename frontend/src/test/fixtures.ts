import type { AccountDetail, AccountSummary, ContactSummary, Status, ThreadView, TimelineItem } from '../api/types';

export const now = Date.now();
const h = 3_600_000;

export function makeStatus(over: Partial<Status> = {}): Status {
  return {
    version: '0.1.0',
    state: 'open',
    message: '',
    demo: true,
    firstRun: false,
    online: true,
    dataDir: '/home/rep/.local/share/parley',
    keySource: 'passphrase',
    diskEncrypted: 'no',
    import: {
      running: true,
      paused: false,
      phase: 'fetching',
      folder: 'INBOX',
      done: 1200,
      total: 5000,
      rate: 42.5,
      etaSec: 90,
      error: '',
      folders: [{ account: 'rep@example.com', folder: 'INBOX', done: 1200, total: 5000 }],
    },
    sync: { configured: false, pending: 0, lastSync: 0, error: '' },
    counts: { accounts: 12, contacts: 48, threads: 310, messages: 1200, activities: 4 },
    ...over,
  };
}

export const acme: AccountSummary = {
  id: 'acc-acme',
  name: 'Acme Foods',
  domains: ['acme-foods.example', 'acme.example'],
  journey: 'Evaluating',
  lastAt: now - 3 * h,
  threadCount: 17,
  contactCount: 4,
};

export const borealis: AccountSummary = {
  id: 'acc-bor',
  name: 'Borealis Logistics',
  domains: ['borealis.example'],
  journey: '',
  lastAt: now - 50 * h,
  threadCount: 3,
  contactCount: 1,
};

export const maria: ContactSummary = {
  id: 'c-maria',
  name: 'Maria Lindqvist',
  addresses: ['maria@acme-foods.example'],
  title: 'Head of Purchasing',
  role: 'Decision maker',
  accountId: acme.id,
  accountName: acme.name,
  lastAt: now - 3 * h,
};

export const emailItem: TimelineItem = {
  kind: 'email',
  id: 'thr-1',
  at: now - 3 * h,
  title: 'Pricing for the spring order',
  snippet: 'Could you send the updated price list before Friday?',
  people: ['Maria Lindqvist'],
  accountId: acme.id,
  accountName: acme.name,
  count: 4,
  direction: 'in',
};

export const noteItem: TimelineItem = {
  kind: 'note',
  id: 'act-1',
  at: now - 26 * h,
  title: 'Visited the Malmo warehouse',
  snippet: 'They want pallets delivered on Tuesdays.',
  people: [],
  accountId: acme.id,
  accountName: acme.name,
  count: 0,
  direction: '',
};

export const acmeDetail: AccountDetail = {
  account: acme,
  contacts: [maria, { ...maria, id: 'c-olle', name: 'Olle Berg', title: 'Warehouse manager', role: 'User', lastAt: now - 400 * h }],
  timeline: [emailItem, noteItem],
};

export const thread: ThreadView = {
  id: 'thr-1',
  subject: 'Pricing for the spring order',
  accountId: acme.id,
  accountName: acme.name,
  messages: [
    {
      id: 'm1',
      from: { name: 'Maria Lindqvist', address: 'maria@acme-foods.example', contactId: 'c-maria' },
      to: [{ name: 'Rep', address: 'rep@seller.example', contactId: '' }],
      cc: [{ name: 'Olle Berg', address: 'olle@acme-foods.example', contactId: 'c-olle' }],
      date: now - 5 * h,
      subject: 'Pricing for the spring order',
      body: 'Hi,\n<b>Could</b> you send the updated price list before Friday?',
      quoted: '> On Monday you wrote:\n> prices are going up',
      truncated: false,
      direction: 'in',
      attachments: [{ name: 'order-2026.pdf', contentType: 'application/pdf', size: 12_800, kept: true }],
      unparsed: '',
    },
    {
      id: 'm2',
      from: { name: 'Rep', address: 'rep@seller.example', contactId: '' },
      to: [{ name: 'Maria Lindqvist', address: 'maria@acme-foods.example', contactId: 'c-maria' }],
      cc: [],
      date: now - 3 * h,
      subject: 'Re: Pricing for the spring order',
      body: '',
      quoted: '',
      truncated: false,
      direction: 'out',
      attachments: [],
      unparsed: 'The message uses a character set Parley does not know (x-unknown).',
    },
  ],
};
