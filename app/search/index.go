package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"

	"parley/app/crm"
)

// ErrNeedsRebuild means the index on disk cannot be used as it is: missing
// metadata, damaged files, an older mapping, another key, or a rebuild that
// did not finish. The caller calls Rebuild and feeds the new index from the
// store; the error's text says which case it was.
var ErrNeedsRebuild = errors.New("search: index needs a rebuild")

// ErrLocked means another process (or another Index in this one) has the
// index open.
var ErrLocked = errors.New("search: index is in use by another process")

// ErrClosed is returned by methods called after Close.
var ErrClosed = errors.New("search: index closed")

// Keys of the index's own metadata (Bleve internal storage), written in the
// same Bleve batch as the documents they describe.
var (
	keyMapping    = []byte("parley.mapping")    // decimal MappingVersion
	keySeq        = []byte("parley.seq")        // 8-byte big-endian last change sequence applied
	keyKeyCheck   = []byte("parley.keycheck")   // keyed hash of a constant: detects a different key
	keyRebuilding = []byte("parley.rebuilding") // present while a rebuild is being fed
)

const keyCheckInput = "parley search key check"

// Loader gives back the entities behind search hits: the index stores no
// text, so snippets, titles and facets are built from what the store holds.
type Loader interface {
	// Load returns the entities with these ids that exist. Ids it does not
	// find are left out of the map (the index may briefly be ahead of or
	// behind the store); an error means the store failed.
	Load(ctx context.Context, ids []crm.ID) (map[crm.ID]crm.Entity, error)
}

// Resolver turns the names in account: and person: into ids. Typeahead
// implements it.
type Resolver interface {
	// ResolveAccounts returns the ids of the accounts that value names: an
	// id itself, or a name, alias or domain. Nil when none.
	ResolveAccounts(value string) []crm.ID
	// ResolvePeople is ResolveAccounts for contacts: an id, a name or an
	// address.
	ResolvePeople(value string) []crm.ID
}

// Options configure an Index. Loader is required for Search and Facets.
type Options struct {
	Loader   Loader
	Resolver Resolver // optional; without it account: and person: take ids only
	Logger   *slog.Logger
	// BatchSize is how many changes go into one Bleve batch (default 1000).
	BatchSize int
	// Location is the time zone of dates typed in queries (default Local).
	Location *time.Location
	// SkipVerify skips the checksum pass over the index files at Open
	// (a sequential read of the whole index). Damage is then found only
	// when a search or an apply trips over it.
	SkipVerify bool
	// ReadOnly opens an existing index for searching only (a one-shot
	// search): no lock held against writers' opens of Bolt, no syncs, no
	// background merging. Apply fails; a missing index is ErrNeedsRebuild.
	ReadOnly bool
}

func (o *Options) withDefaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.Location == nil {
		o.Location = time.Local
	}
}

// Index is the search index of one workspace. It is safe for concurrent use:
// searches run in parallel, changes are applied one batch at a time.
type Index struct {
	dir  string
	opts Options
	an   *analyzers
	b    bleve.Index

	applyMu    sync.Mutex
	sums       map[crm.ID]uint64 // under applyMu: docSum of the accounts and people indexed
	lastSeq    atomic.Uint64
	rebuilding atomic.Bool
	broken     atomic.Pointer[error] // set when damage shows up after Open
	damagedCh  chan struct{}         // closed with broken (Damaged)
	closed     atomic.Bool

	facetNamesOnce sync.Once
	facetNamesMap  map[string]string // facet term -> kind or year
	facetIDCache   sync.Map          // facet term -> account or contact id (facetIDs)
}

// Open opens the index in dir, creating it when dir does not exist. When
// the index exists but cannot be trusted it returns an error wrapping
// ErrNeedsRebuild, and the caller uses Rebuild. key is the index key from
// DeriveKey; ctx bounds the checksum pass.
func Open(ctx context.Context, dir string, key []byte, opts Options) (*Index, error) {
	if len(key) < MinKeySize {
		return nil, ErrBadKey
	}
	opts.withDefaults()
	ix := &Index{dir: dir, opts: opts, an: newAnalyzers(key), sums: map[crm.ID]uint64{}, damagedCh: make(chan struct{})}
	if !opts.SkipVerify {
		// Before Bleve opens anything: its background merger would panic on
		// a damaged segment where no recover can reach it.
		if err := verifySegments(ctx, dir); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	b, err := safeOpen(dir, opts.ReadOnly)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) && opts.ReadOnly {
		return nil, fmt.Errorf("%w: no index in %s", ErrNeedsRebuild, dir)
	}
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return create(ctx, dir, ix, false)
	}
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s", ErrLocked, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: cannot open %s: %w", ErrNeedsRebuild, dir, err)
	}
	ix.b = b
	if err := ix.check(); err != nil {
		_ = b.Close()
		return nil, err
	}
	opts.Logger.Debug("search index open", "dir", dir, "seq", ix.LastSeq())
	return ix, nil
}

// safeOpen opens a Bleve index, turning a panic on damaged files into an
// error.
func safeOpen(dir string, readOnly bool) (b bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("panic: %v", r)
		}
	}()
	// Without a timeout Bolt waits forever for another holder's file lock.
	config := scorchConfig()
	config["bolt_timeout"] = lockTimeout.String()
	if readOnly {
		config["read_only"] = true
	}
	return bleve.OpenUsing(dir, config)
}

// scorchConfig is the index's runtime configuration. Merge tiers of 20
// segments, merged 20 at a time and growing twentyfold (Bleve: 10), so an
// import rewrites each document fewer times: at 200,000 messages merging
// took 10 % of the import's CPU, and `parley import` went from 112.7 to
// 109.1 s. Segments below 1,000 documents count as 1,000 (Bleve: 2,000,
// which gave an index of a few thousand documents a budget of two
// segments, so every batch merged everything): merging fell from 19 to
// 11 % of a corpus import's CPU, 4.14 -> 3.90 s, its index 23 MiB in 3
// segments. The price is more segments at 200k (24 against 12): search
// p95 ~10-11 ms (was 8.9; target 20), p99 13-17 ms (target 50), index
// 368 MiB (was 345). A 500-document floor was tried before and not kept
// (docs/benchmarks.md): it split small indexes into many segments, and
// keyed terms share nothing between segments' dictionaries.
func scorchConfig() map[string]any {
	return map[string]any{
		"scorchMergePlanOptions": map[string]any{"MaxSegmentsPerTier": 20, "SegmentsPerMergeTask": 20, "TierGrowth": 20.0, "FloorSegmentSize": 1000},
	}
}

// ErrReadOnly means a change reached an index opened for searching only.
var ErrReadOnly = errors.New("search: the index is open for reading only")

// lockTimeout is how long Open waits for another holder to let go.
const lockTimeout = 2 * time.Second

// create makes a new, empty index in dir and writes its metadata.
func create(ctx context.Context, dir string, ix *Index, rebuilding bool) (*Index, error) {
	b, err := bleve.NewUsing(dir, emptyMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, scorchConfig())
	if err != nil {
		return nil, fmt.Errorf("search: create %s: %w", dir, err)
	}
	ix.b = b
	batch := b.NewBatch()
	batch.SetInternal(keyMapping, []byte(strconv.Itoa(MappingVersion)))
	batch.SetInternal(keyKeyCheck, []byte(ix.an.h.term(keyCheckInput)))
	batch.SetInternal(keySeq, encodeSeq(0))
	if rebuilding {
		batch.SetInternal(keyRebuilding, []byte{1})
	}
	if err := b.Batch(batch); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("search: create %s: write metadata: %w", dir, err)
	}
	ix.rebuilding.Store(rebuilding)
	if err := ctx.Err(); err != nil {
		_ = b.Close()
		return nil, err
	}
	return ix, nil
}

// check verifies the metadata of an opened index.
func (ix *Index) check() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: damaged index in %s: %v", ErrNeedsRebuild, ix.dir, r)
		}
	}()
	get := func(k []byte) []byte {
		v, gerr := ix.b.GetInternal(k)
		if gerr != nil && err == nil {
			err = fmt.Errorf("%w: read metadata of %s: %w", ErrNeedsRebuild, ix.dir, gerr)
		}
		return v
	}
	mv, kc, seq, reb := get(keyMapping), get(keyKeyCheck), get(keySeq), get(keyRebuilding)
	if err != nil {
		return err
	}
	switch {
	case string(mv) != strconv.Itoa(MappingVersion):
		return fmt.Errorf("%w: index in %s has mapping version %q, this build writes %d", ErrNeedsRebuild, ix.dir, mv, MappingVersion)
	case string(kc) != ix.an.h.term(keyCheckInput):
		return fmt.Errorf("%w: index in %s was written with another key", ErrNeedsRebuild, ix.dir)
	case len(seq) != 8:
		return fmt.Errorf("%w: index in %s has no change sequence", ErrNeedsRebuild, ix.dir)
	case reb != nil:
		return fmt.Errorf("%w: the rebuild of %s did not finish", ErrNeedsRebuild, ix.dir)
	}
	if _, derr := ix.b.DocCount(); derr != nil {
		return fmt.Errorf("%w: count documents in %s: %w", ErrNeedsRebuild, ix.dir, derr)
	}
	ix.lastSeq.Store(binary.BigEndian.Uint64(seq))
	return nil
}

func encodeSeq(s uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, s)
}

// LastSeq is the sequence of the last change Apply recorded; the caller
// resumes its change feed after it.
func (ix *Index) LastSeq() uint64 { return ix.lastSeq.Load() }

// Rebuilding reports whether the index is being fed by a rebuild that has
// not called FinishRebuild yet: searches then see only part of the data.
func (ix *Index) Rebuilding() bool { return ix.rebuilding.Load() }

// DocCount is the number of documents in the index.
func (ix *Index) DocCount() (uint64, error) {
	if err := ix.usable(); err != nil {
		return 0, err
	}
	return ix.b.DocCount()
}

// Segments is how many segment files the index has on disk now. Bleve
// merges segments in the background for a while after a large import;
// while it does, searches share the cores with it and walk more segments.
func (ix *Index) Segments() uint64 {
	if ix.usable() != nil {
		return 0
	}
	m, _ := ix.b.StatsMap()["index"].(map[string]any)
	n, _ := m["CurOnDiskFiles"].(uint64)
	return n
}

// Close closes the index. It is safe to call more than once.
func (ix *Index) Close(ctx context.Context) error {
	if ix.closed.Swap(true) {
		return nil
	}
	ix.applyMu.Lock()
	defer ix.applyMu.Unlock()
	closed := make(chan error, 1)
	go func() { closed <- ix.b.Close() }()
	wait := time.NewTimer(brokenCloseWait)
	defer wait.Stop()
	var err error
	if ix.Broken() == nil {
		err = <-closed
	} else {
		// A panic recovered inside Bleve may have left one of its locks
		// held: a damaged index is not waited for forever, so that its
		// owner can move it aside and rebuild.
		select {
		case err = <-closed:
		case <-wait.C:
			ix.opts.Logger.Error("search index close did not finish; leaving the damaged index behind", "dir", ix.dir)
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("search: close %s: %w", ix.dir, err)
	}
	return ctx.Err()
}

// brokenCloseWait is how long Close waits for a damaged index.
const brokenCloseWait = 10 * time.Second

// usable says whether the index can serve a call.
func (ix *Index) usable() error {
	if ix.closed.Load() {
		return ErrClosed
	}
	if e := ix.broken.Load(); e != nil {
		return *e
	}
	return nil
}

// damaged records that Bleve tripped over damaged files during a call; the
// index refuses further calls with an error wrapping ErrNeedsRebuild.
func (ix *Index) damaged(what string, cause any) error {
	err := fmt.Errorf("%w: damaged index in %s (%s): %v", ErrNeedsRebuild, ix.dir, what, cause)
	if ix.broken.CompareAndSwap(nil, &err) {
		close(ix.damagedCh)
	}
	ix.opts.Logger.Error("search index damaged", "dir", ix.dir, "err", err)
	return err
}

// Broken returns the error, wrapping ErrNeedsRebuild, of damage found
// after Open, or nil.
func (ix *Index) Broken() error {
	if e := ix.broken.Load(); e != nil {
		return *e
	}
	return nil
}

// Damaged is closed when a call finds the index's files damaged: its
// owner then rebuilds it without waiting for a change to apply.
func (ix *Index) Damaged() <-chan struct{} { return ix.damagedCh }

// faultsPanic makes a fault on a damaged memory-mapped segment (a file cut
// short under the index reads as SIGBUS) a panic that the calling
// goroutine's recover turns into damaged, instead of a crash. Use it as
// defer faultsPanic()() before that recover.
func faultsPanic() func() {
	old := debug.SetPanicOnFault(true)
	return func() { debug.SetPanicOnFault(old) }
}

// Rebuild moves the index in dir aside (to dir+".broken", replacing an
// older one) and creates an empty index in its place, marked as rebuilding
// until FinishRebuild. The caller feeds it with Add (every indexable entity
// of a store snapshot), then calls FinishRebuild with the change sequence of
// that snapshot and resumes its change feed with Apply. A crash before
// FinishRebuild makes the next Open report ErrNeedsRebuild again.
func Rebuild(ctx context.Context, dir string, key []byte, opts Options) (*Index, error) {
	if len(key) < MinKeySize {
		return nil, ErrBadKey
	}
	opts.withDefaults()
	aside := dir + ".broken"
	if err := os.RemoveAll(aside); err != nil {
		return nil, fmt.Errorf("search: rebuild: remove %s: %w", aside, err)
	}
	if err := os.Rename(dir, aside); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("search: rebuild: move %s aside: %w", dir, err)
	}
	opts.Logger.Info("search index rebuild", "dir", dir, "aside", aside)
	return create(ctx, dir, &Index{dir: dir, opts: opts, an: newAnalyzers(key), sums: map[crm.ID]uint64{}, damagedCh: make(chan struct{})}, true)
}

// FinishRebuild ends a rebuild: it records seq (the change sequence of the
// store snapshot the rebuild was fed from) and clears the rebuilding mark,
// atomically.
func (ix *Index) FinishRebuild(ctx context.Context, seq uint64) error {
	ix.applyMu.Lock()
	defer ix.applyMu.Unlock()
	if err := ix.usable(); err != nil {
		return err
	}
	seq = max(seq, ix.LastSeq())
	batch := ix.b.NewBatch()
	batch.SetInternal(keySeq, encodeSeq(seq))
	batch.DeleteInternal(keyRebuilding)
	if err := ix.b.Batch(batch); err != nil {
		return fmt.Errorf("search: finish rebuild: %w", err)
	}
	ix.lastSeq.Store(seq)
	ix.rebuilding.Store(false)
	return ctx.Err()
}
