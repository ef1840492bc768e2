import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../api';
import { acme, acmeDetail, borealis, emailItem, makeStatus, maria, noteItem, thread } from '../test/fixtures';
import { renderApp } from '../test/render';
import { dayBucket } from '../lib/time';
import { AccountPage } from './AccountPage';
import { Accounts } from './Accounts';
import { Settings } from './Settings';
import { preview, ThreadReader } from './ThreadReader';
import { Today } from './Today';

vi.mock('../api', async (importOriginal) => {
  const { createMockApi } = await import('../test/mockApi');
  return { ...(await importOriginal<typeof import('../api')>()), ...createMockApi() };
});

const m = vi.mocked;

beforeEach(() => {
  vi.clearAllMocks();
  m(api.workspace.status).mockResolvedValue(makeStatus());
});

describe('Today', () => {
  it('lists the latest conversations and what the import is doing', async () => {
    m(api.timeline.recent).mockResolvedValue([emailItem, noteItem]);
    renderApp(<Today status={makeStatus()} />);
    const link = await screen.findByRole('link', { name: /Open conversation: Pricing for the spring order/ });
    expect(link).toHaveAttribute('href', '#/threads/thr-1?from=today');
    expect(api.timeline.recent).toHaveBeenCalledWith(30);
    expect(within(link).getByText('Maria Lindqvist')).toBeInTheDocument();
    expect(within(link).getByText(/Acme Foods/)).toBeInTheDocument();
    expect(within(link).getByText('3 h ago')).toBeInTheDocument();
    expect(screen.getByText('Visited the Malmo warehouse')).toBeInTheDocument();
    const headings = screen.getAllByTestId('day-heading').map((h) => h.textContent);
    expect(headings).toEqual([...new Set([dayBucket(emailItem.at), dayBucket(noteItem.at)])]);
    const panel = screen.getByTestId('import-panel');
    expect(within(panel).getByText('Importing newest mail')).toBeInTheDocument();
    expect(panel).toHaveTextContent('1,200 of 5,000 messages');
    expect(panel).toHaveTextContent('24%');
    expect(panel).toHaveTextContent('43 per second');
    expect(within(panel).getByText('2 min')).toBeInTheDocument();
  });

  it('says so in words when there is nothing yet, or the load fails', async () => {
    m(api.timeline.recent).mockResolvedValueOnce([]);
    const { unmount } = renderApp(<Today status={makeStatus()} />);
    expect(await screen.findByText('No conversations yet')).toBeInTheDocument();
    unmount();
    m(api.timeline.recent).mockRejectedValueOnce(new api.ApiError('Workspace is locked', 'x'));
    renderApp(<Today status={makeStatus()} />);
    expect(await screen.findByText('Workspace is locked')).toBeInTheDocument();
  });
});

describe('Accounts', () => {
  it('shows a sortable table and filters through the backend', async () => {
    m(api.accounts.list).mockResolvedValue([borealis, acme]);
    renderApp(<Accounts />);
    const table = await screen.findByTestId('accounts-table');
    const rows = within(table).getAllByRole('row').slice(1);
    // Most recent interaction first by default.
    expect(rows[0]).toHaveTextContent('Acme Foods');
    expect(rows[0]).toHaveTextContent('acme-foods.example, acme.example');
    expect(rows[0]).toHaveTextContent('3 h ago');
    expect(rows[0]).toHaveTextContent('Evaluating');
    expect(rows[1]).toHaveTextContent('Borealis Logistics');

    m(api.accounts.list).mockResolvedValue([borealis]);
    await userEvent.type(screen.getByTestId('accounts-filter'), 'bor');
    await waitFor(() => expect(api.accounts.list).toHaveBeenLastCalledWith('bor'));
    await waitFor(() => expect(within(screen.getByTestId('accounts-table')).getAllByRole('row')).toHaveLength(2));

    fireEvent.click(within(screen.getByTestId('accounts-table')).getAllByRole('row')[1]);
    expect(window.location.hash).toBe('#/accounts/acc-bor');
  });
});

describe('AccountPage', () => {
  it('shows the header, the people with roles and the timeline', async () => {
    m(api.accounts.get).mockResolvedValue(acmeDetail);
    renderApp(<AccountPage id="acc-acme" />);
    expect(await screen.findByRole('heading', { name: 'Acme Foods' })).toBeInTheDocument();
    expect(api.accounts.get).toHaveBeenCalledWith('acc-acme');
    expect(screen.getByTestId('journey')).toHaveTextContent('Evaluating');
    expect(screen.getByText('acme.example')).toBeInTheDocument();
    const people = screen.getByTestId('people');
    expect(within(people).getByText('Maria Lindqvist')).toBeInTheDocument();
    expect(within(people).getByText('Decision maker')).toBeInTheDocument();
    expect(within(people).getByText(/Head of Purchasing/)).toBeInTheDocument();
    expect(within(people).getByText('Olle Berg')).toBeInTheDocument();
    const items = within(screen.getByTestId('timeline')).getAllByTestId('timeline-item');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveAttribute('href', '#/threads/thr-1?from=account%3Aacc-acme');
    expect(items[1]).toHaveTextContent('They want pallets delivered on Tuesdays.');
  });

  it('lists every address of a person who writes from several', async () => {
    const both = { ...maria, addresses: ['maria@acme-foods.example', 'maria@acme.example', 'mlindqvist@freemail.example'] };
    m(api.accounts.get).mockResolvedValue({ ...acmeDetail, contacts: [both] });
    renderApp(<AccountPage id="acc-acme" />);
    const addrs = await screen.findByTestId('person-addresses');
    expect(addrs).toHaveTextContent('Head of Purchasing · maria@acme-foods.example, maria@acme.example, mlindqvist@freemail.example');
    expect(addrs).toHaveAttribute('title', both.addresses.join('\n'));
  });

  it('windows a long timeline instead of rendering every row', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ ...emailItem, id: `t${i}`, title: `Thread ${i}` }));
    m(api.accounts.get).mockResolvedValue({ ...acmeDetail, timeline: many });
    renderApp(<AccountPage id="acc-acme" />);
    const tl = await screen.findByTestId('timeline');
    expect(tl).toHaveAttribute('data-windowed', 'true');
    const rendered = within(tl).getAllByTestId('timeline-item').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    expect(screen.getByText('Thread 0')).toBeInTheDocument();
    expect(screen.queryByText('Thread 999')).not.toBeInTheDocument();
  });
});

describe('ThreadReader', () => {
  it('shows messages in order as plain text, folds quoted text, lists attachments and unparsed reasons', async () => {
    m(api.timeline.thread).mockResolvedValue(thread);
    renderApp(<ThreadReader id="thr-1" from="today" />);
    expect(await screen.findByRole('heading', { name: 'Pricing for the spring order' })).toBeInTheDocument();
    expect(screen.getByTestId('thread-account')).toHaveAttribute('href', '#/accounts/acc-acme');
    const msgs = screen.getAllByTestId('message');
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toHaveTextContent('Maria Lindqvist');
    expect(msgs[0]).toHaveTextContent('Olle Berg <olle@acme-foods.example>');
    // HTML in a body is text, never markup.
    const body = within(msgs[0]).getByTestId('message-body');
    expect(body.textContent).toContain('<b>Could</b> you send');
    expect(body.querySelector('b')).toBeNull();
    expect(within(msgs[0]).getByTestId('attachments')).toHaveTextContent('order-2026.pdf');
    expect(within(msgs[0]).getByTestId('attachments')).toHaveTextContent('13 KB');

    const toggle = within(msgs[0]).getByRole('button', { name: 'Show quoted text' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(within(msgs[0]).getByRole('button', { name: 'Hide quoted text' })).toHaveAttribute('aria-expanded', 'true');
    expect(within(msgs[0]).getByTestId('quoted')).toHaveTextContent('prices are going up');

    expect(msgs[1]).toHaveTextContent('Parley could not read this message');
    expect(msgs[1]).toHaveTextContent('character set Parley does not know');

    // Everyone on the thread once, with who wrote how much.
    const aside = screen.getByTestId('thread-aside');
    expect(within(aside).getAllByText('Maria Lindqvist')).toHaveLength(1);
    expect(within(aside).getByText('Olle Berg')).toBeInTheDocument();
    expect(within(aside).getAllByText('wrote 1')).toHaveLength(2);
    expect(within(aside).getByText('1 attachment')).toBeInTheDocument();
    expect(document.title).toBe('Pricing for the spring order \u2013 Parley');
  });
});

describe('ThreadReader folding', () => {
  it('folds the middle of a long conversation and opens a message on click', async () => {
    const base = thread.messages[0];
    const messages = Array.from({ length: 6 }, (_, i) => ({
      ...base,
      id: `m${i}`,
      body: `Body number ${i}\nsecond line`,
      quoted: '',
      attachments: [],
      date: base.date + i * 60_000,
    }));
    m(api.timeline.thread).mockResolvedValue({ ...thread, messages });
    renderApp(<ThreadReader id="thr-1" />);
    await screen.findByRole('heading', { name: 'Pricing for the spring order' });
    // First and last two open, three folded to one line.
    const open = screen.getAllByTestId('message');
    expect(open.map((el) => within(el).getByTestId('message-body').textContent)).toEqual([
      'Body number 0\nsecond line',
      'Body number 4\nsecond line',
      'Body number 5\nsecond line',
    ]);
    const folded = screen.getAllByTestId('message-folded');
    expect(folded).toHaveLength(3);
    expect(folded[0]).toHaveTextContent('Body number 1 second line');
    await userEvent.click(folded[1]);
    expect(screen.getAllByTestId('message')).toHaveLength(4);
    await userEvent.click(screen.getByRole('button', { name: 'Open all 6 messages' }));
    expect(screen.getAllByTestId('message')).toHaveLength(6);
    expect(screen.queryByTestId('message-folded')).toBeNull();
  });
});

describe('preview', () => {
  it('skips a greeting and joins the lines', () => {
    expect(preview('Hi Priscilla,\n\nInvite attached.\nTalk Thursday!')).toBe('Invite attached. Talk Thursday!');
    expect(preview('Priscilla,\nthe quote is attached.')).toBe('the quote is attached.');
    expect(preview('Thursday 10am works.')).toBe('Thursday 10am works.');
    expect(preview('Hello')).toBe('Hello');
  });
});

describe('Settings', () => {
  it('shows the workspace facts and the mail accounts', async () => {
    renderApp(<Settings status={makeStatus({ keySource: 'keychain', diskEncrypted: 'no' })} />);
    expect(screen.getByTestId('data-dir')).toHaveTextContent('/home/rep/.local/share/parley');
    expect(screen.getByText('keychain')).toBeInTheDocument();
    expect(screen.getByText('Not encrypted')).toBeInTheDocument();
    expect(screen.getByTestId('demo-note')).toHaveTextContent(/replaces the demo/);
    await userEvent.click(screen.getByText('Dark'));
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
  });

  it('adds a passphrase next to the keychain, checking it first', async () => {
    m(api.workspace.setPassphrase).mockResolvedValue(undefined);
    renderApp(<Settings status={makeStatus({ keySource: 'keychain' })} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add a passphrase' }));
    const form = screen.getByTestId('add-passphrase');
    await userEvent.type(within(form).getByLabelText('New passphrase'), 'short');
    await userEvent.type(within(form).getByLabelText('The same again'), 'short');
    await userEvent.click(within(form).getByRole('button', { name: 'Save passphrase' }));
    expect(form).toHaveTextContent('Use at least 8 characters.');
    await userEvent.clear(within(form).getByLabelText('New passphrase'));
    await userEvent.type(within(form).getByLabelText('New passphrase'), 'long enough pass');
    await userEvent.clear(within(form).getByLabelText('The same again'));
    await userEvent.type(within(form).getByLabelText('The same again'), 'long enough pas');
    await userEvent.click(within(form).getByRole('button', { name: 'Save passphrase' }));
    expect(form).toHaveTextContent('The two passphrases differ.');
    expect(api.workspace.setPassphrase).not.toHaveBeenCalled();
    await userEvent.type(within(form).getByLabelText('The same again'), 's');
    await userEvent.click(within(form).getByRole('button', { name: 'Save passphrase' }));
    await waitFor(() => expect(api.workspace.setPassphrase).toHaveBeenCalledWith('long enough pass'));
    expect(await screen.findByText('Passphrase added')).toBeInTheDocument();
  });

  it('offers no passphrase form when the passphrase is already the key', () => {
    renderApp(<Settings status={makeStatus({ keySource: 'passphrase' })} />);
    expect(screen.queryByRole('button', { name: 'Add a passphrase' })).toBeNull();
  });
});
