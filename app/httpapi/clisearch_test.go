package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/app"
	"parley/app/httpapi/cli"
	"parley/app/settings"
)

// TestCLISearchThroughSocket: a command's search reaches the running app's
// warm index over the socket and gets back the text it prints, and a
// command finds out at once, having printed nothing, when no app can answer.
func TestCLISearchThroughSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "pcli") // short path: unix sockets have a length limit
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := cli.SocketPath(dir)

	var out bytes.Buffer
	if err := cli.AskSearch(ctx, path, cli.Search{Query: "x", Limit: 5}, &out); !errors.Is(err, cli.ErrNoAnswer) || out.Len() != 0 {
		t.Fatalf("no app: %v, wrote %q", err, out.String())
	}

	paths := settings.Paths{Data: filepath.Join(dir, "data"), Logs: filepath.Join(dir, "logs")}
	w := app.NewWorkspace(app.Config{Paths: paths, Passphrase: "cli-search-pass", NoImport: true})
	if err := w.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer w.Close(context.Background())
	svc := app.NewServices(w)
	if _, err := svc.Activity.Capture(app.ActivityInput{Kind: "visit", Body: "Visited the Zwickau plant about the conveyor"}); err != nil {
		t.Fatal(err)
	}
	srv := New(NewToken(), svc.Bind(), nil, nil, slog.New(slog.DiscardHandler))
	go ListenSocket(ctx, path, srv.SocketHandler())

	// The index follows the store in the background: wait for the visit.
	deadline := time.Now().Add(20 * time.Second)
	for {
		out.Reset()
		err = cli.AskSearch(ctx, path, cli.Search{Query: "zwickau", Limit: 5}, &out)
		if err == nil && strings.Contains(out.String(), "1 of 1 results") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("search through the app: %v, %q", err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "visit") || !strings.Contains(out.String(), "Zwickau") || strings.Contains(out.String(), "<mark>") {
		t.Fatalf("text output: %q", out.String())
	}
	out.Reset()
	if err := cli.AskSearch(ctx, path, cli.Search{Query: "zwickau", Limit: 5, JSON: true}, &out); err != nil {
		t.Fatal(err)
	}
	var res app.SearchResults
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || res.Total != 1 || len(res.Hits) != 1 {
		t.Fatalf("JSON output: %v %+v", err, res)
	}

	// A server that serves no search (or an app whose workspace is locked)
	// leaves the search to the command.
	bare := New(NewToken(), []any{&Greeter{}}, nil, nil, slog.New(slog.DiscardHandler))
	bareDir, _ := os.MkdirTemp("", "pclib")
	defer os.RemoveAll(bareDir)
	go ListenSocket(ctx, cli.SocketPath(bareDir), bare.SocketHandler())
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(cli.SocketPath(bareDir)); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	out.Reset()
	if err := cli.AskSearch(ctx, cli.SocketPath(bareDir), cli.Search{Query: "zwickau", Limit: 5}, &out); !errors.Is(err, cli.ErrNoAnswer) || out.Len() != 0 {
		t.Fatalf("app without search: %v, wrote %q", err, out.String())
	}
}
