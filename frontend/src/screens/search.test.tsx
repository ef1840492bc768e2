import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../api';
import type { SearchFacets, SearchHit, SearchResults } from '../api';
import { acmeDetail, makeStatus, thread } from '../test/fixtures';
import { renderApp } from '../test/render';
import { AccountPage } from './AccountPage';
import { Search } from './Search';
import { ThreadReader } from './ThreadReader';

vi.mock('../api', async (importOriginal) => {
  const { createMockApi } = await import('../test/mockApi');
  return { ...(await importOriginal<typeof import('../api')>()), ...createMockApi() };
});

const m = vi.mocked;

function hit(id: string, accountId: string, over: Partial<SearchHit> = {}): SearchHit {
  return {
    id,
    kind: 'email',
    title: `Subject ${id}`,
    snippet: `the <mark>renewal</mark> of ${id}`,
    date: Date.now() - 3_600_000,
    accountId,
    accountName: accountId === 'acc-glx' ? 'Globex' : 'Acme Foods',
    threadId: `thr-${id}`,
    from: 'Maria',
    capped: false,
    ...over,
  };
}

function results(hits: SearchHit[], over: Partial<SearchResults> = {}): SearchResults {
  const groups = new Map<string, number[]>();
  hits.forEach((h, i) => groups.set(h.accountId, [...(groups.get(h.accountId) ?? []), i]));
  return {
    total: hits.length,
    tookMs: 3.2,
    read: 'all of: renewal',
    notes: [],
    partial: false,
    hits,
    groups: [...groups].map(([accountId, idx]) => ({ accountId, accountName: hits[idx[0]].accountName, hits: idx })),
    ...over,
  };
}

const facets: SearchFacets = {
  total: 3,
  accounts: [
    { value: 'acc-glx', label: 'Globex', count: 2 },
    { value: 'acc-acme', label: 'Acme Foods', count: 1 },
  ],
  people: [{ value: 'c-maria', label: 'Maria Lindqvist', count: 3 }],
  kinds: [
    { value: 'email', label: 'email', count: 2 },
    { value: 'call', label: 'call', count: 1 },
  ],
  years: [
    { value: '2025', label: '2025', count: 1 },
    { value: '2026', label: '2026', count: 2 },
  ],
};

beforeEach(() => {
  vi.clearAllMocks();
  window.location.hash = '';
  m(api.workspace.status).mockResolvedValue(makeStatus());
  m(api.search.facets).mockResolvedValue(facets);
});

describe('Search results page', () => {
  it('groups hits by account with counts, sanitised marks, the reading and the time taken', async () => {
    m(api.search.search).mockResolvedValue(
      results([hit('a', 'acc-glx'), hit('b', 'acc-glx', { title: 'x <img src=x onerror="alert(1)"><mark>y</mark>', capped: true }), hit('c', 'acc-acme')]),
    );
    renderApp(<Search initial="renewal" />);
    const groups = await screen.findAllByTestId('search-group');
    expect(groups).toHaveLength(2);
    expect(within(groups[0]).getByTestId('search-group-name')).toHaveTextContent('Globex');
    expect(within(groups[0]).getByTestId('search-group-count')).toHaveTextContent('2');
    expect(within(groups[1]).getByTestId('search-group-count')).toHaveTextContent('1');
    expect(api.search.search).toHaveBeenCalledWith({ query: 'renewal', order: 'best', accountId: '', size: 25 });
    const rows = screen.getAllByTestId('search-hit');
    expect(rows[0]).toHaveAttribute('href', '#/threads/thr-a?from=search&m=a&q=renewal');
    expect(rows[0].querySelector('mark')).toHaveTextContent('renewal');
    expect(document.querySelector('img')).toBeNull();
    expect(within(rows[1]).getByTestId('search-hit-title').querySelector('mark')).toHaveTextContent('y');
    expect(rows[1]).toHaveTextContent('only its beginning is searchable');
    expect(screen.getByTestId('search-read')).toHaveTextContent('Read as: all of: renewal');
    expect(screen.getByTestId('search-total')).toHaveTextContent('3 results');
    expect(screen.getByTestId('search-total')).toHaveTextContent('3 ms');
    expect(screen.queryByTestId('search-rebuilding')).toBeNull();
  });

  it("counts an account's hits beyond the loaded page from its facet", async () => {
    m(api.search.search).mockResolvedValue(results([hit('a', 'acc-glx'), hit('c', 'acc-acme')], { total: 9 }));
    m(api.search.facets).mockResolvedValue({
      ...facets,
      total: 9,
      accounts: [
        { value: 'acc-glx', label: 'Globex', count: 8 },
        { value: 'acc-acme', label: 'Acme Foods', count: 1 },
      ],
    });
    renderApp(<Search initial="renewal" />);
    const groups = await screen.findAllByTestId('search-group');
    await waitFor(() => expect(within(groups[0]).getByTestId('search-group-count')).toHaveTextContent('1 of 8'));
    expect(within(groups[1]).getByTestId('search-group-count')).toHaveTextContent(/^1$/);
  });

  it('adds a facet to the query and removes it again', async () => {
    m(api.search.search).mockResolvedValue(results([hit('a', 'acc-glx')]));
    renderApp(<Search initial="renewal" />);
    const kinds = await screen.findByTestId('facet-kinds');
    await userEvent.click(within(kinds).getByText('Calls'));
    await waitFor(() => expect(api.search.search).toHaveBeenLastCalledWith(expect.objectContaining({ query: 'renewal kind:call' })));
    expect(screen.getByTestId('search-input')).toHaveValue('renewal kind:call');
    expect(api.search.facets).toHaveBeenLastCalledWith({ query: 'renewal kind:call' });

    await userEvent.click(within(screen.getByTestId('facet-accounts')).getByText('Globex'));
    await waitFor(() => expect(screen.getByTestId('search-input')).toHaveValue('renewal kind:call account:acc-glx'));
    await userEvent.click(within(screen.getByTestId('facet-years')).getByText('2025'));
    await waitFor(() => expect(screen.getByTestId('search-input')).toHaveValue('renewal kind:call account:acc-glx after:2025 before:2026'));
    expect(within(screen.getByTestId('facet-years')).getAllByRole('button')[0]).toHaveTextContent('2026');

    await userEvent.click(within(screen.getByTestId('facet-kinds')).getByText('Calls'));
    await waitFor(() => expect(screen.getByTestId('search-input')).toHaveValue('renewal account:acc-glx after:2025 before:2026'));
    await waitFor(() => expect(window.location.hash).toBe('#/search?q=renewal%20account%3Aacc-glx%20after%3A2025%20before%3A2026'));
  });

  it('loads more with the next offset and merges groups', async () => {
    const first = results([hit('a', 'acc-glx'), hit('b', 'acc-acme')], { total: 3 });
    m(api.search.search).mockResolvedValueOnce(first).mockResolvedValueOnce(results([hit('c', 'acc-glx')], { total: 3 }));
    renderApp(<Search initial="renewal" />);
    await userEvent.click(await screen.findByTestId('search-more'));
    expect(api.search.search).toHaveBeenLastCalledWith({ query: 'renewal', order: 'best', accountId: '', size: 25, offset: 2 });
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(3));
    const groups = screen.getAllByTestId('search-group');
    expect(groups).toHaveLength(2);
    expect(within(groups[0]).getAllByTestId('search-hit')).toHaveLength(2);
    expect(screen.queryByTestId('search-more')).toBeNull();
  });

  it('sorts by date when asked', async () => {
    m(api.search.search).mockResolvedValue(results([hit('a', 'acc-glx')]));
    renderApp(<Search initial="renewal" />);
    await screen.findAllByTestId('search-hit');
    await userEvent.click(screen.getByText('Newest'));
    await waitFor(() => expect(api.search.search).toHaveBeenLastCalledWith(expect.objectContaining({ order: 'newest' })));
  });

  it('moves with the arrow keys, opens with Enter', async () => {
    m(api.search.search).mockResolvedValue(results([hit('a', 'acc-glx'), hit('b', 'acc-acme'), hit('c', 'acc-glx')]));
    renderApp(<Search initial="renewal" />);
    await screen.findAllByTestId('search-hit');
    const box = screen.getByTestId('search-input');
    box.focus();
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    // Display order is by group: Globex a, c, then Acme b.
    const rows = screen.getAllByTestId('search-hit');
    expect(rows[1]).toHaveAttribute('data-active', 'true');
    expect(rows[1]).toHaveTextContent('Subject c');
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(rows[0]).toHaveAttribute('data-active', 'true');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(window.location.hash).toBe('#/threads/thr-a?from=search&m=a&q=renewal');
  });

  it('keeps the selected hit when new mail reloads the results', async () => {
    m(api.search.search).mockResolvedValue(results([hit('a', 'acc-glx'), hit('b', 'acc-glx')]));
    let changed: () => void = () => {};
    m(api.events.onChanged).mockImplementation((fn) => {
      changed = fn as () => void;
      return () => {};
    });
    renderApp(<Search initial="renewal" />);
    await screen.findAllByTestId('search-hit');
    const box = screen.getByTestId('search-input');
    box.focus();
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('search-hit')[1]).toHaveTextContent('Subject b');
    // A new message ranks first; "b" is now third and still selected.
    m(api.search.search).mockResolvedValue(results([hit('new', 'acc-glx'), hit('a', 'acc-glx'), hit('b', 'acc-glx')]));
    act(() => changed());
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(3));
    const rows = screen.getAllByTestId('search-hit');
    expect(rows[2]).toHaveAttribute('data-active', 'true');
    expect(rows[0]).not.toHaveAttribute('data-active');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(window.location.hash).toBe('#/threads/thr-b?from=search&m=b&q=renewal');
  });

  it('opens activities, accounts and people on their account page', async () => {
    m(api.search.search).mockResolvedValue(results([hit('n1', 'acc-acme', { kind: 'call', threadId: '' })]));
    renderApp(<Search initial="renewal" />);
    const [row] = await screen.findAllByTestId('search-hit');
    expect(row).toHaveAttribute('href', '#/accounts/acc-acme');
    expect(row).toHaveTextContent('Call');
  });

  it('says when search is rebuilding, shows notes, and explains an empty result', async () => {
    m(api.search.search).mockResolvedValue(results([], { partial: true, notes: ['only the first 32 KB of long messages is searchable'] }));
    renderApp(<Search initial="renew" />);
    expect(await screen.findByTestId('search-rebuilding')).toHaveTextContent('Search is rebuilding, results may be incomplete.');
    expect(screen.getByTestId('search-notes')).toHaveTextContent('Only the first 32 KB of long messages is searchable');
    expect(screen.getByText('Nothing found')).toBeInTheDocument();
    expect(screen.getByText(/Only whole words match/)).toBeInTheDocument();
  });

  it('shows the rebuilding banner from the status too, and the query help', async () => {
    m(api.workspace.status).mockResolvedValue(makeStatus({ search: { state: 'rebuilding', done: 1, total: 9, error: '' } }));
    m(api.search.search).mockResolvedValue(results([hit('a', 'acc-glx')]));
    renderApp(<Search initial="renewal" />);
    expect(await screen.findByTestId('search-rebuilding')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('query-help'));
    expect(await screen.findByText(/the index is encrypted, so there is no prefix or fuzzy search/)).toBeInTheDocument();
    expect(screen.getByText('has:attachment')).toBeInTheDocument();
  });
});

describe('Search inside an account', () => {
  it('asks the index with the account id and shows hits inline', async () => {
    m(api.accounts.get).mockResolvedValue(acmeDetail);
    m(api.search.search).mockResolvedValue(results([hit('n1', 'acc-acme', { kind: 'note', threadId: '', title: '<mark>Pallets</mark> note' })]));
    renderApp(<AccountPage id="acc-acme" />);
    await screen.findByRole('heading', { name: 'Acme Foods' });
    await userEvent.type(screen.getByTestId('account-search'), 'pallets');
    const box = await screen.findByTestId('account-search-results');
    expect(api.search.search).toHaveBeenLastCalledWith({ query: 'pallets', order: 'best', accountId: 'acc-acme', size: 25 });
    expect(within(box).getByTestId('search-hit-title').querySelector('mark')).toHaveTextContent('Pallets');
    expect(within(box).getByText('Open in Search')).toHaveAttribute('href', '#/search?q=pallets%20account%3Aacc-acme');
    expect(screen.queryByTestId('timeline')).toBeNull();
    await userEvent.clear(screen.getByTestId('account-search'));
    expect(await screen.findByTestId('timeline')).toBeInTheDocument();
  });
});

describe('Thread reader opened from search', () => {
  it('highlights the query words in bodies as text and marks the message', async () => {
    const t = {
      ...thread,
      messages: [
        { ...thread.messages[0], body: 'Hi,\n<b>Could</b> you send the PRICE list? Price<img src=x onerror=alert(1)>' },
        { ...thread.messages[1], id: 'm2', unparsed: '', body: 'Här är prisét: the price is fine.' },
      ],
    };
    m(api.timeline.thread).mockResolvedValue(t);
    renderApp(<ThreadReader id="thr-1" from="search" messageId="m2" query='"price" -draft kind:email' />);
    const msgs = await screen.findAllByTestId('message');
    expect(msgs[1]).toHaveAttribute('data-target', 'true');
    expect(msgs[0]).not.toHaveAttribute('data-target');
    const marks0 = within(msgs[0]).getAllByTestId('body-mark').map((e) => e.textContent);
    expect(marks0).toEqual(['PRICE', 'Price']);
    expect(msgs[0].querySelector('img')).toBeNull();
    expect(within(msgs[0]).getByTestId('message-body')).toHaveTextContent('<b>Could</b>');
    expect(within(msgs[1]).getAllByTestId('body-mark').map((e) => e.textContent)).toEqual(['price']);
    expect(screen.getByText('Search results').closest('a')).toHaveAttribute('href', '#/search?q=%22price%22%20-draft%20kind%3Aemail');
  });

  it('marks the forms of the words the search matched, as the index stems them', async () => {
    const t = { ...thread, messages: [{ ...thread.messages[0], body: 'Two devices, one Device; see Müller\'s notes.', quoted: '' }] };
    m(api.timeline.thread).mockResolvedValue(t);
    m(api.search.matchedWords).mockResolvedValue(['devices', 'Device', "Müller's"]);
    renderApp(<ThreadReader id="thr-1" from="search" messageId={t.messages[0].id} query="device muller" />);
    const msgs = await screen.findAllByTestId('message');
    expect(within(msgs[0]).getAllByTestId('body-mark').map((e) => e.textContent)).toEqual(['devices', 'Device', "Müller's"]);
    expect(api.search.matchedWords).toHaveBeenCalledWith('device muller', 'thr-1');
  });

  it('opens a folded message the search pointed at', async () => {
    const msgs = Array.from({ length: 6 }, (_, i) => ({ ...thread.messages[0], id: `m${i}`, body: `body ${i} renewal`, quoted: '' }));
    m(api.timeline.thread).mockResolvedValue({ ...thread, messages: msgs });
    renderApp(<ThreadReader id="thr-1" from="search" messageId="m2" query="renewal" />);
    const open = await screen.findAllByTestId('message');
    expect(open.map((e) => e.getAttribute('data-target'))).toContain('true');
    expect(screen.getAllByTestId('message-folded')).toHaveLength(2);
  });
});
