package search

import (
	"context"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"parley/app/crm"
	"parley/app/demo"
)

// BenchmarkQueryGenerated indexes PARLEY_GEN_N (default 20,000) messages
// of the seeded generator that make bench-search SCALE=N uses, parsed by
// the corpus tests' reader, and times its query shapes: top 50 ranked,
// then facets. It is the quick loop for the 200,000-message targets
// without an import into a store. PARLEY_SCALE_CPUPROFILE profiles the
// queries; PARLEY_GEN_QUERY runs that one query only.
func BenchmarkQueryGenerated(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("PARLEY_GEN_N")); err == nil && v > 0 {
		n = v
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	l := newMemLoader()
	ctx := context.Background()
	dir := b.TempDir() + "/index"
	ix, err := Open(ctx, dir, testKey, Options{Loader: l, Location: time.UTC, SkipVerify: true})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close(ctx)
	from := map[string]int{}
	names := map[string]string{}
	var batch []crm.Entity
	var took time.Duration
	flush := func() {
		t0 := time.Now()
		if err := ix.Add(ctx, batch); err != nil {
			b.Fatal(err)
		}
		took += time.Since(t0)
		batch = batch[:0]
	}
	for folder, dm := range demo.GenerateScale(1, n, now) {
		m, err := parseCorpusMessage(dm.Raw, folder)
		if err != nil {
			b.Fatal(err)
		}
		// Keep only what is indexed and shown: the own text.
		own, _ := IndexedText(m)
		m.Text, m.QuoteStart = own, len(own)
		from[m.From.Address]++
		names[m.From.Address] = m.From.Name
		l.put(m)
		batch = append(batch, m)
		if len(batch) == 1000 {
			flush()
		}
	}
	flush()
	qs := generatedBenchQueries(from, names)
	if q := os.Getenv("PARLEY_GEN_QUERY"); q != "" {
		qs = []string{q} // one query, to profile it alone
	}
	per := make([][]time.Duration, len(qs))
	perF := make([][]time.Duration, len(qs))
	var lat, facets []time.Duration
	stop := startQueryProfile(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := i % len(qs)
		t0 := time.Now()
		if _, err := ix.Search(ctx, Request{Query: qs[k], Now: now, Size: 50}); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		lat, per[k] = append(lat, d), append(per[k], d)
		t0 = time.Now()
		if _, err := ix.Facets(ctx, Request{Query: qs[k], Now: now}); err != nil {
			b.Fatal(err)
		}
		d = time.Since(t0)
		facets, perF[k] = append(facets, d), append(perF[k], d)
	}
	b.StopTimer()
	stop()
	reportPercentiles(b, lat)
	slices.Sort(facets)
	b.ReportMetric(float64(facets[len(facets)*95/100].Microseconds())/1000, "facets-p95-ms")
	b.ReportMetric(float64(n)/took.Seconds(), "docs/s")
	b.ReportMetric(float64(dirSize(b, dir))/(1<<20), "index-MiB")
	for k, ds := range per {
		if len(ds) == 0 {
			continue
		}
		res, _ := ix.Search(ctx, Request{Query: qs[k], Now: now, Size: 50})
		slices.Sort(ds)
		slices.Sort(perF[k])
		b.Logf("%-45q %7d hits  median %6.1f ms  facets %6.1f ms", qs[k], res.Total,
			float64(ds[len(ds)/2].Microseconds())/1000, float64(perF[k][len(perF[k])/2].Microseconds())/1000)
	}
}

// generatedBenchQueries are cmd/parley-bench's query shapes over a
// generated mailbox, with its people picked the same simple way: the most
// and a rarely writing sender, and one in the middle.
func generatedBenchQueries(from map[string]int, names map[string]string) []string {
	type sender struct {
		addr string
		n    int
	}
	var ss []sender
	for a, n := range from {
		if a != "" && names[a] != "" && strings.Contains(names[a], " ") {
			ss = append(ss, sender{a, n})
		}
	}
	sort.Slice(ss, func(i, j int) bool {
		if ss[i].n != ss[j].n {
			return ss[i].n > ss[j].n
		}
		return ss[i].addr < ss[j].addr
	})
	top, mid, rare := ss[0], ss[len(ss)/2], ss[len(ss)-1]
	name := names[mid.addr]
	last := strings.ToLower(name[strings.LastIndexByte(name, ' ')+1:])
	domain := mid.addr[strings.IndexByte(mid.addr, '@')+1:]
	return []string{
		"calibration", "firmware", "headcount",
		`"predictive maintenance"`, `"older buildings"`, `"audit exports" gateway`,
		"from:" + top.addr, "from:" + rare.addr, "to:" + top.addr,
		`"` + name + `"`, "from:" + last, "from:" + domain,
		"calibration after:2026-10-01", "after:2025-03-01 before:2025-03-15", "before:2024-01-01 firmware",
		"calibration -battery", "gateway OR vibration", "subject:audit",
		"has:attachment retention", "kind:email escalation", `"FieldOps Weekly"`,
		last + " calibration", "from:" + rare.addr + " maintenance", "zeppelin",
	}
}
