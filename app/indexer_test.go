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

// CaughtUp returns once the index holds every change the import wrote; it
// waits out a failure that Run's retry cures, and returns one that
// persists rather than waiting for ever.
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

	// A failure that the retry cures is not reported.
	x := w.Indexer()
	x.setErr(errors.New("a passing failure"))
	done := make(chan error, 1)
	go func() { done <- x.CaughtUp(ctx) }()
	select {
	case err := <-done:
		t.Fatalf("CaughtUp returned %v on the first failure, before the retry", err)
	case <-time.After(100 * time.Millisecond):
	}
	x.setErr(nil)
	if err := <-done; err != nil {
		t.Fatalf("CaughtUp after the recovery returned %v", err)
	}

	// An indexer whose index keeps failing: CaughtUp returns the error
	// once the retry failed too.
	y, err := openIndexer(ctx, st, t.TempDir(), make([]byte, 32), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	broken := errors.New("the disk is full")
	go func() {
		for range 2 {
			time.Sleep(50 * time.Millisecond)
			y.setErr(broken)
		}
	}()
	soon, stop := context.WithTimeout(ctx, 10*time.Second)
	defer stop()
	if err := y.CaughtUp(soon); !errors.Is(err, broken) {
		t.Fatalf("CaughtUp with the index failing returned %v, want %v", err, broken)
	}
}
