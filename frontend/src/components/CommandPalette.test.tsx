import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../api';
import type { SearchHit, SearchResults } from '../api';
import { makeStatus } from '../test/fixtures';
import { renderApp } from '../test/render';
import { CommandPalette, palette } from './CommandPalette';

vi.mock('../api', async (importOriginal) => {
  const { createMockApi } = await import('../test/mockApi');
  return { ...(await importOriginal<typeof import('../api')>()), ...createMockApi() };
});

const m = vi.mocked;

function page(word: string, n = 1): SearchResults {
  const hits: SearchHit[] = Array.from({ length: n }, (_, i) => ({
    id: `${word}-${i}`,
    kind: 'email',
    title: `About <mark>${word}</mark> ${i}`,
    snippet: `the <mark>${word}</mark> <img src=x onerror="alert(1)">`,
    date: Date.now(),
    accountId: 'acc-glx',
    accountName: 'Globex',
    threadId: `thr-${word}`,
    from: 'Anna',
    capped: false,
  }));
  return { total: n, tookMs: 1, read: '', notes: [], partial: false, hits, groups: [] };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function openPalette() {
  renderApp(<CommandPalette />);
  act(() => palette.open());
  return screen.findByPlaceholderText(/Go to a screen, an account, or search/);
}

beforeEach(() => {
  vi.clearAllMocks();
  window.location.hash = '';
  m(api.workspace.status).mockResolvedValue(makeStatus());
  m(api.accounts.list).mockResolvedValue([]);
  m(api.search.suggest).mockResolvedValue([]);
});

describe('CommandPalette search', () => {
  it('waits for typing to pause, then asks typeahead and full text once', async () => {
    m(api.search.search).mockImplementation(async (q) => page(String(q.query)));
    const input = await openPalette();
    // All keys at once: a gap between keys longer than the debounce (a
    // busy machine) would rightly send two searches.
    await userEvent.type(input, 'renewal', { delay: null });
    await waitFor(() => expect(api.search.search).toHaveBeenCalled());
    expect(api.search.search).toHaveBeenCalledTimes(1);
    expect(api.search.search).toHaveBeenCalledWith({ query: 'renewal', size: 6 });
    expect(api.search.suggest).toHaveBeenCalledWith('renewal', '', 5);
    const hit = await screen.findByTestId('palette-hit');
    expect(hit.querySelector('mark')).toHaveTextContent('renewal');
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText(/See all results for/)).toBeInTheDocument();
  });

  it('drops a slow answer to an older query', async () => {
    const slow = deferred<SearchResults>();
    const fast = deferred<SearchResults>();
    m(api.search.search).mockImplementation((q) => (q.query === 'ren' ? slow.promise : fast.promise));
    const input = await openPalette();
    await userEvent.type(input, 'ren');
    await waitFor(() => expect(api.search.search).toHaveBeenCalledTimes(1));
    await userEvent.type(input, 'ewal');
    await waitFor(() => expect(api.search.search).toHaveBeenCalledTimes(2));
    await act(async () => fast.resolve(page('renewal')));
    await screen.findByText(/About/);
    await act(async () => slow.resolve(page('ren', 3)));
    const hits = screen.getAllByTestId('palette-hit');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toHaveTextContent('About renewal 0');
  });

  it('lists accounts and people first and opens the best result on Enter', async () => {
    m(api.search.suggest).mockResolvedValue([{ id: 'acc-glx', kind: 'account', name: 'Globex', detail: 'globex.example' }]);
    m(api.search.search).mockResolvedValue(page('globex', 2));
    const input = await openPalette();
    await userEvent.type(input, 'globex');
    const suggestion = await screen.findByTestId('palette-suggestion');
    const actions = [...document.querySelectorAll('[data-action]')];
    expect(actions[0]).toBe(suggestion);
    await waitFor(() => expect(suggestion).toHaveAttribute('data-selected', 'true'));
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
    await waitFor(() => expect(window.location.hash).toBe('#/accounts/acc-glx'));
  });

  it('opens a mail hit in its thread at the message, and See all on the results page', async () => {
    m(api.search.search).mockResolvedValue(page('renewal'));
    const input = await openPalette();
    await userEvent.type(input, 'renewal');
    await userEvent.click(await screen.findByTestId('palette-hit'));
    await waitFor(() => expect(window.location.hash).toBe('#/threads/thr-renewal?from=search&m=renewal-0&q=renewal'));

    act(() => palette.open());
    const again = await screen.findByPlaceholderText(/Go to a screen, an account, or search/);
    await userEvent.type(again, 'renewal');
    await userEvent.click(await screen.findByText(/See all results for/));
    await waitFor(() => expect(window.location.hash).toBe('#/search?q=renewal'));
  });
});
