package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"parley/app/httpapi/cli"
	"parley/app/resident"
)

// The whole-process comparison runs three times. Cold: every `parley
// search` opens the workspace itself (keychain, store, index), with the
// resident searcher turned off. No app running: the default, where the
// first search leaves a resident searcher that answers the next ones.
// With Parley running: `parley serve` holds the workspace, as the desktop
// app does, and `parley search` asks it over the per-user socket. The
// peers run interleaved in every pass, so each table compares tools on the
// same machine state.

// startRunningParley starts `parley serve` on the workspace under home
// (key from the keychain) and waits until it answers a search on its
// socket. stop ends it and waits for it to exit.
func startRunningParley(ctx context.Context, parleyBin, home, query string) (pid int, stop func(), err error) {
	cmd := exec.Command(parleyBin, "serve", "--data", home)
	cmd.Env = withoutPassphrase(os.Environ())
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Start(); err != nil {
		return 0, nil, fmt.Errorf("bench: start parley serve: %w", err)
	}
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	socket := cli.SocketPath(filepath.Join(home, "data"))
	deadline := time.Now().Add(5 * time.Minute) // opening verifies the index
	for {
		err := cli.AskSearch(ctx, socket, cli.Search{Query: query, Limit: 1}, io.Discard)
		if err == nil {
			return cmd.Process.Pid, stop, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil || cmd.ProcessState != nil {
			stop()
			return 0, nil, fmt.Errorf("bench: parley serve did not answer on its socket: %v: %s", err, strings.TrimSpace(stderr.String()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// measureRunning is the whole-process pass with Parley running.
func measureRunning(ctx context.Context, tools []procTool, parleyBin, home string, qs []query, runs int, logf func(string, ...any)) (*wholeProcess, error) {
	pid, stop, err := startRunningParley(ctx, parleyBin, home, qs[0].Parley)
	if err != nil {
		return nil, err
	}
	defer stop()
	logf("parley serve answers on its socket; whole-process searches with Parley running")
	wp, err := measureProcesses(ctx, tools, qs, runs, logf)
	if err != nil {
		return nil, err
	}
	// The resident process's memory counts too, not only the client's.
	wp.PeakRSS["parley serve"] = procPeakRSS(pid)
	return &wp, nil
}

// procPeakRSS is a running process's peak resident set (VmHWM), 0 if unknown.
func procPeakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kib int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kib)
			return kib << 10
		}
	}
	return 0
}

// measureResident is the whole-process pass with no app running, as on a
// rep's laptop by default: the first `parley search` opens the workspace
// itself and leaves a resident searcher behind, which answers the rest.
// The pass starts and ends with no resident.
func measureResident(ctx context.Context, tools []procTool, home string, qs []query, runs int, logf func(string, ...any)) (*wholeProcess, error) {
	dataDir := filepath.Join(home, "data")
	evictResident(ctx, dataDir)
	defer evictResident(ctx, dataDir)
	logf("whole-process searches with no app running (a resident searcher after the first)")
	wp, err := measureProcesses(ctx, tools, qs, runs, logf)
	if err != nil {
		return nil, err
	}
	if resident.Alive(dataDir) { // the claim's pid is the live resident's
		wp.PeakRSS["resident searcher"] = procPeakRSS(resident.PID(dataDir))
	}
	return &wp, nil
}

// evictResident sends away a resident searcher left on the workspace.
func evictResident(ctx context.Context, dataDir string) {
	for deadline := time.Now().Add(10 * time.Second); resident.Alive(dataDir) && time.Now().Before(deadline); {
		resident.Evict(ctx, cli.SocketPath(dataDir))
		time.Sleep(20 * time.Millisecond)
	}
}

// writePassSummary prints a whole-process pass after the cold one:
// heading says how Parley answered, resident names its resident process.
func writePassSummary(w io.Writer, wp *wholeProcess, heading, label, resident string) {
	if wp == nil {
		return
	}
	fmt.Fprintf(w, "%s\n\n", heading)
	fmt.Fprintf(w, "| whole process, %s (%d runs per query) | p50 | p95 | p99 | peak RSS |\n|---|---|---|---|---|\n", label, wp.Runs)
	for _, t := range []string{"parley", "notmuch", "mu"} {
		l := wp.Tools[t]
		fmt.Fprintf(w, "| %s | %.1f ms | %.1f ms | %.1f ms | %s |\n", t, l.P50ms, l.P95ms, l.P99ms, mib(wp.PeakRSS[t]))
	}
	fmt.Fprintf(w, "\nThe first search of the pass took %.1f ms; the %s peaked at %s RSS.\n", wp.FirstParleyMs, resident, mib(wp.PeakRSS[resident]))
	fmt.Fprintf(w, "parley over notmuch: p50 %.2f, p95 %.2f; parley over mu: p50 %.2f, p95 %.2f (below 1: Parley faster).\n\n",
		wp.P50Ratio["notmuch"], wp.P95Ratio["notmuch"], wp.P50Ratio["mu"], wp.P95Ratio["mu"])
	fmt.Fprintf(w, "| query | parley | notmuch | mu | parley/notmuch | parley/mu |\n|---|---|---|---|---|---|\n")
	for _, q := range wp.Queries {
		fmt.Fprintf(w, "| `%s` | %.1f | %.1f | %.1f | %.2f | %.2f |\n", strings.ReplaceAll(q.Query, "|", `\|`),
			q.MedianMs["parley"], q.MedianMs["notmuch"], q.MedianMs["mu"], q.ParleyVsNotmuch, q.ParleyVsMu)
	}
	fmt.Fprintln(w)
}

// passTargets are the whole-process goals of a pass after the cold one.
func passTargets(wp *wholeProcess, label string) []target {
	if wp == nil {
		return nil
	}
	var out []target
	p := wp.Tools["parley"]
	for _, peer := range []string{"notmuch", "mu"} {
		out = append(out,
			target{"parley search (" + label + ") p50 ms below " + peer + "'s", p.P50ms, wp.Tools[peer].P50ms, p.P50ms <= wp.Tools[peer].P50ms},
			target{"parley search (" + label + ") p95 ms below " + peer + "'s", p.P95ms, wp.Tools[peer].P95ms, p.P95ms <= wp.Tools[peer].P95ms})
	}
	return out
}
