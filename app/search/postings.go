package search

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Bleve's searchers score a query one hit at a time through several layers
// (term field readers, searchers, scorers, document matches), about as
// costly per hit as everything else a page does together. For a query made
// only of terms joined by and, or and not (nearly every query a rep types)
// this walks the index segments' postings directly instead: which
// documents match is worked out on whole bitmaps per segment, and only the
// scored terms' postings are read hit by hit.
//
// Scores rank exactly as Bleve's tf-idf does: the same weight per term
// (boost × idf² × √tf × norm), summed over a conjunction, times the share
// of alternatives matched over a disjunction, zero for filters. Bleve's
// query norm is left out: one factor common to every hit of a query.
// Queries with anything else (phrases, date ranges, id lists) take Bleve's
// searchers (walkParts).

type planKind int

const (
	planTerm planKind = iota
	planAnd
	planOr
)

// planNode is one node of a query that postings can answer.
type planNode struct {
	id     int // index into per-node state
	kind   planKind
	field  string
	term   []byte
	boost  float64
	scored bool        // false: a filter, it adds nothing to the score
	kids   []*planNode // planAnd: all of them; planOr: any
	not    []*planNode // planAnd only: documents matching any are left out
	weight float64     // planTerm: boost × idf², set for each snapshot
}

// queryPlan is a query as a tree of planNodes.
type queryPlan struct {
	root  *planNode
	nodes []*planNode // by id
}

// planOf returns q as a plan, or false when some part of it needs Bleve.
func planOf(q query.Query) (*queryPlan, bool) {
	p := &queryPlan{}
	root, ok := p.node(q, true)
	if !ok {
		return nil, false
	}
	p.root = root
	return p, true
}

func (p *queryPlan) add(n *planNode) *planNode {
	n.id = len(p.nodes)
	p.nodes = append(p.nodes, n)
	return n
}

func (p *queryPlan) node(q query.Query, scored bool) (*planNode, bool) {
	switch q := q.(type) {
	case unscored:
		return p.node(q.Query, false)
	case *query.TermQuery:
		if q.FieldVal == "" {
			return nil, false
		}
		return p.add(&planNode{kind: planTerm, field: q.FieldVal, term: []byte(q.Term), boost: q.Boost(), scored: scored}), true
	case *query.ConjunctionQuery:
		if q.BoostVal != nil {
			return nil, false
		}
		return p.composite(planAnd, q.Conjuncts, scored)
	case *query.DisjunctionQuery:
		if q.BoostVal != nil || q.Min > 1 {
			return nil, false
		}
		return p.composite(planOr, q.Disjuncts, scored)
	case *query.BooleanQuery:
		if q.BoostVal != nil || q.Should != nil || q.Filter != nil || q.Must == nil {
			return nil, false
		}
		must, ok := p.node(q.Must, scored)
		if !ok {
			return nil, false
		}
		n := p.add(&planNode{kind: planAnd, scored: scored, kids: []*planNode{must}})
		if q.MustNot != nil {
			not, ok := p.node(q.MustNot, false)
			if !ok {
				return nil, false
			}
			n.not = []*planNode{not}
		}
		return n, true
	}
	return nil, false
}

func (p *queryPlan) composite(kind planKind, qs []query.Query, scored bool) (*planNode, bool) {
	if len(qs) == 0 {
		return nil, false
	}
	n := &planNode{kind: kind, scored: scored}
	for _, q := range qs {
		k, ok := p.node(q, scored)
		if !ok {
			return nil, false
		}
		n.kids = append(n.kids, k)
	}
	return p.add(n), true
}

// planSegment is one segment of a snapshot with what the plan matches in
// it.
type planSegment struct {
	seg     segment.Segment
	deleted *roaring.Bitmap
	offset  uint64            // the segment's first internal document number
	size    uint64            // documents in the segment, deleted ones too
	match   []*roaring.Bitmap // by node id; read-only, some are the segment's own
}

// matchSegments works out which documents of each segment every node of
// the plan matches (deleted ones left out), sets the terms' weights from
// their document frequencies, and returns how many documents match.
func (p *queryPlan) matchSegments(snap *scorch.IndexSnapshot) ([]planSegment, uint64, error) {
	docTotal, err := snap.DocCount()
	if err != nil {
		return nil, 0, err
	}
	docFreq := make([]uint64, len(p.nodes))
	var segs []planSegment
	var offset, total uint64
	for _, ss := range snap.Segments() {
		s := planSegment{seg: ss.Segment(), deleted: ss.Deleted(), offset: offset, size: ss.Segment().Count(),
			match: make([]*roaring.Bitmap, len(p.nodes))}
		offset += s.size
		hits, err := s.eval(p.root, docFreq)
		if err != nil {
			return nil, 0, err
		}
		if n := hits.GetCardinality(); n > 0 {
			total += n
			segs = append(segs, s)
		}
	}
	for _, n := range p.nodes {
		if n.kind == planTerm {
			idf := 1 + math.Log(float64(docTotal)/float64(docFreq[n.id]+1))
			n.weight = n.boost * idf * idf
		}
	}
	return segs, total, nil
}

// eval fills in s.match for n and the nodes under it, counting each term's
// documents in docFreq.
func (s *planSegment) eval(n *planNode, docFreq []uint64) (*roaring.Bitmap, error) {
	var bm *roaring.Bitmap
	switch n.kind {
	case planTerm:
		it, err := s.postings(n, false)
		if err != nil {
			return nil, err
		}
		if bm, err = bitmapOf(it); err != nil {
			return nil, err
		}
		docFreq[n.id] += bm.GetCardinality()
	case planAnd, planOr:
		kids := make([]*roaring.Bitmap, len(n.kids))
		for i, k := range n.kids {
			b, err := s.eval(k, docFreq)
			if err != nil {
				return nil, err
			}
			kids[i] = b
		}
		switch {
		case len(kids) == 1:
			bm = kids[0]
		case n.kind == planAnd:
			bm = roaring.FastAnd(kids...)
		default:
			bm = roaring.FastOr(kids...)
		}
		for _, k := range n.not {
			b, err := s.eval(k, docFreq)
			if err != nil {
				return nil, err
			}
			bm = roaring.AndNot(bm, b)
		}
	}
	s.match[n.id] = bm
	return bm, nil
}

// matchesNum says whether the document with internal number num is among
// n's matches in segs (which matchSegments returned).
func matchesNum(segs []planSegment, n *planNode, num uint64) bool {
	i := sort.Search(len(segs), func(i int) bool { return segs[i].offset+segs[i].size > num })
	if i == len(segs) || num < segs[i].offset {
		return false
	}
	return segs[i].match[n.id].Contains(uint32(num - segs[i].offset))
}

// postings opens a term's postings in the segment, deleted documents left
// out; withFreq reads each hit's frequency and norm too.
func (s *planSegment) postings(n *planNode, withFreq bool) (segment.PostingsIterator, error) {
	dict, err := s.seg.Dictionary(n.field)
	if err != nil {
		return nil, err
	}
	pl, err := dict.PostingsList(n.term, s.deleted, nil)
	if err != nil {
		return nil, err
	}
	return pl.Iterator(withFreq, withFreq, false, nil), nil
}

// bitmapOf returns the documents of a postings iterator: its own bitmap
// when it has one (never to be changed), else read hit by hit.
func bitmapOf(it segment.PostingsIterator) (*roaring.Bitmap, error) {
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if bm := o.ActualBitmap(); bm != nil {
			return bm, nil
		}
		if d, ok := o.DocNum1Hit(); ok {
			return roaring.BitmapOf(uint32(d)), nil
		}
		return roaring.New(), nil
	}
	bm := roaring.New()
	for {
		p, err := it.Next()
		if err != nil || p == nil {
			return bm, err
		}
		bm.Add(uint32(p.Number()))
	}
}

// termCursor is a scored term's postings in one segment, read forward.
type termCursor struct {
	it      segment.PostingsIterator
	started bool
	done    bool
	doc     uint64
	tf      float64 // √frequency
	norm    float64
}

// segmentScorer scores the hits of one segment in document order.
type segmentScorer struct {
	s       *planSegment
	cursors []termCursor // by node id
}

func newSegmentScorer(p *queryPlan, s *planSegment) (*segmentScorer, error) {
	sc := &segmentScorer{s: s, cursors: make([]termCursor, len(p.nodes))}
	for _, n := range p.nodes {
		if n.kind == planTerm && n.scored {
			it, err := s.postings(n, true)
			if err != nil {
				return nil, err
			}
			sc.cursors[n.id].it = it
		}
	}
	return sc, nil
}

// score returns n's score for doc and whether n matches it; known says the
// caller already knows that it does.
func (sc *segmentScorer) score(n *planNode, doc uint64, known bool) (float64, bool, error) {
	if !n.scored {
		return 0, known || sc.s.match[n.id].Contains(uint32(doc)), nil
	}
	switch n.kind {
	case planTerm:
		c := &sc.cursors[n.id]
		if !c.done && (!c.started || c.doc < doc) {
			c.started = true
			p, err := c.it.Advance(doc)
			if err != nil {
				return 0, false, err
			}
			if p == nil {
				c.done = true
			} else {
				c.doc, c.tf, c.norm = p.Number(), math.Sqrt(float64(p.Frequency())), p.Norm()
			}
		}
		if c.done || c.doc != doc {
			return 0, false, nil
		}
		return n.weight * c.tf * c.norm, true, nil
	case planAnd:
		if !known && !sc.s.match[n.id].Contains(uint32(doc)) {
			return 0, false, nil
		}
		var sum float64
		for _, k := range n.kids {
			v, _, err := sc.score(k, doc, true)
			if err != nil {
				return 0, false, err
			}
			sum += v
		}
		return sum, true, nil
	default: // planOr
		var sum float64
		matched := 0
		for _, k := range n.kids {
			v, ok, err := sc.score(k, doc, false)
			if err != nil {
				return 0, false, err
			}
			if ok {
				sum += v
				matched++
			}
		}
		if matched == 0 {
			return 0, false, nil
		}
		return sum * (float64(matched) / float64(len(n.kids))), true, nil
	}
}

// topScoredPostings is topRanked for a query that postings can answer:
// how many documents match, and the best k of each part, unsorted.
func (ix *Index) topScoredPostings(ctx context.Context, snap *scorch.IndexSnapshot, p *queryPlan, k int) (uint64, []ranked, error) {
	segs, total, err := p.matchSegments(snap)
	if err != nil {
		return 0, nil, err
	}
	nparts := partsFor(total)
	heaps := make([]paddedHeap, nparts)
	err = ix.eachHit(ctx, segs, p.root, nparts, func(part int) hitVisitor {
		h := &heaps[part].h
		var sc *segmentScorer
		return func(s *planSegment, doc uint64) error {
			if sc == nil || sc.s != s {
				var err error
				if sc, err = newSegmentScorer(p, s); err != nil {
					return err
				}
			}
			v, _, err := sc.score(p.root, doc, true)
			if err != nil {
				return err
			}
			x := ranked{v, s.offset + doc}
			if len(*h) < k {
				heap.Push(h, x)
			} else if x.better((*h)[0]) {
				(*h)[0] = x
				heap.Fix(h, 0)
			}
			return nil
		}
	})
	if err != nil {
		return 0, nil, err
	}
	var all []ranked
	for i := range heaps {
		all = append(all, heaps[i].h...)
	}
	return total, all, nil
}

// partsFor is how many parts to walk hits in: one per core once there are
// enough of them.
func partsFor(hits uint64) int {
	if hits >= minPartDocs {
		return runtime.GOMAXPROCS(0)
	}
	return 1
}

// hitVisitor is called for each hit of one part, in index order: doc is
// its number within segment s.
type hitVisitor func(s *planSegment, doc uint64) error

// eachHit visits the documents that root matches in segs, in nparts
// ranges of internal numbers, one goroutine each; newVisitor makes each
// part's visitor in the goroutine that calls it.
func (ix *Index) eachHit(ctx context.Context, segs []planSegment, root *planNode, nparts int, newVisitor func(part int) hitVisitor) error {
	var end uint64
	if len(segs) > 0 {
		end = segs[len(segs)-1].offset + segs[len(segs)-1].size
	}
	errs := make([]error, nparts)
	var wg sync.WaitGroup
	for i := range nparts {
		lo, hi := uint64(i)*end/uint64(nparts), uint64(i+1)*end/uint64(nparts)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer faultsPanic()()
			defer func() {
				if rec := recover(); rec != nil {
					errs[i] = ix.damaged("search", rec)
				}
			}()
			errs[i] = eachHitIn(ctx, segs, root, lo, hi, newVisitor(i))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
	}
	return nil
}

// eachHitIn visits the hits with internal numbers in [lo, hi).
func eachHitIn(ctx context.Context, segs []planSegment, root *planNode, lo, hi uint64, visit hitVisitor) error {
	visited := 0
	for i := range segs {
		s := &segs[i]
		if s.offset+s.size <= lo || s.offset >= hi {
			continue
		}
		from, to := max(lo, s.offset)-s.offset, min(hi, s.offset+s.size)-s.offset
		it := s.match[root.id].Iterator()
		it.AdvanceIfNeeded(uint32(from))
		for it.HasNext() {
			doc := uint64(it.Next())
			if doc >= to {
				break
			}
			if visited++; visited%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := visit(s, doc); err != nil {
				return err
			}
		}
	}
	return nil
}
