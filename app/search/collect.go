package search

import (
	"container/heap"
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
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
// goroutine of its part (p is the part's index), and returns how many hits
// there were. Scores are computed when score is true.
//
// What a visit writes per hit must not sit next to what another part's
// visit writes (a counter per part in one slice, say): two cores writing
// one cache line take turns owning it, which made the walk's own
// bookkeeping cost as much as Bleve's.
func (ix *Index) walkParts(ctx context.Context, r index.IndexReader, q query.Query, score bool, nparts int,
	visit func(p int, d *search.DocumentMatch)) (uint64, error) {
	n, err := r.DocCount()
	if err != nil {
		return 0, err
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
	counts := make([]uint64, len(parts))
	var wg sync.WaitGroup
	for i, pt := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer faultsPanic()()
			defer func() {
				if rec := recover(); rec != nil {
					errs[i] = ix.damaged("search", rec)
				}
			}()
			counts[i], errs[i] = walkPart(ctx, r, q, ix, opts, pt, func(d *search.DocumentMatch) { visit(i, d) })
		}()
	}
	wg.Wait()
	var total uint64
	for i, err := range errs {
		if err != nil {
			return 0, err
		}
		total += counts[i]
	}
	return total, nil
}

// walkPart visits the hits of one part and counts them.
func walkPart(ctx context.Context, r index.IndexReader, q query.Query, ix *Index, opts search.SearcherOptions, pt part,
	visit func(*search.DocumentMatch)) (uint64, error) {
	s, err := q.Searcher(ctx, r, ix.b.Mapping(), opts)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	var d *search.DocumentMatch
	if pt.lo > 0 {
		d, err = s.Advance(sctx, index.NewIndexInternalID(nil, pt.lo))
	} else {
		d, err = s.Next(sctx)
	}
	var n uint64
	for ; err == nil && d != nil; n++ {
		if pt.hi > 0 && d.IndexInternalID.Value() >= pt.hi {
			return n, nil
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		visit(d)
		sctx.DocumentMatchPool.Put(d)
		d, err = s.Next(sctx)
	}
	return n, err
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

// paddedHeap is one part's heap, a cache line away from the next part's
// (see walkParts).
type paddedHeap struct {
	h worstFirst
	_ [64]byte
}

// usePostings lets topRanked walk postings (postings.go) when a query
// allows; tests turn it off to compare with Bleve's searchers.
var usePostings = true

// bestPage ranks every hit of c and returns how many there are and one
// page of the best, with ids and dates: the best blendWindow (at least
// offset+size) by relevance, their relevance raised by boostWindow and
// blended with recency. One index snapshot serves it all: hits are
// internal numbers until the page's are turned into ids.
func (ix *Index) bestPage(ctx context.Context, c *compiled, offset, size int, now time.Time) (total uint64, page []scoredHit, err error) {
	defer faultsPanic()()
	defer func() {
		if rec := recover(); rec != nil {
			total, page, err = 0, nil, ix.damaged("search", rec)
		}
	}()
	r, err := ix.reader()
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, nil, fmt.Errorf("search: index reader is a %T", r)
	}
	total, best, err := ix.topRanked(ctx, snap, c.q, max(blendWindow, offset+size))
	if err != nil {
		return 0, nil, fmt.Errorf("search: %w", err)
	}
	hits := make([]scoredHit, len(best))
	for i, x := range best {
		hits[i] = scoredHit{num: x.num, score: x.score}
	}
	w := hits[:min(blendWindow, len(hits))]
	if err := datesOf(snap, w); err != nil {
		return 0, nil, fmt.Errorf("search: %w", err)
	}
	if err := ix.boostWindow(snap, w, c); err != nil {
		return 0, nil, fmt.Errorf("search: %w", err)
	}
	blend(hits, now)
	page = hits[min(offset, len(hits)):]
	page = page[:min(size, len(page))]
	for i := range page {
		id, err := r.ExternalID(index.NewIndexInternalID(nil, page[i].num))
		if err != nil {
			return 0, nil, fmt.Errorf("search: %w", err)
		}
		page[i].id = crm.ID(id)
	}
	return total, page, nil
}

// topRanked returns how many documents match q and the best k by score
// (ties in index order), best first: what a Bleve search sorted by score
// returns, on every core.
func (ix *Index) topRanked(ctx context.Context, snap *scorch.IndexSnapshot, q query.Query, k int) (uint64, []ranked, error) {
	var total uint64
	var all []ranked
	var err error
	if p, ok := planOf(q); ok && usePostings {
		total, all, err = ix.topScoredPostings(ctx, snap, p, k)
	} else {
		total, all, err = ix.topScoredWalk(ctx, snap, q, k)
	}
	if err != nil {
		return 0, nil, err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].better(all[j]) })
	return total, all[:min(k, len(all))], nil
}

// datesOf fills in the hits' dates from the date field's doc values.
func datesOf(r index.IndexReader, hs []scoredHit) error {
	dv, err := r.DocValueReader([]string{fieldWhen})
	if err != nil {
		return err
	}
	// In index order: doc values are read in chunks.
	order := make([]int, len(hs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return hs[order[a]].num < hs[order[b]].num })
	var id index.IndexInternalID
	for _, i := range order {
		h := &hs[i]
		id = index.NewIndexInternalID(id, h.num)
		err := dv.VisitDocValues(id, func(_ string, term []byte) { h.date = whenOf(string(term)) })
		if err != nil {
			return err
		}
	}
	return nil
}

// boostWindow raises the relevance of the window's hits that match in a
// field saying more than the body: the subject, the sender, or the names
// that are all an account's or a person's text. The combined field ranks
// the whole hit set; these are looked up for the window only, on the
// segments' postings.
func (ix *Index) boostWindow(snap *scorch.IndexSnapshot, hs []scoredHit, c *compiled) error {
	if len(hs) == 0 {
		return nil
	}
	boosts := []struct {
		q     query.Query
		share float64
	}{
		{disjunction(c.subject), boostSubject},
		{disjunction(c.from), boostFrom},
		{disjunction([]query.Query{ix.facetQuery(tagKind, KindAccount), ix.facetQuery(tagKind, KindPerson)}), boostNames},
	}
	gain := make([]float64, len(hs))
	for _, b := range boosts {
		if b.q == nil {
			continue
		}
		p, ok := planOf(b.q)
		if !ok {
			return fmt.Errorf("boost query %T is not made of terms", b.q)
		}
		segs, _, err := p.matchSegments(snap)
		if err != nil {
			return err
		}
		for i, h := range hs {
			if matchesNum(segs, p.root, h.num) {
				gain[i] += b.share
			}
		}
	}
	for i := range hs {
		hs[i].score *= 1 + gain[i]
	}
	return nil
}

// topScoredWalk is topScored through Bleve's searchers: the best k hits of
// each part, unsorted.
func (ix *Index) topScoredWalk(ctx context.Context, r index.IndexReader, q query.Query, k int) (uint64, []ranked, error) {
	nparts := runtime.GOMAXPROCS(0)
	heaps := make([]paddedHeap, nparts)
	total, err := ix.walkParts(ctx, r, q, true, nparts, func(p int, d *search.DocumentMatch) {
		h := &heaps[p].h
		x := ranked{d.Score, d.IndexInternalID.Value()}
		if len(*h) < k {
			heap.Push(h, x)
		} else if x.better((*h)[0]) {
			(*h)[0] = x
			heap.Fix(h, 0)
		}
	})
	if err != nil {
		return 0, nil, err
	}
	var all []ranked
	for p := range heaps {
		all = append(all, heaps[p].h...)
	}
	return total, all, nil
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
