package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"parley/app/httpapi/cli"
	"parley/app/resident"
)

// socketDir is a short folder for a socket (unix socket paths have a
// length limit), removed after the test, and the socket's path in it.
func socketDir(t *testing.T) (dir, path string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "psock")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir, cli.SocketPath(dir)
}

func TestSocketClientAndProxy(t *testing.T) {
	_, path := socketDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := New(NewToken(), []any{&Greeter{}}, nil, nil, slog.New(slog.DiscardHandler))
	done := make(chan error, 1)
	go func() { done <- ListenSocket(ctx, path, srv.SocketHandler()) }()

	c := dialWait(t, ctx, path)
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, want 0600", info.Mode().Perm())
	}
	var got string
	if err := c.Call(ctx, "Greeter", "Hello", &got, "sam", 1); err != nil || got != "hi sam " {
		t.Fatalf("call: %q %v", got, err)
	}
	if err := c.Call(ctx, "Greeter", "Hello", &got, "", 1); err == nil || err.Error() != "who are you?" {
		t.Fatalf("error words lost: %v", err)
	}

	// A browser served by `parley serve` reaches the app through the proxy,
	// with its own token.
	assets := fstest.MapFS{"index.html": {Data: []byte("<html><head></head></html>")}}
	proxy := httptest.NewServer(NewProxy("browser-token", path, assets, slog.New(slog.DiscardHandler)))
	defer proxy.Close()
	req, _ := http.NewRequest("POST", proxy.URL+"/api/call/Greeter/Hello", strings.NewReader(`["kim",1]`))
	req.Header.Set("Content-Type", "application/json")
	res, _ := http.DefaultClient.Do(req)
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("proxy without token: %d", res.StatusCode)
	}
	req, _ = http.NewRequest("POST", proxy.URL+"/api/call/Greeter/Hello", strings.NewReader(`["kim",1]`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer browser-token")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(body), "hi kim") {
		t.Fatalf("proxied call: %s", body)
	}

	// A second app on the same socket is refused; after shutdown the socket is gone.
	if err := ListenSocket(ctx, path, srv.SocketHandler()); err == nil {
		t.Fatal("second listener accepted")
	}
	cancel()
	<-done
	if _, err := os.Stat(path); err == nil {
		t.Fatal("socket left behind")
	}
}

// The app takes the socket a resident searcher answers: the resident is
// asked to leave, and when it goes it does not take the app's new socket
// file with it.
func TestListenSocketTakesOverFromResident(t *testing.T) {
	dir, path := socketDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	unclaim, ok, err := resident.Claim(dir)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	resCtx, leave := context.WithCancel(ctx)
	residentDone := make(chan error, 1)
	resHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == resident.ReleasePath {
			leave()
			io.WriteString(w, resident.Released)
			return
		}
		io.WriteString(w, "resident")
	})
	go func() {
		residentDone <- ListenSocket(resCtx, path, resHandler)
		unclaim()
	}()
	waitAnswer(t, path, "resident")

	appSrv := New(NewToken(), []any{&Greeter{}}, nil, nil, slog.New(slog.DiscardHandler))
	appDone := make(chan error, 1)
	go func() {
		resident.Leave(ctx, dir, path)
		appDone <- ListenSocket(ctx, path, appSrv.SocketHandler())
	}()
	if err := <-residentDone; err != nil {
		t.Fatalf("resident: %v", err)
	}
	c := dialWait(t, ctx, path)
	var got string
	if err := c.Call(ctx, "Greeter", "Hello", &got, "sam", 1); err != nil || got != "hi sam " {
		t.Fatalf("the app does not answer on its socket: %q %v", got, err)
	}
	select {
	case err := <-appDone:
		t.Fatalf("the app's socket ended: %v", err)
	default:
	}
}

func waitAnswer(t *testing.T, path, want string) {
	t.Helper()
	client := &http.Client{Transport: socketTransport(path)}
	for i := 0; i < 200; i++ {
		if res, err := client.Get("http://parley/x"); err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if string(b) == want {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("nothing answered %q on %s", want, path)
}

func dialWait(t *testing.T, ctx context.Context, path string) *Client {
	t.Helper()
	for i := 0; i < 200; i++ {
		if c, err := Dial(ctx, path); err == nil {
			return c
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("could not dial %s", path)
	return nil
}
