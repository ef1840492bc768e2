package search

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"testing"
	"time"

	"parley/app/crm"
)

// scaleCopies is how many times BenchmarkQueryScaled copies the corpus:
// PARLEY_SCALE_COPIES, default 10 (about 30,000 documents; 66 is about
// the 200,000 messages of the benchmark's generated mailbox).
func scaleCopies() int {
	if n, err := strconv.Atoi(os.Getenv("PARLEY_SCALE_COPIES")); err == nil && n > 0 {
		return n
	}
	return 10
}

// BenchmarkQueryScaled is BenchmarkQuery over the corpus copied
// scaleCopies times (each copy dated a year earlier), to see how latency
// grows with the mailbox: top 50 ranked as the benchmark asks, then
// facets. With -v it logs each query's median; PARLEY_SCALE_CPUPROFILE
// names a file for a CPU profile of the queries.
func BenchmarkQueryScaled(b *testing.B) {
	msgs := loadCorpus(b)
	l := newMemLoader()
	ctx := context.Background()
	dir := b.TempDir() + "/index"
	ix, err := Open(ctx, dir, testKey, Options{Loader: l, Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close(ctx)
	copies := scaleCopies()
	start := time.Now()
	for c := range copies {
		es := make([]crm.Entity, len(msgs))
		for i, m := range msgs {
			cp := *m.msg
			cp.ID = crm.ID(fmt.Sprintf("%s_%d", m.msg.ID, c))
			cp.Date = time.UnixMilli(cp.Date).AddDate(-c, 0, 0).UnixMilli()
			es[i] = &cp
			l.put(&cp)
		}
		if err := ix.Add(ctx, es); err != nil {
			b.Fatal(err)
		}
	}
	rate := float64(copies*len(msgs)) / time.Since(start).Seconds()
	now := time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)
	per := make([][]time.Duration, len(benchQueries))
	var lat, facets []time.Duration
	defer startQueryProfile(b)()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := i % len(benchQueries)
		t0 := time.Now()
		if _, err := ix.Search(ctx, Request{Query: benchQueries[k], Now: now, Size: 50}); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		lat = append(lat, d)
		per[k] = append(per[k], d)
		t0 = time.Now()
		if _, err := ix.Facets(ctx, Request{Query: benchQueries[k], Now: now}); err != nil {
			b.Fatal(err)
		}
		facets = append(facets, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
	slices.Sort(facets)
	b.ReportMetric(float64(facets[len(facets)*95/100].Microseconds())/1000, "facets-p95-ms")
	b.ReportMetric(rate, "docs/s")
	b.ReportMetric(float64(dirSize(b, dir))/(1<<20), "index-MiB")
	for k, ds := range per {
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		b.Logf("%-40q median %6.1f ms", benchQueries[k], float64(ds[len(ds)/2].Microseconds())/1000)
	}
}

// startQueryProfile starts a CPU profile into PARLEY_SCALE_CPUPROFILE when
// it is set, so only the queries are profiled, not the indexing before
// them. The returned func stops it.
func startQueryProfile(b *testing.B) func() {
	f := os.Getenv("PARLEY_SCALE_CPUPROFILE")
	if f == "" {
		return func() {}
	}
	out, err := os.Create(f)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = out.Close()
	}
}
