package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"

	"parley/app"
	"parley/app/crm"
	"parley/app/mail"
	"parley/app/settings"
)

// errNotKeychain means the workspace key did not come from the keychain:
// the benchmark would then measure the passphrase path instead.
var errNotKeychain = errors.New("bench: the workspace key did not come from the keychain (run under dbus-run-session with gnome-keyring)")

// persona is whose mailbox it is.
type persona struct {
	Me       string   `json:"me"`
	Internal []string `json:"internal"`
	FreeMail []string `json:"freeMail,omitempty"` // nil: the built-in list
}

// importFigures are what importing and indexing one Maildir took.
type importFigures struct {
	Messages           int             `json:"messages"`
	MaildirBytes       int64           `json:"maildirBytes"`
	Stats              mail.BatchStats `json:"stats"`
	IngestSecs         float64         `json:"ingestSecs"` // parse and store
	IngestRate         float64         `json:"ingestMsgsPerSec"`
	IndexSecs          float64         `json:"indexSecs"` // Indexer.Ready: the index catching up with the store
	IndexDocs          uint64          `json:"indexDocs"`
	IndexRate          float64         `json:"indexDocsPerSec"`
	ImportRate         float64         `json:"importMsgsPerSec"` // messages over ingest + index
	IndexBytes         int64           `json:"indexBytes"`
	IndexBytesReopened int64           `json:"indexBytesReopened"` // after ten more opens and closes: what Bleve keeps once merges settle
	// Bleve merges segments in the background after indexing; the
	// in-process queries are timed once the segment count holds still.
	MergeSettleSecs       float64 `json:"mergeSettleSecs"`
	SegmentsAfterIndexing uint64  `json:"segmentsAfterIndexing"`
	SegmentsSettled       uint64  `json:"segmentsSettled"`
	StoreBytes            int64   `json:"storeBytes"`
	PeakRSSBytes          int64   `json:"peakRssBytes"`            // this process, through import and queries
	RSSAfterIngest        int64   `json:"peakRssAfterIngestBytes"` // peak so far when ingest ended
	RSSAfterIndex         int64   `json:"peakRssAfterIndexBytes"`  // peak so far when the index caught up
	KeySource             string  `json:"keySource"`
	Batches               int     `json:"batches"`
}

// benchWorkspace is a fresh workspace under a temporary PARLEY_HOME,
// opened the way the CLI opens one (app.Boot), key from the keychain.
type benchWorkspace struct {
	home     string
	w        *app.Workspace
	closeLog func()
	svc      *app.SearchService
}

func openBenchWorkspace(ctx context.Context, home string) (*benchWorkspace, error) {
	os.Setenv("PARLEY_HOME", home)
	os.Unsetenv("PARLEY_PASSPHRASE")
	paths, err := settings.DefaultPaths()
	if err != nil {
		return nil, err
	}
	// The real workspace, not the demo: it exists once its folder does.
	if err := os.MkdirAll(paths.Workspace("main"), 0o700); err != nil {
		return nil, err
	}
	w, closeLog, err := app.Boot(app.BootOptions{LogLevel: slog.LevelWarn, Foreground: true})
	if err != nil {
		return nil, err
	}
	if err := w.Open(ctx); err != nil {
		closeLog()
		return nil, fmt.Errorf("bench: open workspace: %w", err)
	}
	bw := &benchWorkspace{home: home, w: w, closeLog: closeLog, svc: app.NewServices(w).Search}
	if ks := w.Status(ctx).KeySource; ks != "keychain" {
		bw.close()
		return nil, fmt.Errorf("%w: key source %q", errNotKeychain, ks)
	}
	return bw, nil
}

func (b *benchWorkspace) close() {
	b.w.Close(context.Background())
	b.closeLog()
}

// importMaildir ingests every message of the Maildir in batches, then
// lets the Indexer catch up, timing both.
func (b *benchWorkspace) importMaildir(ctx context.Context, root string, p persona, batchSize int, memProfile string, log func(string, ...any)) (importFigures, error) {
	var f importFigures
	folders, total, err := scanMaildir(root)
	if err != nil {
		return f, err
	}
	f.Messages = total
	st, err := b.w.Store()
	if err != nil {
		return f, err
	}
	g, err := mail.NewIngester(st, mail.IngestConfig{Classify: crm.ClassifierConfig{
		MyAddresses: []string{p.Me}, InternalDomains: p.Internal, FreeMailDomains: p.FreeMail, ListMailIsHistory: true,
	}})
	if err != nil {
		return f, err
	}
	start := time.Now()
	done := 0
	err = eachBatch(ctx, folders, batchSize, func(batch []mail.Fetched) error {
		for _, in := range batch {
			f.MaildirBytes += int64(len(in.Raw))
		}
		s, err := ingestSplitting(ctx, g, batch)
		if err != nil {
			return err
		}
		f.Stats.Add(s)
		f.Batches++
		done += len(batch)
		if f.Batches%40 == 0 {
			log("ingested %d of %d messages (%.0f msg/s)", done, total, float64(done)/time.Since(start).Seconds())
		}
		return nil
	})
	if err != nil {
		return f, fmt.Errorf("bench: ingest: %w", err)
	}
	f.IngestSecs = time.Since(start).Seconds()
	f.IngestRate = float64(total) / f.IngestSecs
	f.RSSAfterIngest = selfPeakRSS()
	if memProfile != "" {
		writeHeapProfile(memProfile + "-ingest")
	}
	log("ingested %d messages in %.1fs; indexing", total, f.IngestSecs)

	start = time.Now()
	x := b.w.Indexer()
	if err := x.Ready(ctx, false); err != nil {
		return f, fmt.Errorf("bench: index: %w", err)
	}
	f.IndexSecs = time.Since(start).Seconds()
	f.IndexDocs, _ = x.Index().DocCount()
	f.IndexRate = float64(f.IndexDocs) / f.IndexSecs
	f.RSSAfterIndex = selfPeakRSS()
	if memProfile != "" {
		writeHeapProfile(memProfile + "-index")
	}
	f.ImportRate = float64(total) / (f.IngestSecs + f.IndexSecs)
	f.KeySource = b.w.Status(ctx).KeySource
	log("indexed %d documents in %.1fs (%.0f docs/s)", f.IndexDocs, f.IndexSecs, f.IndexRate)
	return f, nil
}

// sizes measures the index and the store on disk; call after close.
func (b *benchWorkspace) sizes(f *importFigures) {
	ws := filepath.Join(b.home, "data", "main")
	f.IndexBytes = dirSize(filepath.Join(ws, "index"))
	f.StoreBytes = dirSize(filepath.Join(ws, "store"))
}

// dirSize is the disk space the files under dir use (allocated blocks,
// as du counts them).
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			n += allocated(info)
		}
		return nil
	})
	return n
}

// ingestSplitting ingests a batch, halving it when Badger finds the
// transaction too big. The Ingester splits by itself on store.ErrTooBig,
// but a delete of an old index key (app/store/index.go) returns Badger's
// ErrTxnTooBig unwrapped, so it never sees that case. A failed Update
// commits nothing, so retrying the halves is safe.
func ingestSplitting(ctx context.Context, g *mail.Ingester, batch []mail.Fetched) (mail.BatchStats, error) {
	s, err := g.Ingest(ctx, "bench", batch, nil)
	if err == nil || !errors.Is(err, badger.ErrTxnTooBig) || len(batch) < 2 {
		return s, err
	}
	half := len(batch) / 2
	first, err := ingestSplitting(ctx, g, batch[:half])
	if err != nil {
		return first, err
	}
	second, err := ingestSplitting(ctx, g, batch[half:])
	first.Add(second)
	return first, err
}
