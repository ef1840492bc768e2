package search

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"parley/app/crm"
)

// Walking the hits in parts finds what Bleve's own collector finds: the
// same count, the same best hits with the same scores, and facets count
// every hit once.
func TestCollectInParts(t *testing.T) {
	ix, msgs := corpusIndex(t)
	defer func(v uint64) { minPartDocs = v }(minPartDocs)
	defer func(v bool) { usePostings = v }(usePostings)
	usePostings = false
	ctx := context.Background()
	for _, q := range []string{"btrfs", "patch -balance", `"free space"`, "x310 OR n310", "kind:email timeout"} {
		p := ParseQuery(q, testNow, ix.opts.Location, nil)
		c := ix.compile(&p, filters{})
		req := bleve.NewSearchRequestOptions(c.q, 100, 0, false)
		sr, err := ix.run(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]scoredHit, len(sr.Hits))
		for i, h := range sr.Hits {
			want[i] = scoredHit{id: crm.ID(h.ID), score: h.Score}
		}
		var wantFacets map[facetKey]int
		for _, parts := range []uint64{1 << 40, uint64(len(msgs) / 3), 50} {
			minPartDocs = parts
			total, got, err := topScored(ix, ctx, c.q, 100)
			if err != nil {
				t.Fatal(err)
			}
			if total != sr.Total || !sameScores(got, want) {
				t.Errorf("%s, parts of %d: %d hits, want %d; best differ: %v", q, parts, total, sr.Total, !sameScores(got, want))
			}
			ftotal, facets, err := ix.countFacets(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if wantFacets == nil {
				wantFacets = facets
			}
			if ftotal != sr.Total || len(facets) == 0 || !mapsEqual(facets, wantFacets) {
				t.Errorf("%s, parts of %d: facets over %d hits, want %d; %d values, want %d", q, parts, ftotal, sr.Total, len(facets), len(wantFacets))
			}
		}
	}
}

// Walking postings ranks as Bleve's searchers do: the same count, the
// same facet counts and the same best hits, with scores in the same proportions (Bleve's query norm,
// one factor for every hit, is left out).
func TestPostingsRankLikeSearchers(t *testing.T) {
	ix, msgs := corpusIndex(t)
	defer func(v uint64) { minPartDocs = v }(minPartDocs)
	defer func(v bool) { usePostings = v }(usePostings)
	ctx := context.Background()
	queries := []string{"btrfs", "patch", "patch -balance", "usrp", "ettus", `"free space"`, `"transaction abort"`,
		`"gnu radio" b210`, "x310 OR n310", "btrfs OR usrp OR zoned", "kind:email timeout", "kind:note btrfs",
		"balance -convert", "qgroup rescan", "from:braun", "to:dsterba@suse.cz scrub", "martin.braun@ettus.com",
		"has:attachment fpga", "subject:regression", "Müller", "dpdk throughput", "zeppelinzz", "btrfs -btrfs",
		`"the file system is"`, "raid56 -raid5 OR raid6"}
	planned := 0
	for _, q := range queries {
		p := ParseQuery(q, testNow, ix.opts.Location, nil)
		c := ix.compile(&p, filters{})
		if _, ok := planOf(c.q); ok {
			planned++
		}
		usePostings = false
		wantTotal, want, err := topScored(ix, ctx, c.q, 300)
		if err != nil {
			t.Fatal(err)
		}
		_, wantFacets, err := ix.countFacets(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		usePostings = true
		for _, parts := range []uint64{1 << 40, uint64(len(msgs) / 3), 50} {
			minPartDocs = parts
			total, got, err := topScored(ix, ctx, c.q, 300)
			if err != nil {
				t.Fatal(err)
			}
			if total != wantTotal || !proportionalScores(got, want) {
				t.Errorf("%s, parts of %d: %d hits, want %d; best differ: %v", q, parts, total, wantTotal, !proportionalScores(got, want))
			}
			ftotal, facets, err := ix.countFacets(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if ftotal != wantTotal || !mapsEqual(facets, wantFacets) {
				t.Errorf("%s, parts of %d: facets over %d hits, want %d; %d values, want %d", q, parts, ftotal, wantTotal, len(facets), len(wantFacets))
			}
		}
	}
	if planned < len(queries)-3 {
		t.Errorf("postings answered %d of %d queries", planned, len(queries))
	}
}

// Postings leave out what was deleted or replaced, in every segment: an
// index fed in several batches, some messages then changed (their old
// version deleted in an older segment) and some removed, ranks as Bleve's
// searchers do.
func TestPostingsSkipDeletedDocuments(t *testing.T) {
	msgs := loadCorpus(t)[:900]
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	defer func(v bool) { usePostings = v }(usePostings)
	for i := 0; i < len(msgs); i += 300 {
		var es []crm.Entity
		for _, m := range msgs[i : i+300] {
			es = append(es, m.msg)
		}
		feed(t, ix, l, es...)
	}
	var changed []crm.Entity
	for _, m := range msgs[100:400] {
		c := *m.msg
		c.Subject = "btrfs usrp " + c.Subject
		changed = append(changed, &c)
	}
	feed(t, ix, l, changed...)
	seq := ix.LastSeq()
	var gone []Change
	for _, m := range msgs[500:650] {
		seq++
		gone = append(gone, Change{Seq: seq, ID: m.msg.ID})
	}
	if err := ix.Apply(context.Background(), gone); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, q := range []string{"btrfs", "patch -usrp", "btrfs OR usrp", "patch", "kind:email btrfs", "zoned"} {
		p := ParseQuery(q, testNow, ix.opts.Location, nil)
		c := ix.compile(&p, filters{})
		if _, ok := planOf(c.q); !ok {
			t.Fatalf("%s: no plan", q)
		}
		usePostings = false
		wantTotal, want, err := topScored(ix, ctx, c.q, 300)
		if err != nil {
			t.Fatal(err)
		}
		_, wantFacets, err := ix.countFacets(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		usePostings = true
		total, got, err := topScored(ix, ctx, c.q, 300)
		if err != nil {
			t.Fatal(err)
		}
		if total == 0 || total != wantTotal || !proportionalScores(got, want) {
			t.Errorf("%s: %d hits, want %d; best differ: %v", q, total, wantTotal, !proportionalScores(got, want))
		}
		if _, facets, err := ix.countFacets(ctx, c.q); err != nil || !mapsEqual(facets, wantFacets) {
			t.Errorf("%s: facets differ (%v)", q, err)
		}
	}
	if n := ix.Segments(); n < 2 {
		t.Errorf("%d segments: the test needs several", n)
	}
}

// proportionalScores compares ranked hits whose scores differ by one
// factor: the same ids in the same order but for equal scores, which may
// come in another order.
func proportionalScores(a, b []scoredHit) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	f := b[0].score / a[0].score
	norm := make([]scoredHit, len(a))
	for i, h := range a {
		norm[i] = scoredHit{id: h.id, score: h.score * f}
		if math.Abs(norm[i].score-b[i].score) > 1e-9*b[i].score {
			return false
		}
		norm[i].score = b[i].score // equal within rounding: compare the ids as sameScores does
	}
	return sameScores(norm, b)
}

// topScored is topRanked with ids.
func topScored(ix *Index, ctx context.Context, q query.Query, k int) (uint64, []scoredHit, error) {
	r, err := ix.reader()
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	total, best, err := ix.topRanked(ctx, r.(*scorch.IndexSnapshot), q, k)
	if err != nil {
		return 0, nil, err
	}
	hits := make([]scoredHit, len(best))
	for i, x := range best {
		id, err := r.ExternalID(index.NewIndexInternalID(nil, x.num))
		if err != nil {
			return 0, nil, err
		}
		hits[i] = scoredHit{num: x.num, id: crm.ID(id), score: x.score}
	}
	return total, hits, nil
}

// sameScores compares ranked hits by score; hits of equal score may come
// in another order.
func sameScores(a, b []scoredHit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].score != b[i].score {
			return false
		}
	}
	ids := func(hs []scoredHit) []crm.ID {
		var out []crm.ID
		for _, h := range hs {
			if h.score > hs[len(hs)-1].score {
				out = append(out, h.id)
			}
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(ids(a), ids(b))
}

func mapsEqual[K comparable](a, b map[K]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
