package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/app"
	"parley/app/httpapi"
	"parley/app/httpapi/cli"
	"parley/app/settings"
)

func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "parley")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// startServe runs `parley serve` and returns the URL it prints.
func startServe(t *testing.T, bin, data string) (base, token string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--data", data)
	cmd.Env = append(os.Environ(), "PARLEY_PASSPHRASE=serve-test-pass", "PARLEY_NO_KEYCHAIN=1")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "serving http://127.0.0.1:") {
		t.Fatalf("serve said %q (%v)", line, err)
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "serving "))
	base, token, _ = strings.Cut(url, "/?token=")
	return base, token
}

func apiCall(t *testing.T, base, token, path, body string) string {
	req, _ := http.NewRequest("POST", base+"/api/call/"+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// TestServeThroughRunningApp: while an app holds the workspace, `parley
// serve` does not fail on the lock but serves it through the app's socket.
func TestServeThroughRunningApp(t *testing.T) {
	bin := buildCLI(t)
	data, _ := os.MkdirTemp("", "pserve") // short: unix socket paths are limited
	defer os.RemoveAll(data)
	abs, _ := filepath.Abs(data)
	paths := settings.Paths{Data: filepath.Join(abs, "data"), Logs: filepath.Join(abs, "logs")}

	w := app.NewWorkspace(app.Config{Paths: paths, Passphrase: "serve-test-pass", Demo: false})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := w.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer w.Close(context.Background())
	svc := app.NewServices(w)
	if _, err := svc.Activity.Capture(app.ActivityInput{Kind: "visit", Body: "Visited the plant in Leeds"}); err != nil {
		t.Fatal(err)
	}
	api := httpapi.New(httpapi.NewToken(), svc.Bind(), &app.Broadcaster{}, nil, slog.New(slog.DiscardHandler))
	go httpapi.ListenSocket(ctx, cli.SocketPath(paths.Data), api.SocketHandler())
	time.Sleep(100 * time.Millisecond)

	base, token := startServe(t, bin, data)
	got := apiCall(t, base, token, "TimelineService/Recent", "[10]")
	if !strings.Contains(got, "Visited the plant in Leeds") {
		t.Fatalf("serve did not reach the running app: %s", got)
	}
}

// TestSearchWhileServing: `parley serve` holds the workspace, and `parley
// search` answers through its socket instead of failing on the lock.
func TestSearchWhileServing(t *testing.T) {
	bin := buildCLI(t)
	data, _ := os.MkdirTemp("", "psrch") // short: unix socket paths are limited
	// Removed after serve has stopped (cleanups run last in, first out):
	// a store whose folder vanishes under it cannot close.
	t.Cleanup(func() { os.RemoveAll(data) })
	base, token := startServe(t, bin, data)
	if got := apiCall(t, base, token, "ActivityService/Capture", `[{"kind":"note","body":"Quarterly review with Ostrava foundry"}]`); !strings.Contains(got, "Ostrava") {
		t.Fatalf("capture: %s", got)
	}
	socket := filepath.Join(data, "data", cli.SocketName)
	var out []byte
	deadline := time.Now().Add(20 * time.Second)
	for {
		cmd := exec.Command(bin, "search", "--data", data, "ostrava")
		cmd.Env = append(os.Environ(), "PARLEY_NO_KEYCHAIN=1") // no passphrase: only the server can answer
		var err error
		out, err = cmd.CombinedOutput()
		if err == nil && strings.Contains(string(out), "1 of 1 results") {
			break
		}
		if time.Now().After(deadline) {
			_, statErr := os.Stat(socket)
			t.Fatalf("search while serving: %v (socket: %v)\n%s", err, statErr, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(string(out), "Ostrava") {
		t.Fatalf("output: %s", out)
	}
}
