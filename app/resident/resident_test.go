package resident

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func serveSocket(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	dir, _ := os.MkdirTemp("", "rsd")
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "s.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return path
}

// Only a resident's own answer counts as released: the app answering the
// same socket (a 404, or parley serve's page for any path) does not leave.
func TestEvictTakesOnlyAResidentsAnswer(t *testing.T) {
	ctx := context.Background()
	resident := serveSocket(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == ReleasePath {
			w.Write([]byte(Released))
		}
	})
	if err := Evict(ctx, resident); err != nil {
		t.Fatalf("resident: %v", err)
	}
	for name, h := range map[string]http.HandlerFunc{
		"404":  http.NotFound,
		"page": func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<!doctype html><p>Parley</p>")) },
	} {
		if err := Evict(ctx, serveSocket(t, h)); err == nil {
			t.Fatalf("%s: taken as released", name)
		}
	}
	if err := Evict(ctx, filepath.Join(t.TempDir(), "none.sock")); err == nil {
		t.Fatal("nobody answering: taken as released")
	}
}

// A claim is exclusive, Alive sees it, and giving it up ends it.
func TestClaim(t *testing.T) {
	dir := t.TempDir()
	if Alive(dir) {
		t.Fatal("alive before any claim")
	}
	release, ok, err := Claim(dir)
	if err != nil || !ok {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if _, ok, _ := Claim(dir); ok {
		t.Fatal("a second claim was granted")
	}
	if !Alive(dir) {
		t.Fatal("not alive while claimed")
	}
	release()
	if Alive(dir) {
		t.Fatal("alive after release")
	}
}

var errBusy = errors.New("busy")

// WaitWritable answers at once when no resident is alive, and otherwise
// retries until the holder lets go.
func TestWaitWritable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	calls := 0
	_, err := WaitWritable(ctx, dir, filepath.Join(dir, "none.sock"), time.Second, errBusy, func() (int, error) { calls++; return 0, errBusy })
	if !errors.Is(err, errBusy) || calls != 1 {
		t.Fatalf("no resident: %v after %d calls, want busy after 1", err, calls)
	}
	release, _, _ := Claim(dir)
	// As if another process held it (a resident never waits for itself).
	os.WriteFile(filepath.Join(dir, ClaimName), []byte("0"), 0o600)
	go func() { time.Sleep(200 * time.Millisecond); release() }()
	calls = 0
	v, err := WaitWritable(ctx, dir, filepath.Join(dir, "none.sock"), 5*time.Second, errBusy, func() (int, error) {
		calls++
		if Alive(dir) {
			return 0, errBusy
		}
		return 7, nil
	})
	if err != nil || v != 7 || calls < 2 {
		t.Fatalf("resident leaving: %v %v after %d calls", v, err, calls)
	}
}
