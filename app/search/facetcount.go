package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// facetKey is one term of the facet field: a tag byte and a keyed hash.
type facetKey [1 + termSize]byte

// facetCounts are the facet field's terms counted over hits. Counting is
// keyed by the term's first 8 bytes (the tag and 56 bits of hash), a much
// cheaper map key than the whole term; full keeps the whole term of each.
type facetCounts struct {
	n    map[uint64]int
	full map[uint64]facetKey
}

func (c *facetCounts) add(term []byte) {
	if len(term) != len(facetKey{}) {
		return
	}
	k := uint64(term[0])<<56 | uint64(term[1])<<48 | uint64(term[2])<<40 | uint64(term[3])<<32 |
		uint64(term[4])<<24 | uint64(term[5])<<16 | uint64(term[6])<<8 | uint64(term[7])
	if _, ok := c.n[k]; !ok {
		c.full[k] = facetKey(term)
	}
	c.n[k]++
}

// countFacets runs q unscored and counts the facet field's terms of every
// hit from its doc values, on every core. It does what a Bleve search with
// a terms facet does, without the collector's work per hit and without a
// string per counted term.
func (ix *Index) countFacets(ctx context.Context, q query.Query) (total uint64, counts map[facetKey]int, err error) {
	defer faultsPanic()()
	defer func() {
		if rec := recover(); rec != nil {
			total, counts, err = 0, nil, ix.damaged("facets", rec)
		}
	}()
	r, err := ix.reader()
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	nparts := runtime.GOMAXPROCS(0)
	parts := make([]facetCounts, nparts)
	dvs := make([]index.DocValueReader, nparts)
	visits := make([]index.DocValueVisitor, nparts)
	for p := range parts {
		parts[p] = facetCounts{n: map[uint64]int{}, full: map[uint64]facetKey{}}
		if dvs[p], err = r.DocValueReader([]string{fieldFacet}); err != nil {
			return 0, nil, fmt.Errorf("search: facets: %w", err)
		}
		c := &parts[p]
		visits[p] = func(_ string, term []byte) { c.add(term) }
	}
	if plan, ok := planOf(q); ok && usePostings {
		// Hits from the segments' postings (postings.go), not searchers.
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			return 0, nil, fmt.Errorf("search: index reader is a %T", r)
		}
		var segs []planSegment
		if segs, total, err = plan.matchSegments(snap); err == nil {
			err = ix.eachHit(ctx, segs, plan.root, min(nparts, partsFor(total)), func(p int) hitVisitor {
				var id index.IndexInternalID
				return func(s *planSegment, doc uint64) error {
					id = index.NewIndexInternalID(id, s.offset+doc)
					return dvs[p].VisitDocValues(id, visits[p])
				}
			})
		}
	} else {
		dvErrs := make([]error, nparts) // one per part: parts run at once
		total, err = ix.walkParts(ctx, r, q, false, nparts, func(p int, d *search.DocumentMatch) {
			if err := dvs[p].VisitDocValues(d.IndexInternalID, visits[p]); err != nil && dvErrs[p] == nil {
				dvErrs[p] = err
			}
		})
		if err == nil {
			err = errors.Join(dvErrs...)
		}
	}
	if err != nil {
		return 0, nil, fmt.Errorf("search: facets: %w", err)
	}
	counts = map[facetKey]int{}
	for p := range parts {
		for k, n := range parts[p].n {
			counts[parts[p].full[k]] += n
		}
	}
	return total, counts, nil
}
