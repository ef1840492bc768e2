package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// facetKey is one term of the facet field: a tag byte and a keyed hash.
type facetKey [1 + termSize]byte

// countFacets runs q unscored and counts the facet field's terms of every
// hit from its doc values. It does what a Bleve search with a terms facet
// does, without the collector's work per hit (heap, sort values) and
// without a string per counted term: at 200,000 messages a common word has
// well over 100,000 hits.
func (ix *Index) countFacets(ctx context.Context, q query.Query) (total uint64, counts map[facetKey]int, err error) {
	defer func() {
		if r := recover(); r != nil {
			total, counts, err = 0, nil, ix.damaged("facets", r)
		}
	}()
	adv, err := ix.b.Advanced()
	if err != nil {
		return 0, nil, fmt.Errorf("search: facets: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, nil, fmt.Errorf("search: facets: %w", err)
	}
	defer r.Close()
	s, err := q.Searcher(ctx, r, ix.b.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return 0, nil, fmt.Errorf("search: facets: %w", err)
	}
	defer s.Close()
	dv, err := r.DocValueReader([]string{fieldFacet})
	if err != nil {
		return 0, nil, fmt.Errorf("search: facets: %w", err)
	}
	counts = map[facetKey]int{}
	visit := func(_ string, term []byte) {
		if len(term) == len(facetKey{}) {
			counts[facetKey(term)]++
		}
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	for {
		if total%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, nil, err
			}
		}
		d, err := s.Next(sctx)
		if err != nil {
			return 0, nil, fmt.Errorf("search: facets: %w", err)
		}
		if d == nil {
			return total, counts, nil
		}
		total++
		if err := dv.VisitDocValues(d.IndexInternalID, visit); err != nil {
			return 0, nil, fmt.Errorf("search: facets: %w", err)
		}
		sctx.DocumentMatchPool.Put(d)
	}
}
