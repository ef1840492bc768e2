package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"parley/app"
	"parley/app/mail"
	"parley/internal/dovecot"
)

// inprocRun is the same import driven through the app packages in a
// process of its own (this program, re-run as `inproc`), where progress
// callbacks, phases, memory and profiles can be seen.
type inprocRun struct {
	TotalSecs    float64         `json:"totalSecs"` // open + settings + fetch/store + index + close
	OpenSecs     float64         `json:"openSecs"`
	FetchSecs    float64         `json:"fetchSecs"` // importer: fetch, parse, thread, store
	IndexSecs    float64         `json:"indexSecs"` // until the index holds the store's last change
	CloseSecs    float64         `json:"closeSecs"`
	MsgsPerSec   float64         `json:"msgsPerSec"`
	Overlap      bool            `json:"overlap"` // the indexer followed the store during the fetch
	Stats        mail.BatchStats `json:"stats"`
	Fetched      int             `json:"fetched"`
	StoreSeq     uint64          `json:"storeSeq"`
	IndexSeq     uint64          `json:"indexSeq"`
	PeakRSS      int64           `json:"peakRss"` // VmHWM at the end
	PeakRSSFetch int64           `json:"peakRssAfterFetch"`
	PeakLiveHeap int64           `json:"peakLiveHeap"` // the largest Go heap left live by a collection
	CPUSecs      float64         `json:"cpuSecs"`      // user + system
	RSSEnd       int64           `json:"rssEnd"`
	StoreBytes   int64           `json:"storeBytes"`
	IndexBytes   int64           `json:"indexBytes"`
	// Progress: the importer promises a callback at least once a second.
	ProgressCallbacks  int     `json:"progressCallbacks"`
	FirstProgressSecs  float64 `json:"firstProgressSecs"` // from Run to the first callback
	MaxProgressGapSecs float64 `json:"maxProgressGapSecs"`
	// The index catch-up has no callback; polling Indexer.State every
	// 100 ms, the longest time its Done count did not move.
	IndexMaxStallSecs float64  `json:"indexMaxStallSecs"`
	IndexStates       []string `json:"indexStates"` // states seen while waiting
}

// gapMeter records the largest gap between calls.
type gapMeter struct {
	mu     sync.Mutex
	start  time.Time
	last   time.Time
	n      int
	first  time.Duration
	maxGap time.Duration
}

func (g *gapMeter) tick(now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.first = now.Sub(g.start)
		g.maxGap = g.first
	} else if d := now.Sub(g.last); d > g.maxGap {
		g.maxGap = d
	}
	g.last = now
	g.n++
}

// inprocMain is the `inproc` subcommand: it imports once and prints an
// inprocRun as JSON on stdout.
func inprocMain(args []string) error {
	app.BoundHeap() // as the desktop app does
	fl := flag.NewFlagSet("inproc", flag.ContinueOnError)
	home := fl.String("home", "", "PARLEY_HOME of the new workspace")
	addr := fl.String("addr", "", "IMAP host:port")
	folders := fl.String("folders", "", "comma-separated folders")
	me := fl.String("me", "", "the persona's address")
	internal := fl.String("internal", "", "comma-separated internal domains")
	freeMail := fl.String("freemail", "", "comma-separated free-mail domains")
	messages := fl.Int("messages", 0, "messages expected (for the rate)")
	profile := fl.String("profile", "", "folder for cpu.prof, heap-fetch.prof, heap-index.prof, heap-peak.prof")
	overlap := fl.Bool("overlap", false, "run the indexer beside the import, as the desktop app does")
	if err := fl.Parse(args); err != nil {
		return err
	}
	p := persona{Me: *me, Internal: splitList(*internal), FreeMail: splitList(*freeMail)}
	ctx := context.Background()
	var r inprocRun
	r.Overlap = *overlap
	if *profile != "" {
		os.MkdirAll(*profile, 0o755)
		f, err := os.Create(filepath.Join(*profile, "cpu.prof"))
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	stopHeapWatch := watchPeakHeap(*profile)
	start := time.Now()
	w, done, err := openWorkspace(ctx, *home)
	if err != nil {
		return err
	}
	st, err := w.Store()
	if err != nil {
		done()
		return err
	}
	host, portS, _ := net.SplitHostPort(*addr)
	port, _ := strconv.Atoi(portS)
	acct := mail.MailAccount{ID: "bench", Host: host, Port: port, Security: mail.SecurityPlain, Username: dovecot.DefaultUser,
		Folders: splitList(*folders), MyAddresses: []string{p.Me}}
	if acct, err = mail.SaveMailAccount(ctx, st, acct, dovecot.DefaultPassword); err != nil {
		done()
		return fmt.Errorf("save account: %w", err)
	}
	if err := app.NewServices(w).Import.SaveSettings(classifySettings(p)); err != nil {
		done()
		return fmt.Errorf("save settings: %w", err)
	}
	r.OpenSecs = time.Since(start).Seconds()

	ixCtx, stopIx := context.WithCancel(ctx)
	defer stopIx()
	ixDone := make(chan struct{})
	if *overlap {
		go func() { defer close(ixDone); w.Indexer().Run(ixCtx) }()
	} else {
		close(ixDone)
	}

	cfg, err := app.ClassifierConfigFor(ctx, st)
	if err != nil {
		done()
		return err
	}
	g, err := mail.NewIngester(st, mail.IngestConfig{Classify: cfg})
	if err != nil {
		done()
		return err
	}
	fetchStart := time.Now()
	gaps := &gapMeter{start: fetchStart}
	im, err := mail.NewImporter(mail.Options{Store: st, Sink: g, Account: acct, Secret: dovecot.DefaultPassword,
		Progress: func(pr mail.Progress) {
			gaps.tick(time.Now())
			fmt.Fprintf(os.Stderr, "\r%d/%d %s %.0f msg/s   ", pr.Done, pr.Total, pr.Phase, pr.Rate)
		}})
	if err != nil {
		done()
		return err
	}
	sum, err := im.Run(ctx)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		done()
		return fmt.Errorf("import: %w", err)
	}
	r.FetchSecs = time.Since(fetchStart).Seconds()
	r.Stats, r.Fetched = sum.Stats, sum.Fetched
	r.ProgressCallbacks, r.FirstProgressSecs, r.MaxProgressGapSecs = gaps.n, gaps.first.Seconds(), gaps.maxGap.Seconds()
	r.PeakRSSFetch = procStatus("VmHWM")
	writeHeap(*profile, "heap-fetch.prof")

	indexStart := time.Now()
	x := w.Indexer()
	stall := watchIndex(x)
	if *overlap {
		for {
			if ix := x.Index(); ix != nil && ix.LastSeq() >= st.LastSeq() {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	} else if err := x.Ready(ctx, false); err != nil {
		done()
		return fmt.Errorf("index: %w", err)
	}
	r.IndexSecs = time.Since(indexStart).Seconds()
	r.IndexMaxStallSecs, r.IndexStates = stall()
	r.StoreSeq = st.LastSeq()
	if ix := x.Index(); ix != nil {
		r.IndexSeq = ix.LastSeq()
	}
	writeHeap(*profile, "heap-index.prof")
	stopIx()
	<-ixDone
	closeStart := time.Now()
	done()
	r.CloseSecs = time.Since(closeStart).Seconds()
	r.TotalSecs = time.Since(start).Seconds()
	r.MsgsPerSec = perSec(*messages, r.TotalSecs)
	r.PeakRSS = procStatus("VmHWM")
	r.PeakLiveHeap = int64(stopHeapWatch())
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		r.CPUSecs = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	}
	r.RSSEnd = procStatus("VmRSS")
	ws := pathsOf(*home).Workspace("main")
	r.StoreBytes = diskUsage(filepath.Join(ws, "store"))
	r.IndexBytes = diskUsage(filepath.Join(ws, "index"))
	return json.NewEncoder(os.Stdout).Encode(r)
}

// watchIndex polls the indexer's state every 100 ms until stopped and
// returns the longest time its progress did not move, and the states seen.
func watchIndex(x *app.Indexer) (stop func() (float64, []string)) {
	quit := make(chan struct{})
	out := make(chan struct {
		stall  float64
		states []string
	}, 1)
	go func() {
		var maxStall time.Duration
		lastMove, lastDone := time.Now(), -1
		seen := map[string]bool{}
		var states []string
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				maxStall = max(maxStall, time.Since(lastMove))
				out <- struct {
					stall  float64
					states []string
				}{maxStall.Seconds(), states}
				return
			case now := <-t.C:
				s := x.State()
				if !seen[s.State] {
					seen[s.State] = true
					states = append(states, s.State)
				}
				if s.Done != lastDone {
					maxStall = max(maxStall, now.Sub(lastMove))
					lastMove, lastDone = now, s.Done
				}
			}
		}
	}()
	return func() (float64, []string) {
		close(quit)
		v := <-out
		return v.stall, v.states
	}
}

// watchPeakHeap follows the live heap after each collection until stopped
// and returns its peak. With a profile folder it writes heap-peak.prof
// each time the peak grows by a tenth, so the profile left at the end is
// the heap at (about) its peak.
func watchPeakHeap(dir string) (stop func() uint64) {
	quit := make(chan struct{})
	done := make(chan uint64)
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak, profiled uint64
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				done <- peak
				return
			case <-t.C:
				metrics.Read(sample)
				live := sample[0].Value.Uint64()
				peak = max(peak, live)
				if dir != "" && live > profiled+profiled/10 {
					profiled = live
					if f, err := os.Create(filepath.Join(dir, "heap-peak.prof")); err == nil {
						pprof.WriteHeapProfile(f)
						f.Close()
					}
				}
			}
		}
	}()
	return func() uint64 { close(quit); return <-done }
}

func writeHeap(dir, name string) {
	if dir == "" {
		return
	}
	runtime.GC()
	if f, err := os.Create(filepath.Join(dir, name)); err == nil {
		pprof.WriteHeapProfile(f)
		f.Close()
	}
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
