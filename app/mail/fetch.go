package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"time"

	"parley/app/store"
)

// Fetched is one message as the server gave it.
type Fetched struct {
	Folder       string
	UIDValidity  uint32
	UID          uint32
	Raw          []byte // the whole RFC 5322 message (BODY.PEEK[])
	InternalDate time.Time
	Flags        []string // `\Seen`, `\Answered`, ...
	SpecialUse   string   // the folder's special use: `\Sent`, `\Archive`, `\All`, or ""
}

// BatchStats counts what a Sink did with one batch.
type BatchStats struct {
	Seen       int            `json:"seen"`       // messages in the batch
	Imported   int            `json:"imported"`   // new messages stored
	Duplicates int            `json:"duplicates"` // already stored (another folder, a rescan)
	History    int            `json:"history"`    // new messages that are customer history
	LeftOut    map[string]int `json:"leftOut"`    // new messages left out of history, by reason
	Unparsed   int            `json:"unparsed"`   // stored, but could not be read
	Threads    int            `json:"threads"`    // threads created
	Accounts   int            `json:"accounts"`   // accounts created
	Contacts   int            `json:"contacts"`   // contacts created
}

// Add sums o into s.
func (s *BatchStats) Add(o BatchStats) {
	s.Seen += o.Seen
	s.Imported += o.Imported
	s.Duplicates += o.Duplicates
	s.History += o.History
	s.Unparsed += o.Unparsed
	s.Threads += o.Threads
	s.Accounts += o.Accounts
	s.Contacts += o.Contacts
	for k, v := range o.LeftOut {
		if s.LeftOut == nil {
			s.LeftOut = map[string]int{}
		}
		s.LeftOut[k] += v
	}
}

// Sink stores batches of fetched mail.
//
// Contract: Store writes the batch and runs commit (which writes the
// import checkpoint) in the SAME store transaction, so a crash never loses
// or repeats work; when it returns an error nothing of the batch may be
// committed. Store must be idempotent per message (the same message can
// come again from another folder or after a UIDVALIDITY change). The
// Importer calls Store from one goroutine, never concurrently, and never
// with an empty batch. An error wrapping store.ErrTooBig makes the
// Importer split the batch in halves and retry each with its own commit.
type Sink interface {
	Store(ctx context.Context, mailAccount string, batch []Fetched, commit func(tx *store.Tx) error) (BatchStats, error)
}

// Options configure an Importer. Store, Sink and Account are required.
type Options struct {
	Store   *store.Store
	Sink    Sink
	Account MailAccount
	Secret  string // the password or token

	// Folders overrides the account's folder choice; Since, when not
	// zero, its since date.
	Folders []string
	Since   time.Time

	BatchSize     int   // UIDs per batch; 0 means 200
	BatchBytes    int64 // bytes held in memory per batch; 0 means 16 MiB
	RecentBatches int   // batches per folder before backfill starts; 0 means 1

	// Live keeps Run watching for new mail (IDLE, else polling) after the
	// first pass, until ctx ends.
	Live         bool
	PollInterval time.Duration // 0 means 2 minutes; also bounds one IDLE

	MinBackoff, MaxBackoff time.Duration // reconnect delays; 0 means 1 s and 5 min
	// MaxFailures ends Run after that many temporary failures in a row
	// without progress; 0 retries for ever (offline is normal).
	MaxFailures int

	Dial DialOptions

	// Progress, when set, receives snapshots from one goroutine at least
	// once a second while work runs, and once at the end.
	Progress      func(Progress)
	ProgressEvery time.Duration // 0 means 500 ms

	Logger *slog.Logger
}

func (o *Options) defaults() error {
	if o.Store == nil || o.Sink == nil {
		return errors.New("mail: importer needs a store and a sink")
	}
	o.Account = o.Account.Normalize()
	if err := o.Account.Validate(); err != nil {
		return err
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 200
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 16 << 20
	}
	if o.RecentBatches <= 0 {
		o.RecentBatches = 1
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 2 * time.Minute
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Minute
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 500 * time.Millisecond
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if len(o.Folders) == 0 {
		o.Folders = o.Account.Folders
	}
	if o.Since.IsZero() {
		o.Since = o.Account.SinceTime()
	}
	return nil
}

// Log attribute keys.
const (
	logAccount = "mail_account"
	logFolder  = "folder"
	logErr     = "err"
)

// Importer fetches one mail account into the store through a Sink. Run it
// once; Pause, Resume, Cancel and Progress are safe from any goroutine.
type Importer struct {
	o   Options
	log *slog.Logger

	mu       sync.Mutex
	prog     progressState
	paused   bool
	resumed  chan struct{} // closed by Resume
	cancel   context.CancelFunc
	canceled bool
	wake     chan struct{} // ends a live wait early (Resume, Cancel)
}

// NewImporter checks the options.
func NewImporter(o Options) (*Importer, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	return &Importer{o: o, log: o.Logger.With(logAccount, o.Account.ID), resumed: make(chan struct{}), wake: make(chan struct{}, 1)}, nil
}

// Summary is what a Run did.
type Summary struct {
	Fetched    int              `json:"fetched"` // messages committed
	Stats      BatchStats       `json:"stats"`   // what the sink reported
	Folders    []FolderProgress `json:"folders"`
	Reconnects int              `json:"reconnects"`
	Elapsed    time.Duration    `json:"elapsed"`
}

// errReplan asks for a new session at once (a folder changed under us).
var errReplan = errors.New("mail: folder changed, planning again")

// Run imports: connect, fetch every chosen folder newest first, backfill,
// and with Options.Live keep watching. Temporary failures (offline, a
// server restart) reconnect with exponential backoff and jitter; Run
// returns on a permanent failure (a *ConnError naming it), when ctx ends
// or Cancel is called (ctx.Err()), or after the first pass when not live.
func (im *Importer) Run(ctx context.Context) (sum Summary, err error) {
	ctx, cancel := context.WithCancel(ctx)
	im.mu.Lock()
	im.cancel = cancel
	im.prog = progressState{paused: im.paused}
	if im.canceled {
		cancel()
	}
	im.mu.Unlock()
	defer cancel()
	start := time.Now()
	stopReport := im.startReporter()
	defer func() {
		if r := recover(); r != nil {
			im.log.Error("importer panic", "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("mail: importer crashed: %v", r)
		}
		if err != nil && ctx.Err() == nil {
			im.setPhase(PhaseError, Explain(err))
		} else if err == nil {
			im.setPhase(PhaseDone, "")
		}
		stopReport()
		sum = im.summary(time.Since(start))
	}()

	failures := 0
	for {
		before := im.fetchedSoFar()
		err := im.session(ctx)
		switch {
		case err == nil:
			return sum, nil
		case ctx.Err() != nil:
			return sum, ctx.Err()
		case errors.Is(err, errReplan):
			continue
		case !IsTemporary(err):
			return sum, err
		}
		if im.fetchedSoFar() > before {
			failures = 0
		}
		failures++
		im.log.Warn("mail server connection failed", logErr, err, "failures", failures)
		if im.o.MaxFailures > 0 && failures >= im.o.MaxFailures {
			return sum, err
		}
		im.noteReconnect(Explain(err))
		if err := sleepCtx(ctx, im.backoff(failures)); err != nil {
			return sum, err
		}
	}
}

// backoff is exponential with full jitter: a random delay up to
// MinBackoff·2^(n-1), capped by MaxBackoff, never below MinBackoff/2.
func (im *Importer) backoff(n int) time.Duration {
	d := im.o.MinBackoff << min(n-1, 20)
	if d <= 0 || d > im.o.MaxBackoff {
		d = im.o.MaxBackoff
	}
	return im.o.MinBackoff/2 + time.Duration(rand.Int64N(int64(d)))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Pause stops fetching at the next batch boundary; the connection stays.
func (im *Importer) Pause() {
	im.mu.Lock()
	defer im.mu.Unlock()
	if !im.paused {
		im.paused = true
		im.resumed = make(chan struct{})
		im.prog.paused = true
	}
}

// Resume continues after Pause.
func (im *Importer) Resume() {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.paused {
		im.paused = false
		close(im.resumed)
		im.prog.paused = false
	}
}

// Cancel stops Run as soon as possible; work committed so far stays and
// the next Run resumes from it.
func (im *Importer) Cancel() {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.canceled = true
	if im.cancel != nil {
		im.cancel()
	}
}

// waitPaused blocks while paused.
func (im *Importer) waitPaused(ctx context.Context) error {
	im.mu.Lock()
	paused, ch := im.paused, im.resumed
	im.mu.Unlock()
	if !paused {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
