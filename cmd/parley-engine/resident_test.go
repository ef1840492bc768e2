package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/app"
	"parley/app/httpapi/cli"
	"parley/app/resident"
	"parley/app/settings"
)

const residentPass = "resident-test-pass"

// residentWorkspace makes a workspace under a short folder (unix socket
// paths are limited) holding one note with word in it.
func residentWorkspace(t *testing.T, word string) (data string, paths settings.Paths) {
	t.Helper()
	data, _ = os.MkdirTemp("", "pres")
	t.Cleanup(func() { os.RemoveAll(data) })
	abs, _ := filepath.Abs(data)
	paths = settings.Paths{Data: filepath.Join(abs, "data"), Logs: filepath.Join(abs, "logs")}
	addNote(t, paths, "Site visit at the "+word+" plant")
	return data, paths
}

// addNote opens the workspace for writing, as the app does, saves a note
// and waits until it is searchable.
func addNote(t *testing.T, paths settings.Paths, body string) {
	t.Helper()
	ctx := context.Background()
	w := app.NewWorkspace(app.Config{Paths: paths, Passphrase: residentPass, Foreground: true})
	if err := w.Open(ctx); err != nil {
		t.Fatalf("open for writing: %v (%s)", err, w.Status(ctx).Message)
	}
	defer w.Close(ctx)
	if _, err := app.NewServices(w).Activity.Capture(app.ActivityInput{Kind: "note", Body: body}); err != nil {
		t.Fatal(err)
	}
	if err := w.Indexer().Ready(ctx, false); err != nil {
		t.Fatal(err)
	}
}

func search(t *testing.T, bin, data, query string, env ...string) string {
	t.Helper()
	cmd := exec.Command(bin, "search", "--data", data, query)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("parley search %s: %v\n%s", query, err, out)
	}
	return string(out)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A cold search leaves a resident searcher behind, which answers the next
// searches without the keychain or the passphrase; a writer that opens
// the workspace sends it away and gets the workspace, and the next cold
// search sees what the writer saved.
func TestColdSearchLeavesResidentThatYieldsToWriters(t *testing.T) {
	bin := buildCLI(t)
	data, paths := residentWorkspace(t, "ostrava")
	socket := cli.SocketPath(paths.Data)
	t.Cleanup(func() { resident.Evict(context.Background(), socket) })

	if out := search(t, bin, data, "ostrava", "PARLEY_PASSPHRASE="+residentPass, "PARLEY_NO_KEYCHAIN=1"); !strings.Contains(out, "1 of 1 results") {
		t.Fatalf("cold search:\n%s", out)
	}
	waitFor(t, "the resident answers", func() bool {
		return cli.AskSearch(context.Background(), socket, cli.Search{Query: "ostrava", Limit: 5}, io.Discard) == nil
	})
	// No passphrase, no keychain: only the resident can answer.
	if out := search(t, bin, data, "ostrava", "PARLEY_NO_KEYCHAIN=1"); !strings.Contains(out, "1 of 1 results") {
		t.Fatalf("search through the resident:\n%s", out)
	}

	addNote(t, paths, "Call with the Brno team") // evicts the resident
	if resident.Alive(paths.Data) {
		waitFor(t, "the resident exits", func() bool { return !resident.Alive(paths.Data) })
	}
	if out := search(t, bin, data, "brno", "PARLEY_PASSPHRASE="+residentPass, "PARLEY_NO_KEYCHAIN=1", "PARLEY_RESIDENT=off"); !strings.Contains(out, "1 of 1 results") {
		t.Fatalf("after the writer:\n%s", out)
	}
	time.Sleep(300 * time.Millisecond)
	if resident.Alive(paths.Data) {
		t.Fatal("PARLEY_RESIDENT=off left a resident searcher")
	}
}

// A resident gives its memory back after its idle time, and only one
// serves a workspace at a time.
func TestResidentExitsWhenIdle(t *testing.T) {
	bin := buildCLI(t)
	data, paths := residentWorkspace(t, "ostrava")
	env := append(os.Environ(), "PARLEY_PASSPHRASE="+residentPass, "PARLEY_NO_KEYCHAIN=1")
	first := exec.Command(bin, "resident", "--data", data, "--idle", "1s")
	first.Env = env
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- first.Wait() }()
	socket := cli.SocketPath(paths.Data)
	waitFor(t, "the resident answers", func() bool {
		return cli.AskSearch(context.Background(), socket, cli.Search{Query: "ostrava", Limit: 5}, io.Discard) == nil
	})
	second := exec.Command(bin, "resident", "--data", data)
	second.Env = env
	start := time.Now()
	if err := second.Run(); err != nil || time.Since(start) > 5*time.Second {
		t.Fatalf("a second resident must leave at once: %v after %s", err, time.Since(start))
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("resident: %v", err)
		}
	case <-time.After(20 * time.Second):
		first.Process.Kill()
		t.Fatal("the resident did not exit when idle")
	}
	if _, err := os.Stat(socket); !os.IsNotExist(err) {
		t.Fatalf("the socket outlived the resident: %v", err)
	}
}
