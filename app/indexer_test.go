package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"testing"
	"time"

	"parley/app/applog"
	"parley/app/settings"
)

// CaughtUp returns once the index holds every change the import wrote, and
// returns the error that stops the index, rather than waiting for ever.
func TestCaughtUp(t *testing.T) {
	home := t.TempDir()
	w := NewWorkspace(Config{Paths: settings.Paths{Data: home + "/data", Logs: home + "/logs"}, Passphrase: "caught up test passphrase", NoImport: true, Logger: applog.New(os.Stderr, slog.LevelWarn)})
	if err := w.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer w.Close(context.Background())
	ingestAll(t, w, corpusSlice(t, "usrp-users", 120), 120)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := w.Indexer().CaughtUp(ctx); err != nil {
		t.Fatal(err)
	}
	st, _ := w.Store()
	if got, want := w.Indexer().Index().LastSeq(), st.LastSeq(); got < want {
		t.Fatalf("CaughtUp returned with the index at change %d of %d", got, want)
	}

	// An indexer that cannot open its index waits for nothing: CaughtUp
	// returns the error Run records.
	x, err := openIndexer(ctx, st, t.TempDir(), make([]byte, 32), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	broken := errors.New("the disk is full")
	go func() {
		time.Sleep(50 * time.Millisecond)
		x.setErr(broken)
	}()
	soon, stop := context.WithTimeout(ctx, 10*time.Second)
	defer stop()
	if err := x.CaughtUp(soon); !errors.Is(err, broken) {
		t.Fatalf("CaughtUp with the index failing returned %v, want %v", err, broken)
	}
}
