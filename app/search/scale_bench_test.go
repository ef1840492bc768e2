package search

import (
	"context"
	"fmt"
	"testing"
	"time"

	"parley/app/crm"
)

// BenchmarkQueryScaled is BenchmarkQuery over the corpus copied 10 times
// (about 30,000 documents, each copy dated a year earlier), to see how
// latency grows with the mailbox.
func BenchmarkQueryScaled(b *testing.B) {
	msgs := loadCorpus(b)
	l := newMemLoader()
	ctx := context.Background()
	ix, err := Open(ctx, b.TempDir()+"/index", testKey, Options{Loader: l, Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close(ctx)
	const copies = 10
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
	now := time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		if _, err := ix.Search(ctx, Request{Query: benchQueries[i%len(benchQueries)], Now: now}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	reportPercentiles(b, lat)
}
