package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"parley/app"
	"parley/app/vault"
)

// openCost splits what one `parley search` does besides searching, timed
// in this process (so without process start and the Go runtime's own
// start): the keychain read, the workspace open (key, store, typeahead),
// the index open, one search, and the close. Medians of runs.
type openCost struct {
	Runs        int     `json:"runs"`
	KeychainMs  float64 `json:"keychainMs"`  // vault.Unlock through the Secret Service alone
	OpenMs      float64 `json:"openMs"`      // app.Boot and Workspace.Open (includes a keychain read)
	IndexOpenMs float64 `json:"indexOpenMs"` // Indexer.Ready without verify
	SearchMs    float64 `json:"searchMs"`    // the first search in a fresh workspace
	CloseMs     float64 `json:"closeMs"`
	TotalMs     float64 `json:"totalMs"`
}

func measureOpenCost(ctx context.Context, home, q string, runs int) (openCost, error) {
	var kc, op, ix, se, cl, tot []time.Duration
	for r := 0; r < runs; r++ {
		t0 := time.Now()
		v := &vault.Vault{Dir: filepath.Join(home, "data", "main"), Keychain: vault.OSKeychain{}}
		key, _, err := v.Unlock(ctx, "", false)
		if err != nil {
			return openCost{}, err
		}
		clear(key)
		kc = append(kc, time.Since(t0))

		t0 = time.Now()
		w, closeLog, err := app.Boot(app.BootOptions{LogLevel: slog.LevelInfo, Foreground: true})
		if err != nil {
			return openCost{}, err
		}
		if err := w.Open(ctx); err != nil {
			closeLog()
			return openCost{}, err
		}
		t1 := time.Now()
		op = append(op, t1.Sub(t0))
		err = w.Indexer().Ready(ctx, false)
		t2 := time.Now()
		ix = append(ix, t2.Sub(t1))
		if err == nil {
			_, err = app.NewServices(w).Search.Search(app.SearchQuery{Query: q, Size: pageSize})
		}
		t3 := time.Now()
		se = append(se, t3.Sub(t2))
		w.Close(ctx)
		closeLog()
		cl = append(cl, time.Since(t3))
		tot = append(tot, time.Since(t0))
		if err != nil {
			return openCost{}, err
		}
	}
	med := func(ds []time.Duration) float64 { return summarise(ds).P50ms }
	return openCost{Runs: runs, KeychainMs: med(kc), OpenMs: med(op), IndexOpenMs: med(ix), SearchMs: med(se), CloseMs: med(cl), TotalMs: med(tot)}, nil
}

// cmdOpenCost measures openCost on a workspace a search run kept (-work).
func cmdOpenCost(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("opencost", flag.ContinueOnError)
	fl.SetOutput(stderr)
	home := fl.String("home", "", "the PARLEY_HOME of a kept benchmark workspace (WORK/parley-home)")
	q := fl.String("query", "calibration", "the query to search once per open")
	runs := fl.Int("runs", 10, "opens")
	if err := fl.Parse(args); err != nil || *home == "" {
		fmt.Fprintln(stderr, "usage: parley-bench opencost -home WORK/parley-home [-query Q] [-runs N]")
		return 2
	}
	os.Setenv("PARLEY_HOME", *home)
	os.Unsetenv("PARLEY_PASSPHRASE")
	oc, err := measureOpenCost(context.Background(), *home, *q, *runs)
	if err != nil {
		fmt.Fprintln(stderr, "parley-bench opencost:", err)
		return 1
	}
	b, _ := json.MarshalIndent(oc, "", "  ")
	fmt.Fprintln(stdout, string(b))
	return 0
}
