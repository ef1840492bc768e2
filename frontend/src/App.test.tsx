import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from './api';
import { App } from './App';
import { acme, borealis, emailItem, makeStatus, maria } from './test/fixtures';
import { renderApp } from './test/render';

vi.mock('./api', async (importOriginal) => {
  const { createMockApi } = await import('./test/mockApi');
  return { ...(await importOriginal<typeof import('./api')>()), ...createMockApi() };
});

const m = vi.mocked;

beforeEach(() => {
  vi.clearAllMocks();
  m(api.workspace.status).mockResolvedValue(makeStatus());
  m(api.timeline.recent).mockResolvedValue([emailItem]);
  m(api.accounts.list).mockResolvedValue([acme, borealis]);
});

describe('App frame', () => {
  it('shows navigation, the screen for the route and a status bar with import and counts', async () => {
    renderApp(<App />);
    expect(await screen.findByTestId('screen-today')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Screens' });
    for (const s of ['Today', 'Accounts', 'Search', 'Settings']) expect(within(nav).getByText(s)).toBeInTheDocument();
    const bar = screen.getByTestId('status-bar');
    expect(bar).toHaveTextContent('Online');
    expect(within(bar).getByTestId('status-import')).toHaveTextContent('Importing newest mail1,200 of 5,000 \u00b7 43/s \u00b7 about 2 min left');
    expect(within(bar).getByTestId('status-sync')).toHaveTextContent('Team sync not set up');
    expect(within(bar).getByTestId('status-counts')).toHaveTextContent('12 accounts \u00b7 48 people \u00b7 310 conversations');
  });

  it('follows status and import events', async () => {
    let push: ((p: api.ImportProgress) => void) | undefined;
    m(api.events.onImport).mockImplementation((cb) => {
      push = cb;
      return () => {};
    });
    renderApp(<App />);
    await screen.findByTestId('status-bar');
    push!({ ...makeStatus().import, phase: 'error', running: false, error: 'The mail server refused the password.' });
    await waitFor(() => expect(screen.getByTestId('status-import')).toHaveTextContent('The mail server refused the password.'));
  });

  it('says so when the backend stops answering, and recovers', async () => {
    let changed: (() => void) | undefined;
    m(api.events.onChanged).mockImplementation((cb) => {
      changed = () => cb({ kinds: ['account'] });
      return () => {};
    });
    renderApp(<App />);
    await screen.findByTestId('screen-today');
    m(api.workspace.status).mockRejectedValueOnce(new api.ApiError('Parley is not running any more: start it again.', 'x'));
    changed!();
    expect(await screen.findByTestId('connection-lost')).toHaveTextContent('Parley is not running any more: start it again.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByTestId('connection-lost')).toBeNull());
  });

  it('switches screens with Alt+digit and g-sequences', async () => {
    renderApp(<App />);
    await screen.findByTestId('screen-today');
    fireEvent.keyDown(window, { key: '2', code: 'Digit2', altKey: true });
    expect(await screen.findByTestId('screen-accounts')).toBeInTheDocument();
    fireEvent.keyDown(window, { key: 'g' });
    fireEvent.keyDown(window, { key: ',' });
    expect(await screen.findByTestId('screen-settings')).toBeInTheDocument();
    fireEvent.keyDown(window, { key: 'g' });
    fireEvent.keyDown(window, { key: 't' });
    expect(await screen.findByTestId('screen-today')).toBeInTheDocument();
  });

  it('opens quick capture with N and saves with Ctrl+Enter', async () => {
    m(api.activities.capture).mockResolvedValue({ ...emailItem, kind: 'note', id: 'act-9' });
    m(api.contacts.list).mockResolvedValue([maria, { ...maria, id: 'c-x', name: 'Stranger', accountId: 'acc-bor' }]);
    window.location.hash = '#/accounts/acc-acme';
    m(api.accounts.get).mockResolvedValue({ account: acme, contacts: [], timeline: [] });
    renderApp(<App />);
    await screen.findByRole('heading', { name: 'Acme Foods' });
    fireEvent.keyDown(window, { key: 'n' });
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Log activity')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByText('Call'));
    // The people picker offers only this account's people.
    const picker = within(dialog).getByTestId('capture-people');
    await waitFor(() => expect(picker).not.toBeDisabled());
    await userEvent.click(picker);
    expect(screen.queryByRole('option', { name: 'Stranger', hidden: true })).toBeNull();
    await userEvent.click(await screen.findByRole('option', { name: 'Maria Lindqvist', hidden: true }));
    const body = within(dialog).getByTestId('capture-body');
    await userEvent.type(body, 'Spoke to Maria about the spring order');
    fireEvent.keyDown(body, { key: 'Enter', ctrlKey: true });
    await waitFor(() =>
      expect(api.activities.capture).toHaveBeenCalledWith({
        kind: 'call',
        accountId: 'acc-acme',
        contactIds: ['c-maria'],
        body: 'Spoke to Maria about the spring order',
        at: 0,
      }),
    );
    expect(await screen.findByText('Added to the timeline of Acme Foods.')).toBeInTheDocument();
    // The account page reloads to show the new item.
    await waitFor(() => expect(m(api.accounts.get).mock.calls.length).toBeGreaterThanOrEqual(2));
  });

  it('refuses to save quick capture without an account, in words', async () => {
    renderApp(<App />);
    await screen.findByTestId('screen-today');
    await userEvent.click(screen.getByTestId('capture-button'));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByTestId('capture-body'), 'hello');
    await userEvent.click(within(dialog).getByTestId('capture-save'));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Pick the account this belongs to.');
    expect(api.activities.capture).not.toHaveBeenCalled();
  });

  it('on the Search screen / focuses the box and keeps the query', async () => {
    window.location.hash = '#/search?q=renewal';
    renderApp(<App />);
    const box = await screen.findByTestId('search-input');
    box.blur();
    fireEvent.keyDown(document.body, { key: '/', code: 'Slash' });
    expect(box).toHaveFocus();
    expect(box).toHaveValue('renewal');
    expect(window.location.hash).toBe('#/search?q=renewal');
  });

  it('opens the command palette with Ctrl+K and jumps to an account', async () => {
    renderApp(<App />);
    await screen.findByTestId('screen-today');
    fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });
    const input = await screen.findByPlaceholderText(/Go to a screen, an account/);
    await waitFor(() => expect(api.accounts.list).toHaveBeenCalledWith(''));
    await userEvent.type(input, 'borea');
    await userEvent.click(await screen.findByRole('button', { name: /Borealis Logistics/ }));
    await waitFor(() => expect(window.location.hash).toBe('#/accounts/acc-bor'));
  });
});

describe('gates', () => {
  it('first run explains Parley and offers the demo', async () => {
    m(api.workspace.status).mockResolvedValue(makeStatus({ firstRun: true, demo: false }));
    m(api.workspace.chooseDemo).mockResolvedValue(makeStatus({ firstRun: false, demo: true }));
    renderApp(<App />);
    expect(await screen.findByText('Welcome to Parley')).toBeInTheDocument();
    expect(screen.getByTestId('first-run')).toHaveTextContent(/turns it into a history of every customer/);
    await userEvent.click(screen.getByRole('button', { name: 'Explore the demo mailbox' }));
    expect(api.workspace.chooseDemo).toHaveBeenCalledOnce();
    expect(await screen.findByTestId('screen-today')).toBeInTheDocument();
  });

  it('first run can go to Settings to add a mail account', async () => {
    m(api.workspace.status).mockResolvedValue(makeStatus({ firstRun: true, demo: false }));
    renderApp(<App />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add my mail account' }));
    expect(await screen.findByTestId('screen-settings')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Mail accounts' })).toBeInTheDocument();
  });

  it('locked asks for the passphrase and shows why it is locked', async () => {
    m(api.workspace.status).mockResolvedValue(makeStatus({ state: 'locked', message: 'the keychain is not available, so Parley needs your passphrase.' }));
    m(api.workspace.unlock).mockRejectedValueOnce(new api.ApiError('Wrong passphrase', 'WorkspaceService.Unlock'));
    m(api.workspace.unlock).mockResolvedValueOnce(makeStatus());
    renderApp(<App />);
    expect(await screen.findByText('Your workspace is locked')).toBeInTheDocument();
    expect(screen.getByText('The keychain is not available, so Parley needs your passphrase.')).toBeInTheDocument();
    const field = screen.getByLabelText('Passphrase');
    await userEvent.type(field, 'nope{Enter}');
    expect(await screen.findByText('Wrong passphrase')).toBeInTheDocument();
    await userEvent.clear(field);
    await userEvent.type(field, 'right{Enter}');
    expect(api.workspace.unlock).toHaveBeenLastCalledWith('right');
    expect(await screen.findByTestId('screen-today')).toBeInTheDocument();
  });

  it('explains a failure to reach the backend', async () => {
    m(api.workspace.status).mockRejectedValue(new api.ApiError('Parley could not reach its background service.', 'x'));
    renderApp(<App />);
    expect(await screen.findByText('Parley cannot open your workspace')).toBeInTheDocument();
    expect(screen.getByText('Parley could not reach its background service.')).toBeInTheDocument();
  });
});
