package search

import (
	"context"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"parley/app/crm"
)

// Walking the hits in parts finds what Bleve's own collector finds: the
// same count, the same best hits with the same scores, and facets count
// every hit once.
func TestCollectInParts(t *testing.T) {
	ix, msgs := corpusIndex(t)
	defer func(v uint64) { minPartDocs = v }(minPartDocs)
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
			total, got, err := ix.topScored(ctx, c.q, 100)
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
