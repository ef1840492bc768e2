package search

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"parley/app/crm"
)

// A one-shot search opens the index read-only: two at once, beside each
// other, finding what a writer indexed; it refuses changes, and a missing
// index is a rebuild for a writer to do, not a new empty index.
func TestReadOnlyIndex(t *testing.T) {
	ctx := context.Background()
	l := newMemLoader()
	ix, dir := openTestIndex(t, l, nil)
	m := msg("m_ro", "ann@acme.test", "Kickoff", "the zeppelin arrives on monday", "2026-06-01")
	feed(t, ix, l, m)
	if err := ix.Close(ctx); err != nil {
		t.Fatal(err)
	}
	opts := Options{Loader: l, Location: time.UTC, ReadOnly: true, SkipVerify: true}
	var readers []*Index
	for range 2 {
		ro, err := Open(ctx, dir, testKey, opts)
		if err != nil {
			t.Fatalf("read-only open beside another: %v", err)
		}
		defer ro.Close(ctx)
		readers = append(readers, ro)
	}
	for _, ro := range readers {
		if got := ids(t, ro, Request{Query: "zeppelin"}); !slices.Equal(got, []crm.ID{m.ID}) {
			t.Errorf("read-only search: %v", got)
		}
		if ro.LastSeq() != 1 {
			t.Errorf("last seq %d", ro.LastSeq())
		}
	}
	err := readers[0].Apply(ctx, []Change{{Seq: 2, ID: m.ID, Entity: m}})
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("apply on a read-only index: %v", err)
	}
	if _, err := Open(ctx, t.TempDir()+"/none", testKey, opts); !errors.Is(err, ErrNeedsRebuild) {
		t.Errorf("read-only open of no index: %v", err)
	}
}
