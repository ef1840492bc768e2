package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// cmdSummary prints a search report (the JSON of mode search) as the
// Markdown tables docs/benchmarks.md uses.
func cmdSummary(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: parley-bench summary bench-out/search-NAME.json")
		return 2
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(stderr, "parley-bench summary:", err)
		return 1
	}
	var r report
	if err := json.Unmarshal(b, &r); err != nil {
		fmt.Fprintln(stderr, "parley-bench summary:", err)
		return 1
	}
	writeSummary(stdout, &r)
	return 0
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

func writeSummary(w io.Writer, r *report) {
	im := r.Import
	fmt.Fprintf(w, "### %s: %d messages (%s), %s, %d CPUs\n\n", r.Corpus, im.Messages, mib(im.MaildirBytes), r.Date, r.Machine.CPUs)
	fmt.Fprintf(w, "| import | value |\n|---|---|\n")
	fmt.Fprintf(w, "| ingest (parse + store), %d batches | %.1f s, %.0f msg/s |\n", im.Batches, im.IngestSecs, im.IngestRate)
	fmt.Fprintf(w, "| index (Indexer.Ready catching up) | %.1f s, %d docs, **%.0f docs/s** |\n", im.IndexSecs, im.IndexDocs, im.IndexRate)
	fmt.Fprintf(w, "| import overall | %.0f msg/s |\n", im.ImportRate)
	fmt.Fprintf(w, "| messages indexed as history / left out | %d / %d %v |\n", im.Stats.History, im.Stats.Imported-im.Stats.History, im.Stats.LeftOut)
	fmt.Fprintf(w, "| index on disk after close / after ten reopens | **%s** / %s |\n| store on disk | %s |\n", mib(im.IndexBytes), mib(im.IndexBytesReopened), mib(im.StoreBytes))
	fmt.Fprintf(w, "| background merges after indexing, before the queries were timed | %.1f s (%d → %d segment files) |\n", im.MergeSettleSecs, im.SegmentsAfterIndexing, im.SegmentsSettled)
	fmt.Fprintf(w, "| peak RSS of the benchmark process: after ingest / after indexing / after queries | %s / %s / %s |\n| key source | %s |\n\n",
		mib(im.RSSAfterIngest), mib(im.RSSAfterIndex), mib(im.PeakRSSBytes), im.KeySource)

	ip := r.InProcess
	fmt.Fprintf(w, "| in process (%d runs per query) | p50 | p95 | p99 | max |\n|---|---|---|---|---|\n", ip.Runs)
	for _, l := range []struct {
		name string
		l    latency
	}{{"search, first page (top 50, ranked)", ip.Search}, {"facets", ip.Facets}, {"typeahead", ip.Typeahead}} {
		fmt.Fprintf(w, "| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms |\n", l.name, l.l.P50ms, l.l.P95ms, l.l.P99ms, l.l.MaxMs)
	}
	fmt.Fprintln(w)
	if oc := r.OpenCost; oc != nil {
		fmt.Fprintf(w, "What one `parley search` pays besides the search, in process (median of %d): keychain read %.1f ms; "+
			"Boot + Workspace.Open %.1f ms; index open %.1f ms; first search %.1f ms; close %.1f ms; total %.1f ms. "+
			"Of the open, alone: store.Open %.1f ms, typeahead load %.1f ms; store Close %.1f ms.\n\n",
			oc.Runs, oc.KeychainMs, oc.OpenMs, oc.IndexOpenMs, oc.SearchMs, oc.CloseMs, oc.TotalMs, oc.StoreOpenMs, oc.TypeaheadMs, oc.StoreCloseMs)
	}
	if len(r.Peers) > 0 {
		fmt.Fprintf(w, "| indexing the same Maildir | time | rate | database | peak RSS |\n|---|---|---|---|---|\n")
		fmt.Fprintf(w, "| Parley (ingest + index) | %.1f s | %.0f msg/s | %s (index) + %s (store) | %s (whole benchmark process) |\n",
			im.IngestSecs+im.IndexSecs, im.ImportRate, mib(im.IndexBytes), mib(im.StoreBytes), mib(im.PeakRSSBytes))
		for _, p := range r.Peers {
			c := ""
			if p.Cached {
				c = " (cached; time from when built)"
			}
			fmt.Fprintf(w, "| %s%s | %.1f s | %.0f msg/s | %s | %s |\n", p.Version, c, p.Secs, p.Rate, mib(p.DBBytes), mib(p.PeakRSS))
		}
		fmt.Fprintf(w, "\nParley's index over mu's database: %.2f; over notmuch's: %.2f.\n\n", r.IndexOverMu, r.IndexOverNotmuch)
	}
	if wp := r.WholeProcess; wp != nil {
		fmt.Fprintf(w, "| whole process, cold: every search opens the workspace (PARLEY_RESIDENT=off; %d runs per query) | p50 | p95 | p99 | peak RSS |\n|---|---|---|---|---|\n", wp.Runs)
		for _, t := range []string{"parley", "notmuch", "mu"} {
			l := wp.Tools[t]
			fmt.Fprintf(w, "| %s | %.1f ms | %.1f ms | %.1f ms | %s |\n", t, l.P50ms, l.P95ms, l.P99ms, mib(wp.PeakRSS[t]))
		}
		fmt.Fprintf(w, "\nparley over notmuch: p50 %.2f, p95 %.2f; parley over mu: p50 %.2f, p95 %.2f (below 1: Parley faster).\n\n",
			wp.P50Ratio["notmuch"], wp.P95Ratio["notmuch"], wp.P50Ratio["mu"], wp.P95Ratio["mu"])
		fmt.Fprintf(w, "| query | hits (Parley) | in process median | parley | notmuch | mu | parley/notmuch | parley/mu | shown p/n/m |\n|---|---|---|---|---|---|---|---|---|\n")
		for i, q := range wp.Queries {
			var iq queryTiming
			if i < len(ip.Queries) {
				iq = ip.Queries[i]
			}
			fmt.Fprintf(w, "| `%s` | %d | %.1f ms | %.1f | %.1f | %.1f | %.2f | %.2f | %d/%d/%d |\n", strings.ReplaceAll(q.Query, "|", `\|`), iq.Total, iq.MedianMs,
				q.MedianMs["parley"], q.MedianMs["notmuch"], q.MedianMs["mu"], q.ParleyVsNotmuch, q.ParleyVsMu,
				q.Shown["parley"], q.Shown["notmuch"], q.Shown["mu"])
		}
		fmt.Fprintln(w)
		writePassSummary(w, r.WholeProcessResident, "With no app running, as by default (the first `parley search` opens the workspace and leaves a resident searcher, which answers the rest over the per-user socket):", "no app running", "resident searcher")
		writePassSummary(w, r.WholeProcessRunning, "With Parley running (`parley serve` holds the workspace; `parley search` asks it over the per-user socket):", "Parley running", "parley serve")
	} else {
		fmt.Fprintf(w, "| query | hits | median | max | facets median |\n|---|---|---|---|---|\n")
		for _, q := range ip.Queries {
			fmt.Fprintf(w, "| `%s` | %d | %.1f ms | %.1f ms | %.1f ms |\n", q.Query, q.Total, q.MedianMs, q.MaxMs, q.FacetsMs)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "| target | value | limit | |\n|---|---|---|---|\n")
	for _, t := range r.Targets {
		m := "met"
		if !t.Met {
			m = "**missed**"
		}
		fmt.Fprintf(w, "| %s | %.1f | %.1f | %s |\n", t.What, t.Value, t.Limit, m)
	}
	fmt.Fprintln(w)
}
