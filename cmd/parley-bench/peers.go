package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// errTool means a peer tool failed.
var errTool = errors.New("bench: tool failed")

// peerIndex is how one peer indexed the Maildir.
type peerIndex struct {
	Tool      string   `json:"tool"`
	Version   string   `json:"version"`
	Secs      float64  `json:"secs"`
	Rate      float64  `json:"msgsPerSec"`
	DBBytes   int64    `json:"dbBytes"`
	PeakRSS   int64    `json:"peakRssBytes"`
	Cached    bool     `json:"cached"` // the database came from the cache; Secs is from when it was built
	DBDir     string   `json:"-"`
	ConfigEnv []string `json:"-"`
}

// setupNotmuch indexes root with notmuch into dbDir (reused when meta
// says it is complete).
func setupNotmuch(ctx context.Context, root, dbDir string, messages int, me string) (peerIndex, error) {
	pi := peerIndex{Tool: "notmuch", DBDir: dbDir}
	cfg := filepath.Join(dbDir, "notmuch-config")
	pi.ConfigEnv = []string{"NOTMUCH_CONFIG=" + cfg}
	pi.Version = toolVersion("notmuch", "--version")
	if cached(dbDir, &pi) {
		return pi, nil
	}
	os.RemoveAll(dbDir)
	if err := os.MkdirAll(filepath.Join(dbDir, "db"), 0o755); err != nil {
		return pi, err
	}
	conf := fmt.Sprintf("[database]\npath=%s\nmail_root=%s\n[user]\nprimary_email=%s\n[new]\ntags=inbox;\nignore=\n[search]\nexclude_tags=\n[maildir]\nsynchronize_flags=false\n",
		filepath.Join(dbDir, "db"), root, me)
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		return pi, err
	}
	secs, rss, err := timed(ctx, pi.ConfigEnv, "notmuch", "new", "--quiet")
	if err != nil {
		return pi, err
	}
	pi.Secs, pi.PeakRSS = secs, rss
	pi.Rate = float64(messages) / secs
	pi.DBBytes = dirSize(filepath.Join(dbDir, "db"))
	return pi, saveMeta(dbDir, pi)
}

// setupMu indexes root with mu into muhome.
func setupMu(ctx context.Context, root, muhome string, messages int, me string) (peerIndex, error) {
	pi := peerIndex{Tool: "mu", DBDir: muhome}
	pi.Version = toolVersion("mu", "--version")
	if cached(muhome, &pi) {
		return pi, nil
	}
	os.RemoveAll(muhome)
	if _, _, err := timed(ctx, nil, "mu", "init", "--maildir="+root, "--muhome="+muhome, "--my-address="+me); err != nil {
		return pi, err
	}
	secs, rss, err := timed(ctx, nil, "mu", "index", "--muhome="+muhome, "--quiet")
	if err != nil {
		return pi, err
	}
	pi.Secs, pi.PeakRSS = secs, rss
	pi.Rate = float64(messages) / secs
	pi.DBBytes = dirSize(filepath.Join(muhome, "xapian"))
	return pi, saveMeta(muhome, pi)
}

const metaName = "bench-meta.json"

func cached(dir string, pi *peerIndex) bool {
	b, err := os.ReadFile(filepath.Join(dir, metaName))
	if err != nil {
		return false
	}
	keep := *pi
	if json.Unmarshal(b, pi) != nil {
		*pi = keep
		return false
	}
	pi.DBDir, pi.ConfigEnv, pi.Version, pi.Cached = keep.DBDir, keep.ConfigEnv, keep.Version, true
	return true
}

func saveMeta(dir string, pi peerIndex) error {
	b, _ := json.MarshalIndent(pi, "", "  ")
	return os.WriteFile(filepath.Join(dir, metaName), b, 0o644)
}

func toolVersion(name string, args ...string) string {
	out, _ := exec.Command(name, args...).CombinedOutput()
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// timed runs a command to completion: wall seconds and peak RSS.
func timed(ctx context.Context, env []string, name string, args ...string) (float64, int64, error) {
	f, err := os.CreateTemp("", "parley-bench-rss-")
	if err != nil {
		return 0, 0, err
	}
	f.Close()
	defer os.Remove(f.Name())
	// /usr/bin/time reports the peak RSS (see measuredRSS); its own cost
	// is nothing next to an indexing run.
	cmd := exec.CommandContext(ctx, "/usr/bin/time", append([]string{"-f", "%M", "-o", f.Name(), name}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t0 := time.Now()
	err = cmd.Run()
	secs := time.Since(t0).Seconds()
	if err != nil {
		return secs, 0, fmt.Errorf("%w: %s %s: %v: %s", errTool, name, strings.Join(args, " "), err, stderr.String())
	}
	var kb int64
	if b, err := os.ReadFile(f.Name()); err == nil {
		if fs := strings.Fields(string(b)); len(fs) > 0 {
			kb, _ = strconv.ParseInt(fs[len(fs)-1], 10, 64)
		}
	}
	return secs, kb * 1024, nil
}

// procTool is one whole-process search tool.
type procTool struct {
	Name string
	env  []string
	argv func(q query) []string
	// count reads how many results the output shows.
	count func(out []byte) int
}

var parleyCount = regexp.MustCompile(`(?m)^(\d+) of (\d+) results`)

// procTools are the three tools; parleyEnv is added to parley's
// environment.
func procTools(parleyBin, home string, nm, mu peerIndex, parleyEnv ...string) []procTool {
	lines := func(out []byte) int { return bytes.Count(out, []byte("\n")) }
	return []procTool{
		{Name: "parley", env: parleyEnv, argv: func(q query) []string {
			return []string{parleyBin, "search", "--data", home, "--limit", strconv.Itoa(pageSize), q.Parley}
		}, count: func(out []byte) int {
			if m := parleyCount.FindSubmatch(out); m != nil {
				n, _ := strconv.Atoi(string(m[1]))
				return n
			}
			return -1
		}},
		{Name: "notmuch", env: nm.ConfigEnv, argv: func(q query) []string {
			return []string{"notmuch", "search", "--limit=" + strconv.Itoa(pageSize), q.Notmuch}
		}, count: lines},
		{Name: "mu", argv: func(q query) []string {
			return []string{"mu", "find", "--muhome=" + mu.DBDir, "--maxnum=" + strconv.Itoa(pageSize), q.Mu}
		}, count: lines},
	}
}

// procQuery is one query's whole-process figures.
type procQuery struct {
	Query           string             `json:"query"`
	MedianMs        map[string]float64 `json:"medianMs"`
	Shown           map[string]int     `json:"shown"` // results printed (notmuch: threads)
	ParleyVsNotmuch float64            `json:"parleyOverNotmuch"`
	ParleyVsMu      float64            `json:"parleyOverMu"`
}

// wholeProcess are the whole-process figures of every tool.
type wholeProcess struct {
	Runs    int                `json:"runs"`
	Tools   map[string]latency `json:"tools"`
	PeakRSS map[string]int64   `json:"peakRssBytes"`
	// Ratios of parley's p50/p95 over each peer's (below 1: parley faster).
	P50Ratio map[string]float64 `json:"parleyP50Over"`
	P95Ratio map[string]float64 `json:"parleyP95Over"`
	Queries  []procQuery        `json:"queries"`
	// FirstParleyMs is the pass's first parley search.
	FirstParleyMs float64 `json:"firstParleyMs"`
}

// measureProcesses runs every query as a whole process with every tool,
// runs times, interleaved so that no tool gets a warmer machine.
func measureProcesses(ctx context.Context, tools []procTool, qs []query, runs int, log func(string, ...any)) (wholeProcess, error) {
	wp := wholeProcess{Runs: runs, Tools: map[string]latency{}, PeakRSS: map[string]int64{}, P50Ratio: map[string]float64{}, P95Ratio: map[string]float64{}}
	all := map[string][]time.Duration{}
	per := make([]map[string][]time.Duration, len(qs))
	shown := make([]map[string]int, len(qs))
	for i := range qs {
		per[i], shown[i] = map[string][]time.Duration{}, map[string]int{}
	}
	env := withoutPassphrase(os.Environ())
	for r := 0; r < runs; r++ {
		for i, q := range qs {
			for _, t := range tools {
				argv := t.argv(q)
				cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
				cmd.Env = append(append([]string{}, env...), t.env...)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				t0 := time.Now()
				err := cmd.Run()
				d := time.Since(t0)
				if err != nil && !(isNoMatches(argv, err) && stdout.Len() == 0) {
					return wp, fmt.Errorf("%w: %s: %v: %s", errTool, strings.Join(argv, " "), err, stderr.String())
				}
				per[i][t.Name] = append(per[i][t.Name], d)
				all[t.Name] = append(all[t.Name], d)
				shown[i][t.Name] = t.count(stdout.Bytes())
			}
		}
		log("whole-process run %d of %d done", r+1, runs)
	}
	// Peak RSS in a separate, untimed pass: /usr/bin/time adds a process.
	for _, q := range qs {
		for _, t := range tools {
			rss, err := measuredRSS(ctx, append(append([]string{}, env...), t.env...), t.argv(q))
			if err != nil {
				return wp, err
			}
			wp.PeakRSS[t.Name] = max(wp.PeakRSS[t.Name], rss)
		}
	}
	for i, q := range qs {
		pq := procQuery{Query: q.Parley, MedianMs: map[string]float64{}, Shown: shown[i]}
		for name, ds := range per[i] {
			pq.MedianMs[name] = summarise(ds).P50ms
		}
		pq.ParleyVsNotmuch = ratio(pq.MedianMs["parley"], pq.MedianMs["notmuch"])
		pq.ParleyVsMu = ratio(pq.MedianMs["parley"], pq.MedianMs["mu"])
		wp.Queries = append(wp.Queries, pq)
	}
	for name, ds := range all {
		wp.Tools[name] = summarise(ds)
	}
	if ds := all["parley"]; len(ds) > 0 {
		wp.FirstParleyMs = float64(ds[0].Microseconds()) / 1000
	}
	for _, peer := range []string{"notmuch", "mu"} {
		wp.P50Ratio[peer] = ratio(wp.Tools["parley"].P50ms, wp.Tools[peer].P50ms)
		wp.P95Ratio[peer] = ratio(wp.Tools["parley"].P95ms, wp.Tools[peer].P95ms)
	}
	return wp, ctx.Err()
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return float64(int(a/b*1000+0.5)) / 1000
}

// withoutPassphrase drops PARLEY_PASSPHRASE and PARLEY_HOME: parley search
// must take its key from the keychain, and its folder from --data.
func withoutPassphrase(env []string) []string {
	out := env[:0:0]
	for _, e := range env {
		if !strings.HasPrefix(e, "PARLEY_PASSPHRASE=") && !strings.HasPrefix(e, "PARLEY_HOME=") {
			out = append(out, e)
		}
	}
	return out
}
