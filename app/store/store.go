// Package store keeps Parley's workspace in an encrypted Badger v4
// database: the entities, their secondary indexes, the change log every
// write records, import checkpoints, secrets and preferences.
//
// All writes go through Update, which runs one Badger transaction at a
// time: each write gets the next local change sequence, and each change
// made on this device the next client sequence, both gapless because a
// failed commit rolls the counters back.
package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"parley/app/crm"
)

// Errors callers branch on.
var (
	// ErrLocked means another Parley process has the workspace open.
	ErrLocked = errors.New("the workspace is open in another Parley window or command")
	// ErrWrongKey means the key does not open this workspace.
	ErrWrongKey = errors.New("the key does not open this workspace")
	// ErrNewerSchema means a newer Parley wrote the workspace.
	ErrNewerSchema = errors.New("this workspace was written by a newer version of Parley")
)

// Options configure Open.
type Options struct {
	Dir    string // the store's folder
	Key    []byte // 32-byte master key (AES-256)
	Logger *slog.Logger
	// InMemoryCacheMB bounds Badger's block and index caches (each); 0 means 32.
	CacheMB int64
	// NoSync skips fsync on commit; only for benchmarks and tests of speed.
	NoSync bool
	// ReadOnly opens for reading only (a one-shot search): faster to open
	// and close. It fails with ErrNeedsWrite when the store must first
	// recover or migrate; open it normally then.
	ReadOnly bool
}

// Store is an open workspace store. It is safe for concurrent use.
type Store struct {
	db     *badger.DB
	packs  *packs // large values, outside Badger
	lock   *dirLock
	log    *slog.Logger
	client string

	mu   sync.Mutex // serialises writers; guards the counters below
	seq  uint64
	cseq uint64
	hlc  crm.HLC
	now  func() time.Time
	// advanced is closed and replaced whenever seq moves: WaitChange's signal.
	advanced chan struct{}
	readOnly bool
	// legacySubjects says whether subject lists of an older version's
	// layout were there at open (TakeLegacySubjectEntries).
	legacySubjects atomic.Bool
	// recent holds small values as committed, for write transactions
	// (guarded by mu).
	recent *recentValues
}

// ErrNeedsWrite means a read-only open found work only a writer can do.
var ErrNeedsWrite = errors.New("store: needs a writable open")

// Open opens or creates the store in opts.Dir. It fails with ErrLocked when
// another process holds the workspace, ErrWrongKey when the key does not
// match, and ErrNewerSchema when a newer build wrote it.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if len(opts.Key) != 32 {
		return nil, fmt.Errorf("store: master key must be 32 bytes, got %d", len(opts.Key))
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.CacheMB == 0 {
		opts.CacheMB = 32
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create folder: %w", err)
	}
	lock, err := lockDir(filepath.Join(opts.Dir, "parley.lock"), opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	// A reader changes nothing on disk: an empty log file makes Badger
	// refuse the read-only open, and the caller then opens for writing.
	if !opts.ReadOnly {
		if err := removeEmptyLogs(opts.Dir, opts.Logger); err != nil {
			lock.release()
			return nil, err
		}
	}
	bo := badger.DefaultOptions(opts.Dir).
		WithEncryptionKey(opts.Key).
		WithEncryptionKeyRotationDuration(30 * 24 * time.Hour).
		WithBlockCacheSize(opts.CacheMB << 20).
		WithIndexCacheSize(opts.CacheMB << 20).
		// What Badger holds is small and rewritten by every compaction:
		// Snappy costs a fraction of zstd's CPU there (mail in packs is
		// zstd-compressed once).
		WithCompression(options.Snappy).
		WithSyncWrites(!opts.NoSync).
		// 16 MiB memtables. A flush builds its level-0 table in memory,
		// three to four times the memtable's size, and Badger's allocator
		// pool keeps up to eight builders' memory while tables keep being
		// built. Since threading state stopped rewriting subject lists,
		// an import writes ~2 KB per message here, and 16 MiB (against 64)
		// cut a 50k import's peak RSS from 955 to 607 MB at the same speed.
		// Badger takes at most 15 % of a memtable in one transaction (2.4
		// MiB); an import batch of 200 messages writes ~0.5 MiB.
		WithMemTableSize(16 << 20).
		WithNumMemtables(3).
		// Mail lives in packs (pack.go), so what Badger holds is small:
		// keep it in the tree, with no value log to map into memory.
		WithValueThreshold(1 << 20).
		WithNumCompactors(2).
		WithReadOnly(opts.ReadOnly).
		WithLogger(badgerLogger{opts.Logger})
	// Every level's tables as small as the first's (2 MiB): Badger builds a
	// whole table in memory, two to three times over, and its allocator pool
	// keeps up to eight builders' memory while compactions run; with tables
	// doubling per level that held ~900 MB of a 200k import's heap (~400
	// MB now, and the import no slower).
	bo.TableSizeMultiplier = 1
	if opts.ReadOnly {
		bo = readOnlyOptions(bo)
	}
	db, err := badger.Open(bo)
	if err != nil {
		lock.release()
		if errors.Is(err, badger.ErrEncryptionKeyMismatch) {
			return nil, ErrWrongKey
		}
		if opts.ReadOnly {
			return nil, fmt.Errorf("%w: %v", ErrNeedsWrite, err)
		}
		return nil, fmt.Errorf("store: open: %w", err)
	}
	pk, err := openPacks(filepath.Join(opts.Dir, "packs"), opts.Key, opts.ReadOnly)
	if err != nil {
		db.Close()
		lock.release()
		return nil, err
	}
	st := &Store{db: db, packs: pk, lock: lock, log: opts.Logger, now: time.Now, advanced: make(chan struct{}), readOnly: opts.ReadOnly, recent: newRecentValues()}
	if err := st.init(); err != nil {
		pk.close()
		db.Close()
		lock.release()
		return nil, err
	}
	return st, nil
}

// readOnlyOptions sizes Badger for one short query process: it reads a
// few dozen entities, so a small block cache does. The index cache only
// bounds what it may hold (encrypted tables need one; its counters are
// sized by entries, not bytes). Badger starts no compactor, memtable
// flush or value-log GC read-only.
func readOnlyOptions(bo badger.Options) badger.Options {
	return bo.
		WithBlockCacheSize(4 << 20).
		WithIndexCacheSize(64 << 20).
		WithNumCompactors(0).
		WithNumGoroutines(1).
		WithDetectConflicts(false).
		WithMetricsEnabled(false)
}

// removeEmptyLogs deletes zero-length memtable and value-log files. Badger
// creates them before sizing them, so a process killed in between leaves
// one behind, and Badger then refuses to open ("Create a new file"). An
// empty file holds no data.
func removeEmptyLogs(dir string, log *slog.Logger) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("store: read folder: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if ext := filepath.Ext(name); ext != ".mem" && ext != ".vlog" {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() != 0 {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("store: remove empty %s: %w", name, err)
		}
		log.Warn("removed an empty log file left by an interrupted start", "file", name)
	}
	return nil
}

// hasPrefix says whether any key starts with prefix.
func hasPrefix(txn *badger.Txn, prefix []byte) bool {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	it.Seek(prefix)
	return it.ValidForPrefix(prefix)
}

// init loads the counters and the client id, creating them on first open,
// and runs migrations.
func (st *Store) init() error {
	run := st.db.Update
	if st.readOnly {
		run = st.db.View
	}
	return run(func(txn *badger.Txn) error {
		version, err := getU64(txn, keySchema)
		if err != nil {
			return err
		}
		switch {
		case st.readOnly && version != crm.SchemaVersion:
			return ErrNeedsWrite
		case version == 0:
			// New store (or one from before versioning): stamp it.
			if err := txn.Set(keySchema, u64(crm.SchemaVersion)); err != nil {
				return err
			}
		case version > crm.SchemaVersion:
			return ErrNewerSchema
		case version < crm.SchemaVersion:
			if err := migrate(txn, version); err != nil {
				return fmt.Errorf("store: migrate from schema %d: %w", version, err)
			}
		}
		client, err := getBytes(txn, keyClient)
		if err != nil {
			return err
		}
		if client == nil && st.readOnly {
			return ErrNeedsWrite
		}
		if client == nil {
			var b [8]byte
			if _, err := rand.Read(b[:]); err != nil {
				return err
			}
			client = []byte(hex.EncodeToString(b[:]))
			if err := txn.Set(keyClient, client); err != nil {
				return err
			}
		}
		st.client = string(client)
		st.legacySubjects.Store(hasPrefix(txn, []byte(prefixSubject)))
		if st.seq, err = getU64(txn, keySeq); err != nil {
			return err
		}
		if st.cseq, err = getU64(txn, keyCSeq); err != nil {
			return err
		}
		raw, err := getBytes(txn, keyHLC)
		if err != nil {
			return err
		}
		if raw != nil {
			if err := unmarshal(raw, &st.hlc); err != nil {
				return fmt.Errorf("store: read clock: %w", err)
			}
		}
		return nil
	})
}

// ClientID is this device's id in the change log.
func (st *Store) ClientID() string { return st.client }

// Close flushes and closes the store and releases the workspace lock.
func (st *Store) Close(ctx context.Context) error {
	err := errors.Join(st.packs.close(), st.db.Close())
	st.lock.release()
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// LastSeq returns the last local change sequence committed.
func (st *Store) LastSeq() uint64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.seq
}

// Update runs fn in one read-write transaction. Everything fn writes,
// with its ops and change records, commits together or not at all. Writers
// are serialised; fn must not call Update.
func (st *Store) Update(ctx context.Context, fn func(*Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if st.readOnly {
		return ErrNeedsWrite
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	tx := &Tx{st: st, txn: st.db.NewTransaction(true), seq: st.seq, cseq: st.cseq, hlc: st.hlc, pending: map[string]pendingValue{}}
	defer func() {
		if tx.snap != nil {
			tx.snap.Discard()
		}
		tx.txn.Discard()
	}()
	// Values the transaction put in packs are garbage if it fails before
	// committing (a batch too big for one transaction is retried in
	// halves, and would otherwise store its mail twice).
	mark, keepPacks := st.packs.mark(), false
	defer func() {
		if !keepPacks {
			st.packs.rollback(mark, st.log)
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.finish(); err != nil {
		return err
	}
	if err := st.packs.sync(); err != nil {
		return err
	}
	err := tx.txn.Commit()
	// Badger refuses a transaction too big before writing anything; after
	// any other commit error what it wrote is uncertain, so the values stay.
	keepPacks = !errors.Is(err, badger.ErrTxnTooBig)
	if err != nil {
		for k := range tx.pending { // committed or not: read them from Badger
			st.recent.forget(k)
		}
		if errors.Is(err, badger.ErrTxnTooBig) {
			return fmt.Errorf("store: commit: %w", ErrTooBig)
		}
		return fmt.Errorf("store: commit: %w", err)
	}
	if tx.seq != st.seq {
		close(st.advanced)
		st.advanced = make(chan struct{})
	}
	tx.commitPending()
	st.seq, st.cseq, st.hlc = tx.seq, tx.cseq, tx.hlc
	return nil
}

// WaitChange blocks until the change sequence passes after, or ctx ends.
// Derived views (the search index) follow the store with it.
func (st *Store) WaitChange(ctx context.Context, after uint64) error {
	for {
		st.mu.Lock()
		seq, ch := st.seq, st.advanced
		st.mu.Unlock()
		if seq > after {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// ErrTooBig means one transaction held more than Badger takes at once;
// the caller should commit in smaller pieces.
var ErrTooBig = errors.New("transaction too big")

// View runs fn in a read-only snapshot.
func (st *Store) View(ctx context.Context, fn func(*Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	txn := st.db.NewTransaction(false)
	defer txn.Discard()
	return fn(&Tx{st: st, txn: txn, readOnly: true})
}

// get reads a key's value, from its pack when it lives in one; nil when
// there is none. A write transaction reads small values through the
// store's recent values.
func (tx *Tx) get(key []byte) ([]byte, error) {
	recent := tx.pending != nil && !packable(key)
	if recent {
		if p, ok := tx.pending[string(key)]; ok {
			if !p.inBadger {
				return p.v, nil
			}
			recent = false // Badger has the transaction's own value
		} else if v, ok := tx.st.recent.get(key); ok {
			return v, nil
		}
	}
	item, err := tx.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		if recent {
			tx.st.recent.put(string(key), nil)
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v, err := tx.value(item)
	if recent && err == nil {
		tx.st.recent.put(string(key), v)
	}
	return v, err
}

func (tx *Tx) value(item *badger.Item) ([]byte, error) {
	v, err := item.ValueCopy(nil)
	if err != nil || item.UserMeta() != metaPacked {
		return v, err
	}
	return tx.st.packs.read(item.Key(), v)
}

// getBytes reads a value Badger holds itself (the store's own counters).
func getBytes(txn *badger.Txn, key []byte) ([]byte, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

func getU64(txn *badger.Txn, key []byte) (uint64, error) {
	b, err := getBytes(txn, key)
	if err != nil || b == nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("store: key %q holds %d bytes, want 8", key, len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// badgerLogger sends Badger's own messages to slog, quietly: Badger logs
// no user data, only file and table names.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any)   { b.l.Error("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Warningf(f string, a ...any) { b.l.Warn("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Infof(string, ...any)        {}
func (b badgerLogger) Debugf(string, ...any)       {}
