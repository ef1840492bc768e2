import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { notifications } from '@mantine/notifications';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../api';
import { makeStatus } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { Settings } from '../Settings';
import { HistoryRules } from './HistoryRules';
import { LeftOutList } from './LeftOutList';
import { MailAccounts } from './MailAccounts';

vi.mock('../../api', async (importOriginal) => {
  const { createMockApi } = await import('../../test/mockApi');
  return { ...(await importOriginal<typeof import('../../api')>()), ...createMockApi() };
});

const m = vi.mocked;
const imp = api.mailImport;

const work: api.MailAccountView = {
  id: 'rep@acme.example',
  name: 'rep@acme.example',
  host: 'imap.acme.example',
  port: 993,
  security: 'tls',
  username: 'rep@acme.example',
  auth: 'password',
  folders: [],
  since: '',
  myAddresses: ['rep@acme.example'],
};

beforeEach(() => {
  vi.clearAllMocks();
  // The notifications store outlives a test; old toasts would queue new ones out of sight.
  notifications.clean();
  notifications.cleanQueue();
  m(api.workspace.status).mockResolvedValue(makeStatus());
  m(imp.accounts).mockResolvedValue([]);
  m(imp.leftOut).mockResolvedValue([]);
  m(imp.settings).mockResolvedValue({ myAddresses: [], internalDomains: [], freeMailDomains: [], include: [], exclude: [], listMailIsHistory: false });
});

const field = (name: string) => document.querySelector<HTMLInputElement>(`[data-field="${name}"]`)!;

async function openForm(demo = false) {
  renderApp(<MailAccounts status={makeStatus({ demo })} />);
  await userEvent.click(await screen.findByRole('button', { name: 'Add mail account' }));
  return screen.getByTestId('add-account-form');
}

async function fillBasics(email = 'Rep@Acme.example', secret = 'hunter22') {
  await userEvent.type(field('email'), email);
  await userEvent.type(field('host'), 'imap.acme.example');
  await userEvent.type(field('secret'), secret);
}

describe('Add mail account', () => {
  it('checks the fields before calling the backend, and says what is wrong', async () => {
    const form = await openForm();
    await userEvent.click(within(form).getByRole('button', { name: 'Add account' }));
    expect(form).toHaveTextContent('Enter your email address.');
    expect(form).toHaveTextContent('Enter the mail server, for example imap.company.com.');
    expect(form).toHaveTextContent('Enter the password.');
    // The cursor goes to the first problem.
    expect(field('email')).toHaveFocus();
    await userEvent.type(field('email'), 'rep@');
    await userEvent.type(field('host'), 'imap acme');
    await userEvent.click(within(form).getByRole('button', { name: 'Test connection' }));
    expect(form).toHaveTextContent('This does not look like an email address');
    expect(form).toHaveTextContent('A server name has only letters, digits, dots and dashes.');
    expect(imp.testAccount).not.toHaveBeenCalled();
    expect(imp.addAccount).not.toHaveBeenCalled();
  });

  it('fills the user name and my addresses from the email, and the port from the security', async () => {
    const form = await openForm();
    await userEvent.type(field('email'), 'Rep@Acme.example');
    expect(field('username')).toHaveValue('Rep@Acme.example');
    expect(within(form).getByText('rep@acme.example')).toBeInTheDocument();
    expect(field('port')).toHaveValue('993');
    await userEvent.selectOptions(field('security'), 'starttls');
    expect(field('port')).toHaveValue('143');
    // A user name typed by the rep stays when the email changes.
    await userEvent.clear(field('username'));
    await userEvent.type(field('username'), 'rep');
    await userEvent.type(field('email'), 'x');
    expect(field('username')).toHaveValue('rep');
    // No "plain" choice: unencrypted connections are only for tests on this computer.
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('add-account-form')).toBeNull();
    expect(screen.getByRole('button', { name: 'Add mail account' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add mail account' }));
    expect(within(field('security')).getAllByRole('option').map((o) => o.textContent)).toEqual(['TLS (port 993)', 'STARTTLS (port 143)']);
  });

  it('shows a failed test in plain words', async () => {
    m(imp.testAccount).mockResolvedValue({ ok: false, message: 'The mail server refused the password for this account.', folders: [], idle: false });
    const form = await openForm();
    await fillBasics();
    await userEvent.click(within(form).getByRole('button', { name: 'Test connection' }));
    const note = await within(form).findByTestId('connection-result');
    expect(note).toHaveTextContent('Connection failed');
    expect(note).toHaveTextContent('The mail server refused the password for this account.');
    expect(imp.testAccount).toHaveBeenCalledWith(
      expect.objectContaining({ host: 'imap.acme.example', port: 993, security: 'tls', username: 'Rep@Acme.example', auth: 'password' }),
      'hunter22',
    );
    expect(within(form).queryByTestId('folder-choice')).toBeNull();
    // Changing how to connect clears the old result.
    await userEvent.type(field('secret'), '!');
    expect(within(form).queryByTestId('connection-result')).toBeNull();
  });

  it('offers the folders of a successful test and saves with the values entered', async () => {
    m(imp.testAccount).mockResolvedValue({
      ok: true,
      message: 'Signed in to imap.acme.example: 3 folders.',
      idle: true,
      folders: [
        { name: 'INBOX', specialUse: '\\Inbox', default: true },
        { name: 'Sent Items', specialUse: '\\Sent', default: true },
        { name: 'Newsletters', specialUse: '', default: false },
      ],
    });
    m(imp.addAccount).mockImplementation(async (a) => ({ ...a, id: 'rep@acme.example' }));
    const form = await openForm();
    await fillBasics();
    await userEvent.type(field('since'), '2025-01-31');
    await userEvent.click(within(form).getByRole('button', { name: 'Test connection' }));
    const note = await within(form).findByTestId('connection-result');
    expect(note).toHaveTextContent('Connection works');
    expect(note).toHaveTextContent('Signed in to imap.acme.example: 3 folders.');
    expect(within(form).getByRole('checkbox', { name: /INBOX/ })).toBeChecked();
    expect(within(form).getByRole('checkbox', { name: /Sent Items/ })).toBeChecked();
    expect(within(form).getByRole('checkbox', { name: /Newsletters/ })).not.toBeChecked();
    await userEvent.click(within(form).getByRole('checkbox', { name: /Newsletters/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Add account' }));
    await waitFor(() => expect(imp.addAccount).toHaveBeenCalledOnce());
    expect(imp.addAccount).toHaveBeenCalledWith(
      {
        id: '',
        name: 'rep@acme.example',
        host: 'imap.acme.example',
        port: 993,
        security: 'tls',
        username: 'Rep@Acme.example',
        auth: 'password',
        folders: ['INBOX', 'Sent Items', 'Newsletters'],
        since: '2025-01-31',
        myAddresses: ['rep@acme.example'],
      },
      'hunter22',
    );
    expect(await screen.findByText('Mail account added')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('add-account-form')).toBeNull());
  });

  it('sends no folder list when the defaults stay ticked, and an OAuth token as the secret', async () => {
    m(imp.testAccount).mockResolvedValue({ ok: true, message: 'ok', idle: true, folders: [{ name: 'INBOX', specialUse: '\\Inbox', default: true }] });
    const form = await openForm();
    await userEvent.click(within(form).getByRole('radio', { name: 'OAuth access token' }));
    expect(within(form).getByText('Access token')).toBeInTheDocument();
    await fillBasics('rep@acme.example', 'ya29.token');
    await userEvent.click(within(form).getByRole('button', { name: 'Test connection' }));
    await within(form).findByTestId('folder-choice');
    await userEvent.click(within(form).getByRole('button', { name: 'Add account' }));
    await waitFor(() =>
      expect(imp.addAccount).toHaveBeenCalledWith(expect.objectContaining({ auth: 'xoauth2', folders: [] }), 'ya29.token'),
    );
  });

  it('shows why saving failed, and what saving does in the demo', async () => {
    let finish: (e: Error) => void = () => {};
    m(imp.addAccount).mockImplementation(() => new Promise((_, reject) => (finish = reject)));
    const form = await openForm(true);
    expect(form).toHaveTextContent(/Adding your account replaces the demo mailbox/);
    await fillBasics();
    await userEvent.click(within(form).getByRole('button', { name: 'Add and leave the demo' }));
    expect(await within(form).findByTestId('saving')).toHaveTextContent(/leaving the demo/);
    finish(new api.ApiError('The mail server cannot be reached.', 'ImportService.AddAccount'));
    expect(await within(form).findByTestId('save-error')).toHaveTextContent('The mail server cannot be reached.');
    expect(within(form).queryByTestId('saving')).toBeNull();
  });
});

describe('Mail accounts list', () => {
  it('lists accounts and removes one after asking', async () => {
    m(imp.accounts).mockResolvedValue([{ ...work, folders: ['INBOX'], since: '2025-01-01' }]);
    renderApp(<MailAccounts status={makeStatus({ demo: false })} />);
    const row = await screen.findByTestId('mail-account');
    expect(row).toHaveTextContent('rep@acme.example');
    expect(row).toHaveTextContent('imap.acme.example:993');
    expect(row).toHaveTextContent('TLS');
    expect(row).toHaveTextContent('Folders: INBOX');
    expect(row).toHaveTextContent('mail since 2025-01-01');
    expect(screen.queryByTestId('demo-note')).toBeNull();
    await userEvent.click(within(row).getByRole('button', { name: 'Remove rep@acme.example' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(/The mail already imported stays/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(imp.removeAccount).not.toHaveBeenCalled();
    await userEvent.click(within(row).getByRole('button', { name: 'Remove rep@acme.example' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Remove account' }));
    await waitFor(() => expect(imp.removeAccount).toHaveBeenCalledWith('rep@acme.example'));
  });

  it('explains the demo and does not offer to remove the demo mailbox', async () => {
    m(imp.accounts).mockResolvedValue([{ ...work, id: 'demo', name: 'Demo mailbox', host: '127.0.0.1', port: 40000, security: 'plain' }]);
    renderApp(<Settings status={makeStatus({ demo: true })} />);
    const row = await screen.findByTestId('mail-account');
    expect(row).toHaveTextContent('Demo mailbox');
    expect(within(row).queryByRole('button')).toBeNull();
    expect(screen.getByTestId('demo-note')).toHaveTextContent(/Adding your own mail account replaces the demo/);
  });
});

describe('What counts as customer history', () => {
  it('edits the rules and saves them', async () => {
    m(imp.settings).mockResolvedValue({
      myAddresses: [],
      internalDomains: ['acme.example'],
      freeMailDomains: [],
      include: [],
      exclude: [],
      listMailIsHistory: false,
    });
    renderApp(<HistoryRules />);
    const form = await screen.findByTestId('history-rules');
    expect(form).toHaveTextContent(/apply to mail imported from now on/);
    const save = within(form).getByRole('button', { name: 'Save rules' });
    expect(save).toBeDisabled();
    await userEvent.type(within(form).getByLabelText('My company’s domains'), 'Acme-Group.example{enter}');
    await userEvent.type(within(form).getByLabelText('Never customer history'), 'bank.example{enter}');
    await userEvent.type(within(form).getByLabelText('Always customer history'), 'jane@partner.example{enter}');
    await userEvent.click(within(form).getByRole('switch', { name: /Count mailing-list mail as history/ }));
    await userEvent.click(save);
    await waitFor(() =>
      expect(imp.saveSettings).toHaveBeenCalledWith({
        myAddresses: [],
        internalDomains: ['acme.example', 'acme-group.example'],
        freeMailDomains: [],
        include: ['jane@partner.example'],
        exclude: ['bank.example'],
        listMailIsHistory: true,
      }),
    );
    expect(await screen.findByText('Rules saved')).toBeInTheDocument();
  });

  it('refuses entries that are not domains or addresses, and shows a refusal from the backend', async () => {
    renderApp(<HistoryRules />);
    const form = await screen.findByTestId('history-rules');
    await userEvent.type(within(form).getByLabelText('My company’s domains'), 'not a domain{enter}');
    expect(form).toHaveTextContent('"not" is not a domain');
    expect(within(form).getByRole('button', { name: 'Save rules' })).toBeDisabled();
    await userEvent.click(within(form).getByRole('button', { name: 'Undo changes' }));
    m(imp.saveSettings).mockRejectedValueOnce(new api.ApiError('Check your settings: bad domain', 'x'));
    await userEvent.type(within(form).getByLabelText('More free-mail domains'), 'mail.example{enter}');
    await userEvent.click(within(form).getByRole('button', { name: 'Save rules' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Check your settings: bad domain');
  });
});

describe('Left out', () => {
  const rows: api.LeftOutItem[] = [
    { id: 'm1', threadId: 't1', date: Date.now() - 3_600_000, from: 'Expensely', address: 'no-reply@notify.expensely.example', subject: 'Your report', reason: 'newsletter or notification' },
    { id: 'm2', threadId: 't2', date: Date.now() - 7_200_000, from: 'Tom Becker', address: 'tom@acme.example', subject: 'QBR prep', reason: 'internal only' },
    { id: 'm3', threadId: 't3', date: Date.now() - 9_000_000, from: 'Ann', address: 'ann@acme.example', subject: '', reason: 'internal only' },
  ];

  it('lists left-out mail with reasons in words and filters by reason', async () => {
    m(imp.leftOut).mockResolvedValue(rows);
    renderApp(<LeftOutList />);
    await waitFor(() => expect(screen.getAllByTestId('leftout-row')).toHaveLength(3));
    expect(imp.leftOut).toHaveBeenCalledWith(200);
    const first = screen.getAllByTestId('leftout-row')[0];
    expect(first).toHaveTextContent('Expensely');
    expect(first).toHaveTextContent('no-reply@notify.expensely.example');
    expect(first).toHaveTextContent('Your report');
    expect(within(first).getByTestId('leftout-reason')).toHaveTextContent('Newsletter or notification');
    expect(screen.getAllByTestId('leftout-row')[2]).toHaveTextContent('(no subject)');
    const filter = screen.getByTestId('leftout-filter');
    expect(within(filter).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'All reasons (3)',
      'Internal only (2)',
      'Newsletter or notification (1)',
    ]);
    await userEvent.selectOptions(filter, 'internal only');
    expect(screen.getAllByTestId('leftout-row')).toHaveLength(2);
    expect(screen.queryByText('Expensely')).toBeNull();
  });

  it('includes a sender or a whole domain from a row', async () => {
    m(imp.leftOut).mockResolvedValue(rows);
    renderApp(<LeftOutList />);
    const row = (await screen.findAllByTestId('leftout-row'))[1];
    await userEvent.click(within(row).getByRole('button', { name: 'Include mail from tom@acme.example' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: /Always include this sender/ }));
    await waitFor(() => expect(imp.override).toHaveBeenCalledWith('tom@acme.example', true));
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    await userEvent.click(within(row).getByRole('button', { name: 'Include mail from tom@acme.example' }));
    // jsdom leaves a re-opened menu mid-transition (display: none), so look past visibility.
    await userEvent.click(await screen.findByRole('menuitem', { name: /Always include this domain/, hidden: true }));
    await waitFor(() => expect(imp.override).toHaveBeenLastCalledWith('acme.example', true));
    expect(imp.override).toHaveBeenCalledTimes(2);
  });

  it('says why an include did not work', async () => {
    m(imp.leftOut).mockResolvedValue(rows);
    m(imp.override).mockRejectedValueOnce(new api.ApiError('Name a sender or a domain', 'x'));
    renderApp(<LeftOutList />);
    const row = (await screen.findAllByTestId('leftout-row'))[0];
    await userEvent.click(within(row).getByRole('button', { name: 'Include mail from no-reply@notify.expensely.example' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: /Always include this sender/ }));
    expect(await screen.findByText('Name a sender or a domain')).toBeInTheDocument();
    expect(imp.override).toHaveBeenCalledWith('no-reply@notify.expensely.example', true);
  });

  it('says so when nothing is left out', async () => {
    renderApp(<LeftOutList />);
    expect(await screen.findByText('Nothing left out')).toBeInTheDocument();
  });
});
