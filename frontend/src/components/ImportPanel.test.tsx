import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { notifications } from '@mantine/notifications';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../api';
import { makeStatus } from '../test/fixtures';
import { renderApp } from '../test/render';
import { ImportPanel } from './ImportPanel';
import { useStatus } from '../state/status';

vi.mock('../api', async (importOriginal) => {
  const { createMockApi } = await import('../test/mockApi');
  return { ...(await importOriginal<typeof import('../api')>()), ...createMockApi() };
});

const m = vi.mocked;
const base = makeStatus().import;
const withImport = (p: Partial<api.ImportProgress>, demo = true) => makeStatus({ demo, import: { ...base, ...p } });

beforeEach(() => {
  vi.clearAllMocks();
  notifications.clean();
  notifications.cleanQueue();
  m(api.workspace.status).mockResolvedValue(makeStatus());
});

describe('ImportPanel', () => {
  it('shows the numbers of a running import: overall, per folder, speed and time left', () => {
    renderApp(
      <ImportPanel
        status={withImport({
          done: 1500,
          total: 6000,
          rate: 42.5,
          etaSec: 150,
          folders: [
            { account: 'rep@acme.example', folder: 'INBOX', done: 1200, total: 5000 },
            { account: 'rep@acme.example', folder: 'Sent', done: 300, total: 1000 },
          ],
        })}
      />,
    );
    const panel = screen.getByTestId('import-panel');
    expect(within(panel).getByTestId('import-phase')).toHaveTextContent('Importing newest mail');
    expect(panel).toHaveTextContent('Now in INBOX');
    expect(within(panel).getByTestId('import-total')).toHaveTextContent('1,500 of 6,000 messages');
    expect(panel).toHaveTextContent('25%');
    expect(panel).toHaveTextContent('43 per second');
    expect(within(panel).getByText('3 min')).toBeInTheDocument();
    const folders = within(panel).getAllByTestId('import-folder');
    expect(folders.map((f) => f.textContent)).toEqual(['INBOX1,200 of 5,000', 'Sent300 of 1,000']);
    // One account: no account heading above the folders.
    expect(within(panel).queryByText('rep@acme.example')).toBeNull();
  });

  it.each([
    ['connecting', {}, 'Connecting to the mail server'],
    ['planning', {}, 'Looking through your folders'],
    ['fetching', {}, 'Importing newest mail'],
    ['backfill', {}, 'Catching up on older mail'],
    ['live', { running: false, done: 5000 }, 'Up to date \u2014 watching for new mail'],
    ['offline', { running: false }, 'Offline \u2014 will retry'],
    ['error', { running: false, error: 'the mail server refused the password for this account' }, 'The mail server refused the password for this account'],
    ['fetching', { paused: true }, 'Import paused'],
  ] as const)('says phase %s in plain words', (phase, extra, words) => {
    renderApp(<ImportPanel status={withImport({ phase, ...extra })} />);
    expect(screen.getByTestId('import-phase')).toHaveTextContent(words);
  });

  it('shows speed and time left only while mail is moving', () => {
    renderApp(<ImportPanel status={withImport({ phase: 'live', running: false, done: 5000, rate: 0, etaSec: 0 })} />);
    const panel = screen.getByTestId('import-panel');
    expect(panel).toHaveTextContent('5,000 of 5,000 messages');
    expect(panel).toHaveTextContent('100%');
    expect(panel).not.toHaveTextContent('Time left');
    expect(within(panel).getByTestId('import-badge')).toHaveTextContent('Up to date');
  });

  it('groups folders by account when there are several', () => {
    renderApp(
      <ImportPanel
        status={withImport({
          folders: [
            { account: 'work', folder: 'INBOX', done: 1, total: 2 },
            { account: 'old', folder: 'INBOX', done: 3, total: 4 },
          ],
        })}
      />,
    );
    expect(screen.getByText('work')).toBeInTheDocument();
    expect(screen.getByText('old')).toBeInTheDocument();
    expect(screen.getAllByTestId('import-folder')).toHaveLength(2);
  });

  it('pauses, resumes and checks now', async () => {
    const { unmount } = renderApp(<ImportPanel status={withImport({})} />);
    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(api.mailImport.pause).toHaveBeenCalledOnce();
    await userEvent.click(screen.getByRole('button', { name: 'Check now' }));
    expect(api.mailImport.checkNow).toHaveBeenCalledOnce();
    unmount();
    renderApp(<ImportPanel status={withImport({ paused: true })} />);
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Check now' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(api.mailImport.resume).toHaveBeenCalledOnce();
  });

  it('shows a pause at once, since a waiting importer sends no progress', async () => {
    m(api.workspace.status).mockResolvedValue(withImport({ phase: 'live', running: false, done: 5000 }));
    function FromContext() {
      const { status } = useStatus();
      return status ? <ImportPanel status={status} /> : null;
    }
    renderApp(<FromContext />);
    await userEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    expect(screen.getByTestId('import-phase')).toHaveTextContent('Import paused');
    await userEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(screen.getByTestId('import-phase')).toHaveTextContent('Up to date');
    expect(api.mailImport.resume).toHaveBeenCalledOnce();
  });

  it('shows a failed control in words', async () => {
    m(api.mailImport.checkNow).mockRejectedValueOnce(new api.ApiError('No mail import is running', 'ImportService.CheckNow'));
    renderApp(<ImportPanel status={withImport({ phase: 'live', running: false, done: 5000 })} />);
    await userEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await waitFor(() => expect(screen.getByText('No mail import is running')).toBeInTheDocument());
  });

  it('points to Settings when nothing is imported', () => {
    renderApp(<ImportPanel status={withImport({ phase: 'idle', running: false, done: 0, total: 0, folders: [] }, false)} />);
    const panel = screen.getByTestId('import-panel');
    expect(panel).toHaveTextContent('No mail account is importing.');
    expect(within(panel).getByRole('link', { name: 'Mail accounts' })).toHaveAttribute('href', '#/settings');
    expect(within(panel).queryByRole('button')).toBeNull();
  });
});
