package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"time"

	"parley/app/applog"
	"parley/app/buildinfo"
	"parley/app/crm"
	"parley/app/httpapi/cli"
	"parley/app/resident"
	"parley/app/settings"
	"parley/app/store"
	"parley/app/vault"
)

// Config is everything the workspace needs, given by main or the CLI.
type Config struct {
	Paths      settings.Paths
	Passphrase string         // PARLEY_PASSPHRASE, or what the user typed
	Keychain   vault.Keychain // nil where there is none
	Logger     *slog.Logger
	Crashes    *applog.Crashes
	Emitter    Emitter
	// Demo opens the demo workspace even when a real one exists.
	Demo bool
	// Foreground opens no background work (for one CLI command): the
	// caller makes the index ready itself.
	Foreground bool
	// ReadOnly opens the store for reading (a one-shot search), falling
	// back to a normal open when the store needs a writer first.
	ReadOnly bool
	// NoImport starts no mail import when the workspace opens (tests).
	NoImport bool
}

// Workspace names.
const (
	mainWorkspace = "main"
	demoWorkspace = "demo"
)

// prefWelcome is set once the user has seen the first-run screen.
const prefWelcome = "ui/welcomeDone"

// Workspace is the open (or locked) workspace and its background work.
type Workspace struct {
	cfg Config
	log *slog.Logger

	mu        sync.RWMutex
	st        *store.Store
	name      string
	state     string // "locked", "open", "error"
	message   string
	keySource vault.Source
	progress  ImportProgress
	indexer   *Indexer
	imports   *importRunner
	readOnly  bool // the store is open for reading only

	bgCtx    context.Context // ends when the workspace closes
	bgCancel context.CancelFunc
	bg       sync.WaitGroup
}

// ErrNotOpen is returned by actions while the workspace is locked.
var ErrNotOpen = errors.New("your workspace is locked: enter your passphrase to open it")

// NewWorkspace returns a workspace that is not open yet; call Open.
func NewWorkspace(cfg Config) *Workspace {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Crashes == nil {
		cfg.Crashes = &applog.Crashes{Dir: cfg.Paths.Logs, Log: cfg.Logger}
	}
	if cfg.Emitter == nil {
		cfg.Emitter = MultiEmitter{}
	}
	return &Workspace{cfg: cfg, log: cfg.Logger, state: "locked", progress: ImportProgress{Phase: "idle", Folders: []FolderProgress{}}}
}

// chooseWorkspace picks the real workspace once it exists, else the demo.
func (w *Workspace) chooseWorkspace() string {
	if w.cfg.Demo {
		return demoWorkspace
	}
	if _, err := os.Stat(w.cfg.Paths.Workspace(mainWorkspace)); err == nil {
		return mainWorkspace
	}
	return demoWorkspace
}

// Open unlocks and opens the workspace. When it cannot (no key, wrong
// passphrase, open elsewhere) the workspace stays locked with a message in
// plain words, and Open returns that error.
func (w *Workspace) Open(ctx context.Context) error {
	w.mu.Lock()
	defer w.emitStatus()
	defer w.mu.Unlock()
	if w.st != nil {
		return nil
	}
	name := w.chooseWorkspace()
	dir := w.cfg.Paths.Workspace(name)
	storeDir := filepath.Join(dir, "store")
	_, statErr := os.Stat(storeDir)
	isNew := errors.Is(statErr, os.ErrNotExist)

	v := &vault.Vault{Dir: dir, Keychain: w.cfg.Keychain}
	key, source, err := v.Unlock(ctx, w.cfg.Passphrase, isNew)
	if err != nil {
		w.state, w.message = "locked", err.Error()
		w.log.Warn("workspace locked", applog.KeyErr, err)
		return err
	}
	readOnly := w.cfg.ReadOnly && !isNew
	openWritable := func() (*store.Store, error) {
		// A resident searcher left by `parley search` holds the workspace
		// for reading only, and leaves when asked.
		return resident.WaitWritable(ctx, w.cfg.Paths.Data, cli.SocketPath(w.cfg.Paths.Data), 10*time.Second, store.ErrLocked,
			func() (*store.Store, error) {
				return store.Open(ctx, store.Options{Dir: storeDir, Key: key, Logger: w.log})
			})
	}
	var st *store.Store
	if readOnly {
		st, err = store.Open(ctx, store.Options{Dir: storeDir, Key: key, Logger: w.log, ReadOnly: true})
	} else {
		st, err = openWritable()
	}
	if errors.Is(err, store.ErrNeedsWrite) {
		readOnly = false
		st, err = openWritable()
	}
	var indexer *Indexer
	if err == nil {
		if indexer, err = openIndexer(ctx, st, filepath.Join(dir, "index"), key, w.log); err != nil {
			st.Close(ctx)
		} else {
			indexer.readOnly = readOnly
		}
	}
	clear(key)
	switch {
	case errors.Is(err, store.ErrLocked):
		w.state, w.message = "error", "Parley is already open on this computer (in another window or a command). Close it, or use that window."
		return err
	case errors.Is(err, store.ErrWrongKey):
		w.state, w.message = "locked", "The key found does not open this workspace. Enter your passphrase."
		return err
	case err != nil:
		w.state, w.message = "error", "Parley could not open your workspace: "+err.Error()
		w.log.Error("open store", applog.KeyErr, err)
		return err
	}
	w.st, w.name, w.keySource, w.state, w.message = st, name, source, "open", ""
	w.readOnly = readOnly
	w.indexer = indexer
	w.log.Info("workspace open", "workspace", name, "key_source", string(source))

	bgCtx, cancel := context.WithCancel(context.Background())
	w.bgCtx, w.bgCancel = bgCtx, cancel
	if w.cfg.Foreground {
		return nil
	}
	indexer.onChange = throttle(500*time.Millisecond, w.emitStatus)
	w.startBackground(bgCtx, "search-indexer", indexer.Run)
	if !w.cfg.NoImport {
		runner := newImportRunner(w)
		w.imports = runner
		isDemo := name == demoWorkspace
		w.startBackground(bgCtx, "import-start", func(ctx context.Context) {
			if err := runner.start(ctx, st, isDemo); err != nil && ctx.Err() == nil {
				w.log.Error("start import", applog.KeyErr, err)
				w.setProgress(ImportProgress{Phase: "error", Error: "Mail import could not start: " + err.Error()})
			}
		})
	}
	return nil
}

func (w *Workspace) startBackground(ctx context.Context, name string, fn func(context.Context)) {
	w.bg.Add(1)
	w.cfg.Crashes.Go(name, func() {
		defer w.bg.Done()
		fn(ctx)
	})
}

// Unlock opens a locked workspace with a passphrase.
func (w *Workspace) Unlock(ctx context.Context, passphrase string) error {
	w.mu.Lock()
	w.cfg.Passphrase = passphrase
	w.mu.Unlock()
	return w.Open(ctx)
}

// Close stops background work and closes the store. Safe to call twice.
func (w *Workspace) Close(ctx context.Context) error {
	w.mu.Lock()
	cancel, imports := w.bgCancel, w.imports
	w.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	w.bg.Wait()
	if imports != nil {
		imports.stop()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.st == nil {
		return nil
	}
	if w.indexer != nil {
		w.indexer.Close(ctx)
	}
	err := w.st.Close(ctx)
	w.st, w.state, w.indexer, w.imports = nil, "locked", nil, nil
	w.log.Info("workspace closed")
	return err
}

// ReadOnly reports whether the open store was opened for reading only
// (Config.ReadOnly, and the store needed no writer first).
func (w *Workspace) ReadOnly() bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.st != nil && w.readOnly
}

// Store returns the open store, or ErrNotOpen.
func (w *Workspace) Store() (*store.Store, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.st == nil {
		if w.message != "" {
			return nil, errors.New(w.message)
		}
		return nil, ErrNotOpen
	}
	return w.st, nil
}

// Indexer returns the search indexer of the open workspace, or nil.
func (w *Workspace) Indexer() *Indexer {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.indexer
}

// Paths returns the folders the workspace lives in.
func (w *Workspace) Paths() settings.Paths { return w.cfg.Paths }

// Logger returns the workspace's logger.
func (w *Workspace) Logger() *slog.Logger { return w.log }

// Dir returns the folder of the open workspace.
func (w *Workspace) Dir() string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.cfg.Paths.Workspace(w.name)
}

func (w *Workspace) setProgress(p ImportProgress) {
	if p.Folders == nil {
		p.Folders = []FolderProgress{}
	}
	w.mu.Lock()
	same := reflect.DeepEqual(w.progress, p)
	w.progress = p
	w.mu.Unlock()
	// An idle live importer reports the same progress every half second:
	// tell the UI only when something changed, so views do not refetch
	// (and lose the rep's selection) for nothing.
	if !same {
		w.cfg.Emitter.Emit(EventImport, p)
	}
}

// SetPassphrase protects the workspace key with a passphrase as well as
// the keychain.
func (w *Workspace) SetPassphrase(ctx context.Context, passphrase string) error {
	w.mu.RLock()
	st, dir := w.st, w.cfg.Paths.Workspace(w.name)
	w.mu.RUnlock()
	if st == nil {
		return ErrNotOpen
	}
	v := &vault.Vault{Dir: dir, Keychain: w.cfg.Keychain}
	key, _, err := v.Unlock(ctx, w.cfg.Passphrase, false)
	if err != nil {
		return fmt.Errorf("the key could not be read to protect it: %w", err)
	}
	defer clear(key)
	return v.Wrap(key, passphrase)
}

// Status reports the state for the status bar and first-run screen.
func (w *Workspace) Status(ctx context.Context) Status {
	w.mu.RLock()
	s := Status{
		Version:       buildinfo.String(),
		State:         w.state,
		Message:       w.message,
		Demo:          w.name == demoWorkspace,
		DataDir:       w.cfg.Paths.Workspace(w.name),
		KeySource:     string(w.keySource),
		DiskEncrypted: diskEncryption(),
		Import:        w.progress,
		Sync:          SyncState{},
	}
	st, indexer, imports := w.st, w.indexer, w.imports
	w.mu.RUnlock()
	if st == nil {
		return s
	}
	s.Search = indexer.State()
	s.Online = imports != nil && imports.online()
	st.View(ctx, func(tx *store.Tx) error {
		merged := mergedAway(tx)
		s.Counts.Accounts, _ = tx.Count(crm.KindAccount)
		s.Counts.Accounts -= merged[crm.KindAccount]
		s.Counts.Contacts, _ = tx.Count(crm.KindContact)
		s.Counts.Contacts -= merged[crm.KindContact]
		s.Counts.Threads, _ = tx.Count(crm.KindThread)
		s.Counts.Messages, _ = tx.Count(crm.KindMessage)
		s.Counts.Activities, _ = tx.Count(crm.KindActivity)
		var done bool
		s.FirstRun = tx.Pref(prefWelcome, &done) != nil || !done
		return nil
	})
	return s
}

// mergedAway counts, per kind, the entities merged into another: they
// stay stored (a merge can be undone) but are no longer someone.
func mergedAway(tx *store.Tx) map[crm.Kind]int {
	n := map[crm.Kind]int{}
	tx.Each(crm.KindMerge, func(e crm.Entity) bool {
		n[e.(*crm.Merge).Kind]++
		return true
	})
	return n
}

func (w *Workspace) emitStatus() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	w.cfg.Emitter.Emit(EventStatus, w.Status(ctx))
}

// OpenInBackground opens the workspace without blocking the caller (a
// keychain prompt can take a while); the UI follows the status events.
func (w *Workspace) OpenInBackground(ctx context.Context) {
	w.cfg.Crashes.Go("open", func() {
		openCtx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		w.Open(openCtx)
	})
}

// throttle returns a func that calls fn at most once per interval, and
// once more after the last call so the final state is never missed.
func throttle(interval time.Duration, fn func()) func() {
	var mu sync.Mutex
	var last time.Time
	var pending bool
	return func() {
		mu.Lock()
		defer mu.Unlock()
		if wait := interval - time.Since(last); wait > 0 {
			if !pending {
				pending = true
				time.AfterFunc(wait, func() {
					mu.Lock()
					pending, last = false, time.Now()
					mu.Unlock()
					fn()
				})
			}
			return
		}
		last = time.Now()
		go fn()
	}
}
