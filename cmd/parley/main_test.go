package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"parley/app/httpapi/cli"
)

// The front exists to start fast: it must not link the engine's heavy parts.
func TestFrontLinksNothingHeavy(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list printed %d packages", len(deps))
	}
	for _, d := range deps {
		for _, heavy := range []string{"blevesearch", "dgraph-io/badger", "go-imap", "parley/app/store", "parley/app/search", "parley/app/mail"} {
			if strings.Contains(d, heavy) {
				t.Errorf("the front links %s", d)
			}
		}
	}
}

// buildFront builds this command into a fresh folder and returns its path.
func buildFront(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "parley")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// A search goes to the running app's socket, and its answer is printed as is.
func TestSearchAsksTheRunningApp(t *testing.T) {
	bin := buildFront(t)
	home := t.TempDir()
	dataDir := filepath.Join(home, "data")
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", cli.SocketPath(dataDir))
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan cli.Search, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != cli.SearchPath {
			http.NotFound(w, r)
			return
		}
		got <- cli.ParseSearch(r.URL.Query())
		w.Write([]byte("answer from the app\n"))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })

	out, err := exec.Command(bin, "search", "--data", home, "--limit", "7", "--json", "renewal", "proposal").Output()
	if err != nil {
		t.Fatalf("parley search: %v", err)
	}
	if string(out) != "answer from the app\n" {
		t.Fatalf("printed %q", out)
	}
	s := <-got
	if s.Query != "renewal proposal" || s.Limit != 7 || !s.JSON || s.Bold {
		t.Fatalf("the app was asked %+v", s)
	}
}

// Everything else, and a search nobody running answers, goes to the engine
// beside the front, with the same arguments and exit status.
func TestOtherCommandsRunTheEngine(t *testing.T) {
	front := buildFront(t)
	engine := filepath.Join(filepath.Dir(front), engineName)
	script := "#!/bin/sh\necho \"engine: $*\"\nexit 3\n"
	if err := os.WriteFile(engine, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	for _, args := range [][]string{
		{"import", "--data", home},
		{"search", "--data", home, "nobody", "runs"},
		{"search", "--demo", "renewal"},
		{"search", "--no-such-flag", "x"},
	} {
		out, err := exec.Command(front, args...).Output()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 3 {
			t.Fatalf("%v: exit %v, want the engine's 3", args, err)
		}
		if want := "engine: " + strings.Join(args, " ") + "\n"; string(out) != want {
			t.Fatalf("%v: printed %q, want %q", args, out, want)
		}
	}
}

func TestMissingEngineSaysSo(t *testing.T) {
	front := buildFront(t)
	cmd := exec.Command(front, "import")
	cmd.Env = append(os.Environ(), "PATH="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "parley-engine is missing") {
		t.Fatalf("without an engine: %v, %q", err, out)
	}
}
