package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"parley/internal/dovecot"
)

// cliRun is Parley as a user runs it: `parley accounts add`, then
// `parley import`, each a whole process.
type cliRun struct {
	AccountsAdd  timedRun `json:"accountsAdd"`
	SettingsSecs float64  `json:"settingsSecs"` // stored by this driver: no CLI command for it (not in the total)
	Import       timedRun `json:"import"`
	TotalSecs    float64  `json:"totalSecs"` // accounts add + import
	MsgsPerSec   float64  `json:"msgsPerSec"`
	PeakRSS      int64    `json:"peakRss"` // the larger of the two processes
	// From parley import's own output.
	Fetched      int     `json:"fetched"`
	Imported     int     `json:"imported"`
	History      int     `json:"history"`
	IndexSecs    float64 `json:"indexSecs"` // "search index up to date (…)": the wait for the index after the last message
	StoreBytes   int64   `json:"storeBytes"`
	IndexBytes   int64   `json:"indexBytes"`
	ImportOutput string  `json:"importOutput"`
}

var (
	reFetched = regexp.MustCompile(`fetched (\d+) messages`)
	reHistory = regexp.MustCompile(`imported (\d+) new \((\d+) customer history\)`)
	reIndexed = regexp.MustCompile(`search index up to date \(([^)]+)\)`)
)

// runCLI adds the account and imports with the parley binary into a new
// workspace under home.
func runCLI(ctx context.Context, parleyBin, home, addr string, src mailSource, p persona, logf func(string, ...any)) (cliRun, error) {
	var r cliRun
	env := parleyEnv(home)
	host, port, _ := net.SplitHostPort(addr)
	add := []string{parleyBin, "accounts", "add", "--host", host, "--port", port, "--security", "plain",
		"--user", dovecot.DefaultUser, "--id", "bench", "--me", p.Me, "--data", home}
	for _, f := range src.Folders {
		add = append(add, "--folder", f)
	}
	logf("parley accounts add")
	var err error
	if r.AccountsAdd, err = runTimed(ctx, env, os.Stderr, add...); err != nil {
		return r, err
	}
	start := time.Now()
	if err := saveSettings(ctx, home, p); err != nil {
		return r, err
	}
	r.SettingsSecs = time.Since(start).Seconds()
	logf("parley import")
	if r.Import, err = runTimed(ctx, env, os.Stderr, parleyBin, "import", "--data", home); err != nil {
		return r, err
	}
	r.ImportOutput = r.Import.Stdout
	r.TotalSecs = r.AccountsAdd.Secs + r.Import.Secs
	r.PeakRSS = max(r.AccountsAdd.PeakRSS, r.Import.PeakRSS)
	if m := reFetched.FindStringSubmatch(r.Import.Stdout); m != nil {
		r.Fetched, _ = strconv.Atoi(m[1])
	}
	if m := reHistory.FindStringSubmatch(r.Import.Stdout); m != nil {
		r.Imported, _ = strconv.Atoi(m[1])
		r.History, _ = strconv.Atoi(m[2])
	}
	if m := reIndexed.FindStringSubmatch(r.Import.Stdout); m != nil {
		if d, err := time.ParseDuration(m[1]); err == nil {
			r.IndexSecs = d.Seconds()
		}
	}
	r.MsgsPerSec = perSec(src.Messages, r.TotalSecs)
	ws := pathsOf(home).Workspace("main")
	r.StoreBytes = diskUsage(filepath.Join(ws, "store"))
	r.IndexBytes = diskUsage(filepath.Join(ws, "index"))
	return r, nil
}
