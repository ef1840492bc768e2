package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/app/crm"
)

func TestTextCapAndQuotes(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	long := "openingword " + strings.Repeat("filler text here ", MaxIndexedText/17+10) + "closingword"
	m := msg("m_long", "a@example.com", "long one", long, "2026-01-01")
	q := msg("m_quote", "b@example.com", "reply", "my own answer\n\nOn Monday Bob wrote:\n> quotedonlyword", "2026-01-02")
	q.QuoteStart = strings.Index(q.Text, "On Monday")
	feed(t, ix, l, m, q)
	if got := ids(t, ix, Request{Query: "openingword"}); !slices.Equal(got, []crm.ID{"m_long"}) {
		t.Errorf("word before the cap: %v", got)
	}
	if got := ids(t, ix, Request{Query: "closingword"}); len(got) != 0 {
		t.Errorf("word past the cap was indexed: %v", got)
	}
	if got := ids(t, ix, Request{Query: "quotedonlyword"}); len(got) != 0 {
		t.Errorf("quoted text was indexed: %v", got)
	}
	res, err := ix.Search(context.Background(), Request{Query: "openingword"})
	if err != nil || len(res.Hits) != 1 || !res.Hits[0].Capped {
		t.Fatalf("Capped not reported: %+v %v", res.Hits, err)
	}
	if _, capped := IndexedText(q); capped {
		t.Error("a short message reported as capped")
	}
	if text, capped := IndexedText(m); !capped || len(text) > MaxIndexedText {
		t.Errorf("IndexedText: %d bytes, capped %v", len(text), capped)
	}
}

func TestBlendPrefersRecentAmongEquals(t *testing.T) {
	now := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	old := now.AddDate(-2, 0, 0).UnixMilli()
	recent := now.AddDate(0, 0, -3).UnixMilli()
	hs := []scoredHit{
		{id: "strong_old", score: 10, date: old},
		{id: "equal_old", score: 5, date: old},
		{id: "equal_new", score: 5, date: recent},
		{id: "weak_new", score: 1, date: recent},
	}
	blend(hs, now)
	var got []crm.ID
	for _, h := range hs {
		got = append(got, h.id)
	}
	// Recency lifts the recent hit of equal relevance, but cannot lift a
	// weak match over a strong one.
	want := []crm.ID{"strong_old", "equal_new", "equal_old", "weak_new"}
	if !slices.Equal(got, want) {
		t.Errorf("blend order %v, want %v", got, want)
	}
}

// TestSearchWhileApplying runs searches while changes stream in (run with
// -race).
func TestSearchWhileApplying(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 20 {
			var cs []Change
			for k := range 25 {
				n := i*25 + k
				m := msg(fmt.Sprintf("m_%d", n), "a@example.com", "turbine", "blade inspection", "2026-01-01")
				l.put(m)
				cs = append(cs, Change{Seq: uint64(n + 1), ID: m.ID, Entity: m})
			}
			if err := ix.Apply(context.Background(), cs); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for range 50 {
		if _, err := ix.Search(context.Background(), Request{Query: "turbine blade"}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if got := len(ids(t, ix, Request{Query: "turbine blade"})); got != 500 || ix.LastSeq() != 500 {
		t.Errorf("%d hits, seq %d; want 500, 500", got, ix.LastSeq())
	}
}
