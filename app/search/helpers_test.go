package search

import (
	"context"
	"sync"
	"testing"
	"time"

	"parley/app/crm"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// memLoader is the store as the index sees it in tests.
type memLoader struct {
	mu sync.RWMutex
	m  map[crm.ID]crm.Entity
}

func newMemLoader() *memLoader { return &memLoader{m: map[crm.ID]crm.Entity{}} }

func (l *memLoader) put(es ...crm.Entity) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range es {
		l.m[e.EntityID()] = e
	}
}

func (l *memLoader) Load(_ context.Context, ids []crm.ID) (map[crm.ID]crm.Entity, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	out := make(map[crm.ID]crm.Entity, len(ids))
	for _, id := range ids {
		if e, ok := l.m[id]; ok {
			out[id] = e
		}
	}
	return out, nil
}

// openTestIndex opens a new index in a temporary folder.
func openTestIndex(t testing.TB, l Loader, r Resolver) (*Index, string) {
	t.Helper()
	dir := t.TempDir() + "/index"
	ix, err := Open(context.Background(), dir, testKey, Options{Loader: l, Resolver: r, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close(context.Background()) })
	return ix, dir
}

// feed indexes entities as consecutive changes after LastSeq.
func feed(t testing.TB, ix *Index, l *memLoader, es ...crm.Entity) {
	t.Helper()
	l.put(es...)
	seq := ix.LastSeq()
	changes := make([]Change, len(es))
	for i, e := range es {
		seq++
		changes[i] = Change{Seq: seq, ID: e.EntityID(), Entity: e}
	}
	if err := ix.Apply(context.Background(), changes); err != nil {
		t.Fatal(err)
	}
}

// ids runs a query and returns every hit's id, all pages, newest first.
func ids(t testing.TB, ix *Index, r Request) []crm.ID {
	t.Helper()
	r.Order = Newest
	r.Size = maxSize
	var out []crm.ID
	for {
		r.Offset = len(out)
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		if len(res.Hits) == 0 || uint64(len(out)) >= res.Total {
			if uint64(len(out)) != res.Total {
				t.Fatalf("query %q: %d hits loaded, Total says %d", r.Query, len(out), res.Total)
			}
			return out
		}
	}
}

var testNow = time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)

func day0(s string) int64 {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

func msg(id, from, subject, text, date string) *crm.Message {
	return &crm.Message{
		ID: crm.ID(id), From: crm.Address{Address: from}, Subject: subject, Text: text,
		QuoteStart: len(text), Date: day0(date), Direction: crm.Inbound,
	}
}
