package search

import (
	"container/heap"
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"parley/app/crm"
)

// A ranked page must look at every hit (a common word has well over
// 100,000 at 200,000 messages), so the cost per hit decides its latency.
// Bleve's collector walks the hits on one core; these walk them in parts,
// one goroutine per core, each part a range of the index's internal
// document numbers, and merge. Internal numbers are per snapshot, so all
// parts share one reader.

// minPartDocs is the least documents per part: below it one goroutine is
// quicker than starting several. Tests lower it.
var minPartDocs uint64 = 20000

// part is one range [lo, hi) of internal document numbers; hi 0 means to
// the end.
type part struct{ lo, hi uint64 }

// walkParts runs q over r in parts, calling visit for each hit from the
// goroutine of its part (p is the part's index). Scores are computed when
// score is true.
func (ix *Index) walkParts(ctx context.Context, r index.IndexReader, q query.Query, score bool, nparts int,
	visit func(p int, d *search.DocumentMatch)) error {
	n, err := r.DocCount()
	if err != nil {
		return err
	}
	parts := []part{{0, 0}}
	if k := min(nparts, int(n/max(minPartDocs, 1))); k > 1 {
		parts = make([]part, k)
		for i := range parts {
			parts[i] = part{lo: uint64(i) * n / uint64(k), hi: uint64(i+1) * n / uint64(k)}
		}
		parts[k-1].hi = 0
	}
	opts := search.SearcherOptions{}
	if !score {
		opts.Score = "none"
	}
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, pt := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if rec := recover(); rec != nil {
					errs[i] = ix.damaged("search", rec)
				}
			}()
			errs[i] = walkPart(ctx, r, q, ix, opts, pt, func(d *search.DocumentMatch) { visit(i, d) })
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func walkPart(ctx context.Context, r index.IndexReader, q query.Query, ix *Index, opts search.SearcherOptions, pt part,
	visit func(*search.DocumentMatch)) error {
	s, err := q.Searcher(ctx, r, ix.b.Mapping(), opts)
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	var d *search.DocumentMatch
	if pt.lo > 0 {
		d, err = s.Advance(sctx, index.NewIndexInternalID(nil, pt.lo))
	} else {
		d, err = s.Next(sctx)
	}
	for n := 0; err == nil && d != nil; n++ {
		if pt.hi > 0 && d.IndexInternalID.Value() >= pt.hi {
			return nil
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		visit(d)
		sctx.DocumentMatchPool.Put(d)
		d, err = s.Next(sctx)
	}
	return err
}

// ranked is a hit by internal number, for the heaps of topScored.
type ranked struct {
	score float64
	num   uint64
}

// better orders hits: higher score first, then index order.
func (a ranked) better(b ranked) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.num < b.num
}

// worstFirst is a heap of the best k hits so far, the worst on top.
type worstFirst []ranked

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return h[j].better(h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(ranked)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// topScored runs q and returns how many documents match and the k best by
// score (ties in index order), best first: what a Bleve search sorted by
// score returns, on every core.
func (ix *Index) topScored(ctx context.Context, q query.Query, k int) (total uint64, top []scoredHit, err error) {
	defer func() {
		if rec := recover(); rec != nil {
			total, top, err = 0, nil, ix.damaged("search", rec)
		}
	}()
	r, err := ix.reader()
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	nparts := runtime.GOMAXPROCS(0)
	heaps := make([]worstFirst, nparts)
	counts := make([]uint64, nparts)
	err = ix.walkParts(ctx, r, q, true, nparts, func(p int, d *search.DocumentMatch) {
		counts[p]++
		h := &heaps[p]
		x := ranked{d.Score, d.IndexInternalID.Value()}
		if len(*h) < k {
			heap.Push(h, x)
		} else if x.better((*h)[0]) {
			(*h)[0] = x
			heap.Fix(h, 0)
		}
	})
	if err != nil {
		return 0, nil, fmt.Errorf("search: %w", err)
	}
	var all []ranked
	for p := range heaps {
		total += counts[p]
		all = append(all, heaps[p]...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].better(all[j]) })
	all = all[:min(k, len(all))]
	top = make([]scoredHit, 0, len(all))
	for _, x := range all {
		id, err := r.ExternalID(index.NewIndexInternalID(nil, x.num))
		if err != nil {
			return 0, nil, fmt.Errorf("search: %w", err)
		}
		top = append(top, scoredHit{id: crm.ID(id), score: x.score})
	}
	return total, top, nil
}

// reader opens a reader on the index's current snapshot.
func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.b.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return r, nil
}
