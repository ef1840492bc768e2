package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"parley/app/applog"
	"parley/app/crm"
	"parley/app/search"
	"parley/app/store"
)

// Indexer keeps the search index following the store's change feed. The
// index is derived: when it is missing, damaged or from another mapping,
// the Indexer rebuilds it from the store in the background while searches
// answer from what is there and say so.
type Indexer struct {
	st        *store.Store
	dir       string
	key       []byte
	log       *slog.Logger
	typeahead *lazyTypeahead
	onChange  func() // tells the UI the index moved
	readOnly  bool   // the store is open for reading only (a one-shot search)

	mu         sync.RWMutex
	ix         *search.Index
	applied    chan struct{} // closed and replaced when changes are applied or Run fails (WaitFor, CaughtUp)
	rebuilding bool
	done, todo int // rebuild progress
	err        error
	failures   int // Run's failures in a row
}

// storeLoader loads hit entities from the store for snippets.
type storeLoader struct{ st *store.Store }

func (l storeLoader) Load(ctx context.Context, ids []crm.ID) (map[crm.ID]crm.Entity, error) {
	refs := make([]crm.Ref, 0, len(ids))
	for _, id := range ids {
		if k, ok := kindOfID(id); ok {
			refs = append(refs, crm.Ref{Kind: k, ID: id})
		}
	}
	out := make(map[crm.ID]crm.Entity, len(refs))
	err := l.st.View(ctx, func(tx *store.Tx) error {
		for i, e := range tx.LoadMany(refs) {
			if e != nil {
				out[refs[i].ID] = e
			}
		}
		return nil
	})
	return out, err
}

// kindOfID tells an entity's kind from its id prefix.
func kindOfID(id crm.ID) (crm.Kind, bool) {
	if len(id) < 2 {
		return "", false
	}
	switch id[:2] {
	case "m_":
		return crm.KindMessage, true
	case "a_":
		return crm.KindAccount, true
	case "c_":
		return crm.KindContact, true
	case "v_", "n_":
		return crm.KindActivity, true
	}
	return "", false
}

// indexedKinds are the entity kinds the search index holds.
var indexedKinds = []crm.Kind{crm.KindMessage, crm.KindActivity, crm.KindAccount, crm.KindContact}

// searchable returns what the index should hold for an entity: mail that
// is not customer history is stored but never searchable.
func searchable(e crm.Entity) crm.Entity {
	if m, ok := e.(*crm.Message); ok && !m.History {
		return (*crm.Message)(nil)
	}
	return e
}

func openIndexer(ctx context.Context, st *store.Store, dir string, master []byte, log *slog.Logger) (*Indexer, error) {
	key, err := search.DeriveKey(master)
	if err != nil {
		return nil, err
	}
	x := &Indexer{st: st, dir: dir, key: key, log: log, onChange: func() {}, applied: make(chan struct{})}
	x.typeahead = &lazyTypeahead{t: search.NewTypeahead(), load: x.loadTypeahead}
	return x, nil
}

func (x *Indexer) options() search.Options {
	return search.Options{Loader: storeLoader{x.st}, Resolver: x.typeahead, Logger: x.log}
}

// Ready opens the index (rebuilding it from the store when it is missing,
// damaged or from another mapping) and applies every change it lacks.
// Over a read-only store it first tries the index read-only, as it is:
// enough when the index has every change.
func (x *Indexer) Ready(ctx context.Context, verify bool) error {
	if x.readOnly && x.readyReadOnly(ctx) {
		return nil
	}
	opts := x.options()
	opts.SkipVerify = !verify
	var ix *search.Index
	var err error
	if _, statErr := os.Stat(x.dir); errors.Is(statErr, os.ErrNotExist) && x.st.LastSeq() > 0 && !x.readOnly {
		// Gone (deleted, or `parley reindex`) while the store holds mail:
		// a rebuild from a snapshot, with progress, not a replay of the
		// whole change log.
		x.log.Warn("search index missing: rebuilding it from the store")
		ix, err = x.rebuild(ctx)
	} else {
		ix, err = search.Open(ctx, x.dir, x.key, opts)
		if errors.Is(err, search.ErrNeedsRebuild) {
			x.log.Warn("search index needs a rebuild", applog.KeyErr, err)
			ix, err = x.rebuild(ctx)
		}
	}
	if err != nil {
		return err
	}
	x.mu.Lock()
	x.ix = ix
	x.mu.Unlock()
	return x.catchUp(ctx, ix)
}

// readyReadOnly opens the index for searching only, and keeps it when it
// holds every change of the store.
func (x *Indexer) readyReadOnly(ctx context.Context) bool {
	opts := x.options()
	opts.SkipVerify, opts.ReadOnly = true, true
	ix, err := search.Open(ctx, x.dir, x.key, opts)
	if err != nil {
		return false
	}
	if ix.LastSeq() != x.st.LastSeq() {
		ix.Close(ctx)
		return false // behind: a writable open catches it up
	}
	x.mu.Lock()
	x.ix = ix
	x.mu.Unlock()
	return true
}

// Close closes the index.
func (x *Indexer) Close(ctx context.Context) error {
	x.mu.Lock()
	ix := x.ix
	x.ix = nil
	x.mu.Unlock()
	if ix == nil {
		return nil
	}
	return ix.Close(ctx)
}

// Run makes the index ready and follows the store until ctx ends.
func (x *Indexer) Run(ctx context.Context) {
	defer func() {
		c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		x.Close(c)
	}()
	err := x.Ready(ctx, true)
	for {
		if ctx.Err() != nil {
			return
		}
		ix := x.Index()
		if err == nil && ix != nil {
			x.setErr(nil)
			if err = x.waitWork(ctx, ix); err != nil {
				return
			}
			if err = ix.Broken(); err == nil {
				err = x.catchUp(ctx, ix)
			}
			continue
		}
		if errors.Is(err, search.ErrNeedsRebuild) {
			x.Close(ctx)
			if ix, err = x.rebuild(ctx); err == nil {
				x.mu.Lock()
				x.ix = ix
				x.mu.Unlock()
				err = x.catchUp(ctx, ix)
				continue
			}
			// A rebuild that failed is retried after the pause below, not
			// at once and for ever.
		}
		if err != nil {
			x.log.Error("search index update failed", applog.KeyErr, err)
			x.setErr(err)
			select { // retry later: the store stays the truth
			case <-time.After(5 * time.Second):
			case <-ctx.Done():
				return
			}
			if ix == nil {
				err = x.Ready(ctx, true)
			} else {
				err = x.catchUp(ctx, ix)
			}
		}
	}
}

// catchUpWindow is how many changes catchUp reads at once. Within a window
// an entity changed several times (an account with every import batch) is
// loaded and indexed once, at its newest state.
const catchUpWindow = 2000

// catchUp applies every change after the index's last sequence.
func (x *Indexer) catchUp(ctx context.Context, ix *search.Index) error {
	for {
		var changes []search.Change
		err := x.st.View(ctx, func(tx *store.Tx) error {
			feed, err := tx.Changes(ix.LastSeq(), catchUpWindow)
			if err != nil {
				return err
			}
			// Entities to index are read and decoded together, on every core.
			var refs []crm.Ref
			var at []int
			for _, c := range newestPerEntity(feed) {
				sc := search.Change{Seq: c.Seq, ID: c.Entity.ID}
				switch {
				case !slices.Contains(indexedKinds, c.Entity.Kind):
					sc.Entity = notIndexed
				case !c.Deleted:
					refs = append(refs, c.Entity)
					at = append(at, len(changes))
				}
				changes = append(changes, sc)
			}
			for i, e := range tx.LoadMany(refs) {
				if e != nil {
					changes[at[i]].Entity = searchable(e)
				}
			}
			return nil
		})
		if err != nil || len(changes) == 0 {
			x.signalApplied() // caught up: wake WaitFor, also after a rebuild
			return err
		}
		if err := ix.Apply(ctx, changes); err != nil {
			return err
		}
		x.typeahead.Apply(changes)
		x.signalApplied()
		x.onChange()
	}
}

// waitWork waits for a change to apply, or for a search to find the index
// damaged: then Run rebuilds it at once, not at the next change.
func (x *Indexer) waitWork(ctx context.Context, ix *search.Index) error {
	wait, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		select {
		case <-ix.Damaged():
			stop()
		case <-wait.Done():
		}
	}()
	if err := x.st.WaitChange(wait, ix.LastSeq()); err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return nil
}

func (x *Indexer) signalApplied() {
	x.mu.Lock()
	close(x.applied)
	x.applied = make(chan struct{})
	x.mu.Unlock()
}

// WaitFor waits until the index holds the store's change seq, so what was
// just saved is searchable when the save returns; or until ctx ends.
func (x *Indexer) WaitFor(ctx context.Context, seq uint64) error {
	for {
		x.mu.RLock()
		ix, applied := x.ix, x.applied
		x.mu.RUnlock()
		if ix != nil && ix.LastSeq() >= seq {
			return nil
		}
		select {
		case <-applied:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// CaughtUp waits, while Run follows the store, until the index holds every
// change committed so far and is not damaged (Run rebuilds it then). It
// returns the error that keeps the index from getting there once Run has
// failed twice in a row: the first failure is retried. parley import
// waits with it after the last folder: stopping Run and reopening the
// index to catch up would throw away a merge in progress only to start it
// again.
func (x *Indexer) CaughtUp(ctx context.Context) error {
	for {
		x.mu.RLock()
		ix, applied, err, failures := x.ix, x.applied, x.err, x.failures
		x.mu.RUnlock()
		switch {
		case err != nil && failures >= 2:
			return err
		case err == nil && ix != nil && ix.Broken() == nil && ix.LastSeq() >= x.st.LastSeq():
			return nil
		}
		select {
		case <-applied:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// notIndexed stands for an entity of a kind the index does not hold: it
// only moves the index's sequence on, so it is not worth loading.
var notIndexed crm.Entity = (*crm.Thread)(nil)

// newestPerEntity keeps the last change of each entity, in feed order. The
// feed's last change always survives, so the index's sequence reaches the
// end of the window.
func newestPerEntity(feed []store.Change) []store.Change {
	last := make(map[crm.Ref]uint64, len(feed))
	for _, c := range feed {
		last[c.Entity] = c.Seq
	}
	out := feed[:0]
	for _, c := range feed {
		if last[c.Entity] == c.Seq {
			out = append(out, c)
		}
	}
	return out
}

// rebuild makes a new index from a store snapshot, in batches, with progress.
func (x *Indexer) rebuild(ctx context.Context) (*search.Index, error) {
	x.mu.Lock()
	x.rebuilding, x.done, x.todo = true, 0, 0
	x.mu.Unlock()
	defer func() {
		x.mu.Lock()
		x.rebuilding = false
		x.mu.Unlock()
		x.onChange()
	}()
	ix, err := search.Rebuild(ctx, x.dir, x.key, x.options())
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	x.ix = ix // searches answer (partially) while it fills
	x.mu.Unlock()
	var seq uint64
	err = x.st.View(ctx, func(tx *store.Tx) error {
		if seq, err = tx.Seq(); err != nil {
			return err
		}
		total := 0
		for _, k := range indexedKinds {
			n, _ := tx.Count(k)
			total += n
		}
		x.mu.Lock()
		x.todo = total
		x.mu.Unlock()
		batch := make([]crm.Entity, 0, 500)
		flush := func() error {
			if err := ix.Add(ctx, batch); err != nil {
				return err
			}
			x.mu.Lock()
			x.done += len(batch)
			x.mu.Unlock()
			x.onChange()
			batch = batch[:0]
			return nil
		}
		for _, k := range indexedKinds {
			var addErr error
			err := tx.Each(k, func(e crm.Entity) bool {
				if s := searchable(e); s == e {
					batch = append(batch, e)
				}
				if len(batch) == cap(batch) {
					addErr = flush()
				}
				return addErr == nil
			})
			if err != nil {
				return err
			}
			if addErr != nil {
				return addErr
			}
		}
		return flush()
	})
	if err == nil {
		err = ix.FinishRebuild(ctx, seq)
	}
	if err != nil {
		x.mu.Lock()
		if x.ix == ix {
			x.ix = nil // searches must not reach a closed index
		}
		x.mu.Unlock()
		ix.Close(ctx)
		return nil, err
	}
	x.log.Info("search index rebuilt", applog.KeyCount, x.done)
	return ix, nil
}

func (x *Indexer) loadTypeahead(t *search.Typeahead) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var accounts []*crm.Account
	var contacts []*crm.Contact
	err := x.st.View(ctx, func(tx *store.Tx) error {
		if err := tx.Each(crm.KindAccount, func(e crm.Entity) bool { accounts = append(accounts, e.(*crm.Account)); return true }); err != nil {
			return err
		}
		return tx.Each(crm.KindContact, func(e crm.Entity) bool { contacts = append(contacts, e.(*crm.Contact)); return true })
	})
	if err != nil {
		return err
	}
	t.Load(accounts, contacts)
	return nil
}

// lazyTypeahead builds the typeahead from the store on first use: a
// one-shot `parley search` for words never needs it, and at 200k
// messages loading it costs as much as the search.
type lazyTypeahead struct {
	mu     sync.Mutex
	t      *search.Typeahead
	loaded bool
	load   func(*search.Typeahead) error
}

func (l *lazyTypeahead) get() *search.Typeahead {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		if err := l.load(l.t); err != nil {
			return l.t // answer from what there is; try again next time
		}
		l.loaded = true
	}
	return l.t
}

// Apply keeps a loaded typeahead current; before loading there is nothing
// to keep current (the load reads the store as it is then).
func (l *lazyTypeahead) Apply(changes []search.Change) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.loaded {
		l.t.Apply(changes)
	}
}

func (l *lazyTypeahead) ResolveAccounts(v string) []crm.ID { return l.get().ResolveAccounts(v) }
func (l *lazyTypeahead) ResolvePeople(v string) []crm.ID   { return l.get().ResolvePeople(v) }

// Suggest answers typeahead queries.
func (l *lazyTypeahead) Suggest(q, kind string, limit int) []search.Suggestion {
	return l.get().Suggest(q, kind, limit)
}

func (x *Indexer) setErr(err error) {
	x.mu.Lock()
	changed := err != nil || x.err != nil
	x.err = err
	if err == nil {
		x.failures = 0
	} else {
		x.failures++
	}
	x.mu.Unlock()
	if changed {
		x.signalApplied() // CaughtUp sees the failure, or the recovery
	}
}

// Index returns the current index, or nil before it is open.
func (x *Indexer) Index() *search.Index {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.ix
}

// State reports the index state for the status bar.
func (x *Indexer) State() SearchState {
	x.mu.RLock()
	defer x.mu.RUnlock()
	s := SearchState{State: "ready"}
	switch {
	case x.err != nil:
		s.State, s.Error = "error", "Search is not up to date: "+x.err.Error()
	case x.rebuilding:
		s.State, s.Done, s.Total = "rebuilding", x.done, x.todo
	case x.ix != nil && x.ix.Broken() != nil:
		s.State = "rebuilding" // Run starts it at once (waitWork)
	case x.ix == nil:
		s.State = "opening"
	case x.ix.LastSeq() < x.st.LastSeq():
		s.State = "catching up"
		s.Done, s.Total = int(x.ix.LastSeq()), int(x.st.LastSeq())
	}
	return s
}

// Reindex throws the index away and rebuilds it from the store.
func (x *Indexer) Reindex(ctx context.Context) error {
	x.Close(ctx)
	if err := os.RemoveAll(x.dir); err != nil {
		return err
	}
	os.RemoveAll(filepath.Clean(x.dir) + ".broken")
	return x.Ready(ctx, false)
}
