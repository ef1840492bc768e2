package search

import (
	"context"
	"io/fs"

	"path/filepath"
	"testing"
	"time"

	"parley/app/crm"
)

// BenchmarkIndexCorpus indexes the 3,035-message public corpus into a new
// index, through Close (so everything is on disk), and reports the rate
// and the index size.
func BenchmarkIndexCorpus(b *testing.B) {
	msgs := loadCorpus(b)
	es := make([]crm.Entity, len(msgs))
	var textBytes int
	for i, m := range msgs {
		es[i] = m.msg
		textBytes += len(m.msg.Text)
	}
	ctx := context.Background()
	var size int64
	var took time.Duration
	for b.Loop() {
		dir := b.TempDir() + "/index"
		start := time.Now()
		ix, err := Open(ctx, dir, testKey, Options{Location: time.UTC})
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Add(ctx, es); err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(ctx); err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
		size = dirSize(b, dir)
	}
	b.ReportMetric(float64(len(es)*b.N)/took.Seconds(), "docs/s")
	b.ReportMetric(float64(size)/(1<<20), "index-MiB")
	b.ReportMetric(float64(textBytes)/(1<<20), "text-MiB")
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// benchQueries are what reps and engineers type: names, addresses,
// phrases, rare and common words, dates, filters, exclusions, OR.
var benchQueries = []string{
	"btrfs",                              // in nearly every list message
	"patch",                              // common
	"usrp",                               // common in the other list
	`"free space"`,                       // phrase
	`"transaction abort"`,                // phrase
	`"gnu radio" b210`,                   // phrase and word
	"from:wqu@suse.com",                  // sender
	"from:martin.braun@ettus.com",        // sender
	"from:braun",                         // part of an address
	"to:dsterba@suse.cz scrub",           // recipient and word
	"raid56 after:2026-01-01",            // word and date
	"after:2026-03-01 before:2026-03-15", // dates only
	"before:2025-06-01 firmware",         // old and a word
	"balance -convert",                   // exclusion
	"x310 OR n310",                       // OR
	"subject:regression",                 // subject
	"has:attachment fpga",                // filter and word
	"kind:email timeout",                 // kind and word
	"qgroup rescan",                      // two words
	"uhd_usrp_probe",                     // tool name
	"zoned",                              // rare-ish
	"Müller",                             // accents
	"after:30d",                          // relative
	"dpdk throughput",                    // two words
}

// BenchmarkQuery runs realistic queries against the indexed corpus: a whole
// Search (parse, Bleve, recency blend, loading the page, snippets), top 20,
// and reports latency percentiles.
func BenchmarkQuery(b *testing.B) {
	ix, _ := corpusIndex(b)
	ctx := context.Background()
	now := time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		q := benchQueries[i%len(benchQueries)]
		t0 := time.Now()
		if _, err := ix.Search(ctx, Request{Query: q, Now: now}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	reportPercentiles(b, lat)
}

// BenchmarkFacets is the second call beside a search.
func BenchmarkFacets(b *testing.B) {
	ix, _ := corpusIndex(b)
	ctx := context.Background()
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		if _, err := ix.Facets(ctx, Request{Query: benchQueries[i%len(benchQueries)]}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	reportPercentiles(b, lat)
}
