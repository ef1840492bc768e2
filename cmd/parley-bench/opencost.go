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
	"parley/app/crm"
	"parley/app/search"
	"parley/app/store"
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
	// StoreOpenMs and StoreCloseMs are store.Open and Close alone;
	// TypeaheadMs is reading every account and contact and loading them
	// into a Typeahead, as opening the Indexer does.
	StoreOpenMs  float64 `json:"storeOpenMs"`
	TypeaheadMs  float64 `json:"typeaheadLoadMs"`
	StoreCloseMs float64 `json:"storeCloseMs"`
	TotalMs      float64 `json:"totalMs"`
}

func measureOpenCost(ctx context.Context, home, q string, runs int) (openCost, error) {
	var kc, op, ix, se, cl, tot, so, ta, sc []time.Duration
	for r := 0; r < runs; r++ {
		t0 := time.Now()
		ws := filepath.Join(home, "data", "main")
		v := &vault.Vault{Dir: ws, Keychain: vault.OSKeychain{}}
		key, _, err := v.Unlock(ctx, "", false)
		if err != nil {
			return openCost{}, err
		}
		kc = append(kc, time.Since(t0))
		t0 = time.Now()
		st, err := store.Open(ctx, store.Options{Dir: filepath.Join(ws, "store"), Key: key})
		clear(key)
		if err != nil {
			return openCost{}, err
		}
		so = append(so, time.Since(t0))
		t0 = time.Now()
		if err := loadTypeahead(ctx, st); err != nil {
			st.Close(ctx)
			return openCost{}, err
		}
		ta = append(ta, time.Since(t0))
		t0 = time.Now()
		st.Close(ctx)
		sc = append(sc, time.Since(t0))

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
	return openCost{Runs: runs, KeychainMs: med(kc), OpenMs: med(op), IndexOpenMs: med(ix), SearchMs: med(se), CloseMs: med(cl), TotalMs: med(tot),
		StoreOpenMs: med(so), TypeaheadMs: med(ta), StoreCloseMs: med(sc)}, nil
}

// loadTypeahead does what opening the Indexer does before any search:
// every account and contact, decoded and loaded into a Typeahead.
func loadTypeahead(ctx context.Context, st *store.Store) error {
	var accounts []*crm.Account
	var contacts []*crm.Contact
	err := st.View(ctx, func(tx *store.Tx) error {
		if err := tx.Each(crm.KindAccount, func(e crm.Entity) bool { accounts = append(accounts, e.(*crm.Account)); return true }); err != nil {
			return err
		}
		return tx.Each(crm.KindContact, func(e crm.Entity) bool { contacts = append(contacts, e.(*crm.Contact)); return true })
	})
	if err != nil {
		return err
	}
	search.NewTypeahead().Load(accounts, contacts)
	return nil
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
