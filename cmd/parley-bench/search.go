package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"parley/app"
	"parley/app/demo"
)

// report is the JSON the search mode prints.
type report struct {
	Benchmark string        `json:"benchmark"`
	Corpus    string        `json:"corpus"`
	Date      string        `json:"date"`
	Machine   machine       `json:"machine"`
	Persona   persona       `json:"persona"`
	Generated *genStats     `json:"generated,omitempty"`
	Import    importFigures `json:"import"`
	InProcess inProcess     `json:"inProcess"`
	Peers     []peerIndex   `json:"peerIndexes"`
	// IndexOverMu is Parley's index size over mu's database size.
	IndexOverMu      float64       `json:"indexOverMu"`
	IndexOverNotmuch float64       `json:"indexOverNotmuch"`
	WholeProcess     *wholeProcess `json:"wholeProcess,omitempty"`
	// WholeProcessResident is the same with no app running and the
	// resident searcher on, as by default; WholeProcessRunning with
	// `parley serve` holding the workspace (running.go).
	WholeProcessResident *wholeProcess `json:"wholeProcessResident,omitempty"`
	WholeProcessRunning  *wholeProcess `json:"wholeProcessRunning,omitempty"`
	OpenCost             *openCost     `json:"openCost,omitempty"`
	Targets              []target      `json:"targets"`
	Queries              []query       `json:"queries"`
	WallSecs             float64       `json:"wallSecs"`
}

type machine struct {
	CPUs   int    `json:"cpus"`
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	Go     string `json:"go"`
}

// target is one goal of the issue and whether this run met it.
type target struct {
	What  string  `json:"what"`
	Value float64 `json:"value"`
	Limit float64 `json:"limit"`
	Met   bool    `json:"met"`
}

func cmdSearch(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("search", flag.ContinueOnError)
	fl.SetOutput(stderr)
	maildir := fl.String("maildir", "", "Maildir++ to benchmark (copied first); empty with -scale")
	name := fl.String("name", "", "corpus name for the report (default: public, or gen-N)")
	scale := fl.Int("scale", 0, "generate a mailbox of this many messages instead of -maildir")
	seed := fl.Int64("seed", 1, "generator seed")
	cache := fl.String("cache", "/var/tmp/parley-bench-cache", "where generated mailboxes and peer databases are kept between runs")
	runs := fl.Int("runs", 20, "in-process runs of each query")
	procRuns := fl.Int("proc-runs", 5, "whole-process runs of each query and tool")
	parleyBin := fl.String("parley", "build/bin/parley", "the parley CLI binary")
	outDir := fl.String("out", "bench-out", "where the JSON report is written")
	work := fl.String("work", "", "scratch folder (default: a new temp folder, removed after)")
	batch := fl.Int("batch", 200, "messages per ingest batch (as the importer's batches)")
	noPeers := fl.Bool("no-peers", false, "skip the whole-process comparison")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the in-process queries here")
	importProfile := fl.String("importprofile", "", "write a CPU profile of import and indexing here")
	memProfile := fl.String("memprofile", "", "write heap profiles here, suffixed -ingest and -index, when each ends")
	reuse := fl.Bool("reuse", false, "with -work: time the queries on the workspace a previous run kept there, importing nothing")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if (*maildir == "") == (*scale == 0) {
		fmt.Fprintln(stderr, "parley-bench search: give -maildir or -scale")
		return 2
	}
	logf := func(format string, a ...any) {
		fmt.Fprintf(stderr, time.Now().UTC().Format("15:04:05")+" "+format+"\n", a...)
	}
	app.BoundHeap() // it imports, as the desktop app and parley import do
	rep, err := benchSearch(context.Background(), searchOpts{
		maildir: *maildir, name: *name, scale: *scale, seed: *seed, cache: *cache, runs: *runs, procRuns: *procRuns,
		parleyBin: *parleyBin, work: *work, batch: *batch, noPeers: *noPeers, cpuProfile: *cpuProfile, importProfile: *importProfile,
		memProfile: *memProfile, reuse: *reuse,
	}, logf)
	if err != nil {
		fmt.Fprintln(stderr, "parley-bench search:", err)
		return 1
	}
	b, _ := json.MarshalIndent(rep, "", "  ")
	b = append(b, '\n')
	stdout.Write(b)
	if err := os.MkdirAll(*outDir, 0o755); err == nil {
		path := filepath.Join(*outDir, "search-"+rep.Corpus+".json")
		if err := os.WriteFile(path, b, 0o644); err == nil {
			logf("wrote %s", path)
		}
	}
	return 0
}

type searchOpts struct {
	maildir, name             string
	scale                     int
	seed                      int64
	cache                     string
	runs, procRuns, batch     int
	parleyBin, work           string
	noPeers                   bool
	cpuProfile, importProfile string
	memProfile                string
	reuse                     bool
}

func benchSearch(ctx context.Context, o searchOpts, logf func(string, ...any)) (*report, error) {
	t0 := time.Now()
	rep := &report{Benchmark: "search", Date: t0.UTC().Format(time.RFC3339),
		Machine: machine{CPUs: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Go: runtime.Version()}}
	work := o.work
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "parley-bench-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(work)
	}
	parleyBin, err := filepath.Abs(o.parleyBin)
	if err != nil {
		return nil, err
	}

	// The mail, as a Maildir the peers can read too.
	var root, peerDir string
	var qs []query
	var prefixes []string
	if o.scale > 0 {
		md, st, err := generatedMaildir(o.cache, o.seed, o.scale, logf)
		if err != nil {
			return nil, err
		}
		root, peerDir = md, filepath.Dir(md)
		rep.Corpus = fmt.Sprintf("gen-%d", o.scale)
		rep.Generated = &st
		_, me := demo.Me()
		rep.Persona = persona{Me: me, Internal: demo.InternalDomains(), FreeMail: demo.FreeMailDomains()}
		qs, prefixes = generatedQueries(st), generatedPrefixes(st)
	} else {
		root, peerDir = filepath.Join(work, "maildir"), work
		if err := copyTree(o.maildir, root); err != nil {
			return nil, fmt.Errorf("bench: copy maildir: %w", err)
		}
		if err := completeMaildir(root); err != nil {
			return nil, err
		}
		rep.Corpus = "public"
		rep.Persona = persona{Me: "martin.braun@ettus.com", Internal: []string{"ettus.com", "ni.com", "emerson.com"}}
		qs, prefixes = corpusQueries, corpusPrefixes
	}
	if o.name != "" {
		rep.Corpus = o.name
	}
	rep.Queries = qs

	// Parley in process: import, index, queries.
	home := filepath.Join(work, "parley-home")
	bw, err := openBenchWorkspace(ctx, home)
	if err != nil {
		return nil, err
	}
	if o.reuse {
		// A kept workspace: only its index has to be caught up.
		if err = bw.w.Indexer().Ready(ctx, false); err == nil {
			_, rep.Import.Messages, err = scanMaildir(root)
		}
	} else {
		stopProf := startProfile(o.importProfile)
		rep.Import, err = bw.importMaildir(ctx, root, rep.Persona, o.batch, o.memProfile, logf)
		stopProf()
	}
	if err != nil {
		bw.close()
		return nil, err
	}
	rep.Import.MergeSettleSecs, rep.Import.SegmentsAfterIndexing, rep.Import.SegmentsSettled = waitForMerges(bw.w.Indexer().Index(), logf)
	logf("timing %d queries in process, %d runs each", len(qs), o.runs)
	stopProf := startProfile(o.cpuProfile)
	rep.InProcess, err = measureInProcess(ctx, bw.svc, qs, prefixes, o.runs)
	stopProf()
	rep.Import.PeakRSSBytes = selfPeakRSS()
	bw.close()
	if err != nil {
		return nil, err
	}
	bw.sizes(&rep.Import)
	if oc, err := measureOpenCost(ctx, home, qs[0].Parley, 10); err == nil {
		rep.OpenCost = &oc
	} else {
		logf("open cost: %v", err)
	}
	rep.Import.IndexBytesReopened = dirSize(filepath.Join(home, "data", "main", "index"))
	logf("index %d MiB after close, %d MiB after reopening; store %d MiB",
		rep.Import.IndexBytes>>20, rep.Import.IndexBytesReopened>>20, rep.Import.StoreBytes>>20)
	logf("search p50 %.1f ms p95 %.1f ms p99 %.1f ms; facets p95 %.1f ms; typeahead p95 %.2f ms",
		rep.InProcess.Search.P50ms, rep.InProcess.Search.P95ms, rep.InProcess.Search.P99ms, rep.InProcess.Facets.P95ms, rep.InProcess.Typeahead.P95ms)

	if !o.noPeers {
		logf("indexing with notmuch")
		nm, err := setupNotmuch(ctx, root, filepath.Join(peerDir, "notmuch"), rep.Import.Messages, rep.Persona.Me)
		if err != nil {
			return nil, err
		}
		logf("notmuch: %.1fs, db %d MiB; indexing with mu", nm.Secs, nm.DBBytes>>20)
		mu, err := setupMu(ctx, root, filepath.Join(peerDir, "mu"), rep.Import.Messages, rep.Persona.Me)
		if err != nil {
			return nil, err
		}
		logf("mu: %.1fs, db %d MiB; whole-process searches", mu.Secs, mu.DBBytes>>20)
		rep.Peers = []peerIndex{nm, mu}
		rep.IndexOverMu = ratio(float64(rep.Import.IndexBytes), float64(mu.DBBytes))
		rep.IndexOverNotmuch = ratio(float64(rep.Import.IndexBytes), float64(nm.DBBytes))
		wp, err := measureProcesses(ctx, procTools(parleyBin, home, nm, mu, "PARLEY_RESIDENT=off"), qs, o.procRuns, logf)
		if err != nil {
			return nil, err
		}
		rep.WholeProcess = &wp
		rep.WholeProcessResident, err = measureResident(ctx, procTools(parleyBin, home, nm, mu), home, qs, o.procRuns, logf)
		if err != nil {
			return nil, err
		}
		rep.WholeProcessRunning, err = measureRunning(ctx, procTools(parleyBin, home, nm, mu), parleyBin, home, qs, o.procRuns, logf)
		if err != nil {
			return nil, err
		}
	}
	rep.Targets = append(targets(rep), passTargets(rep.WholeProcessResident, "no app running")...)
	rep.Targets = append(rep.Targets, passTargets(rep.WholeProcessRunning, "Parley running")...)
	rep.WallSecs = time.Since(t0).Seconds()
	for _, t := range rep.Targets {
		mark := "met"
		if !t.Met {
			mark = "MISSED"
		}
		logf("%-40s %10.3f (limit %.3f) %s", t.What, t.Value, t.Limit, mark)
	}
	return rep, nil
}

// targets checks the goals (meant for 200k messages on 2 cores).
func targets(r *report) []target {
	t := func(what string, v, limit float64) target { return target{what, v, limit, v <= limit} }
	out := []target{
		t("in-process search p95 ms", r.InProcess.Search.P95ms, 20),
		t("in-process search p99 ms", r.InProcess.Search.P99ms, 50),
		t("facets p95 ms", r.InProcess.Facets.P95ms, 100),
		t("typeahead p95 ms", r.InProcess.Typeahead.P95ms, 10),
	}
	if wp := r.WholeProcess; wp != nil {
		p := wp.Tools["parley"]
		for _, peer := range []string{"notmuch", "mu"} {
			out = append(out, t("parley search (cold, resident off) p50 ms below "+peer+"'s", p.P50ms, wp.Tools[peer].P50ms),
				t("parley search (cold, resident off) p95 ms below "+peer+"'s", p.P95ms, wp.Tools[peer].P95ms))
		}
		for _, pi := range r.Peers {
			if pi.Tool == "mu" {
				out = append(out, t("index bytes at most mu's", float64(r.Import.IndexBytes), float64(pi.DBBytes)))
			}
		}
	}
	return out
}

// writeHeapProfile writes the live heap to path (nothing when path is "").
func writeHeapProfile(path string) {
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	runtime.GC()
	pprof.WriteHeapProfile(f)
}

// startProfile writes a CPU profile to path until the returned func runs.
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}
