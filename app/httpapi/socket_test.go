package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"parley/app/httpapi/cli"
)

func TestSocketClientAndProxy(t *testing.T) {
	dir, err := os.MkdirTemp("", "psock") // short path: unix sockets have a length limit
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := cli.SocketPath(dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := New(NewToken(), []any{&Greeter{}}, nil, nil, slog.New(slog.DiscardHandler))
	done := make(chan error, 1)
	go func() { done <- ListenSocket(ctx, path, srv.SocketHandler()) }()

	var c *Client
	for i := 0; i < 100; i++ {
		if c, err = Dial(ctx, path); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
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
	res, err = http.DefaultClient.Do(req)
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
	if _, err := os.Stat(filepath.Join(dir, cli.SocketName)); err == nil {
		t.Fatal("socket left behind")
	}
}
