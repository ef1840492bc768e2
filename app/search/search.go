package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"parley/app/crm"
	"parley/internal/parallel"
)

// ErrNoLoader means Search or Facets was called on an index opened without
// Options.Loader.
var ErrNoLoader = errors.New("search: no loader")

// Order is how results are ordered.
type Order int

const (
	// Best ranks by relevance blended with recency; a query with no words
	// (only filters) is ordered newest first.
	Best Order = iota
	Newest
	Oldest
)

// Request is one search.
type Request struct {
	Query     string
	AccountID crm.ID   // search inside this account only
	Kinds     []string // only these kinds (KindEmail, KindNote, ...)
	Offset    int
	Size      int // default 20, at most 200
	Order     Order
	Now       time.Time // the present for relative dates and recency; zero means time.Now()
}

// Result is one page of hits.
type Result struct {
	Total  uint64 // documents matching, over all pages
	Hits   []Hit
	Groups []Group // this page's hits by account, in order of first appearance
	Read   string  // how the query was read, in plain words
	Notes  []string
	// Partial is true while the index is being rebuilt.
	Partial bool
	Took    time.Duration
}

// Hit is one result with the entity it came from.
//
// Title and Snippet are HTML: the source text escaped with html.EscapeString
// and the matched words wrapped in <mark>…</mark>; nothing else. They are
// safe to insert as HTML as they are.
type Hit struct {
	ID         crm.ID
	Kind       string // KindEmail, KindNote, ..., KindAccount, KindPerson
	Entity     crm.Entity
	Date       int64 // Unix ms
	Score      float64
	Title      string
	Snippet    string
	AccountIDs []crm.ID
	// Capped is true when the entity's text was longer than MaxIndexedText
	// and words past the cap were not indexed.
	Capped bool
}

// Group is the hits of one account within a page.
type Group struct {
	AccountID crm.ID // "" for hits with no account
	Hits      []int  // indexes into Result.Hits
}

const (
	defaultSize = 20
	maxSize     = 200
	// blendWindow is how many of the most relevant hits are re-ranked with
	// recency. Hits past it keep relevance order, so pages stay stable.
	blendWindow = 300
	// recencyWeight is the share of the blended score that recency can
	// move; recencyHalfLife is the age at which recency's pull halves.
	recencyWeight   = 0.35
	recencyHalfLife = 120 * 24 * time.Hour
)

// Search runs a query and returns one page. A malformed query is read as
// plain words (Result.Read says how); errors are the index's or the
// loader's.
func (ix *Index) Search(ctx context.Context, r Request) (res Result, err error) {
	start := time.Now()
	if err := ix.usable(); err != nil {
		return Result{}, err
	}
	if ix.opts.Loader == nil {
		return Result{}, ErrNoLoader
	}
	now := r.Now
	if now.IsZero() {
		now = time.Now()
	}
	size := r.Size
	if size <= 0 {
		size = defaultSize
	}
	size = min(size, maxSize)
	offset := max(r.Offset, 0)

	p := ParseQuery(r.Query, now, ix.opts.Location, ix.opts.Resolver)
	c := ix.compile(&p, filters{accountID: r.AccountID, kinds: r.Kinds})
	order := r.Order
	if order == Best && !p.HasText() {
		order = Newest
	}

	var total uint64
	var scored []scoredHit
	if order == Best {
		// Every hit is scored, the best window kept (on every core), its
		// dates, boosts and recency applied; ids are read for the page only.
		var err error
		total, scored, err = ix.bestPage(ctx, &c, offset, size, now)
		if err != nil {
			return Result{}, err
		}
	} else {
		// Ties in index order: no id read per hit.
		req := bleve.NewSearchRequestOptions(c.q, size, offset, false)
		req.Score = "none"
		req.SortByCustom(bsearch.SortOrder{dateSort(order == Newest)})
		sr, err := ix.run(ctx, req)
		if err != nil {
			return Result{}, err
		}
		total = sr.Total
		scored = make([]scoredHit, len(sr.Hits))
		for i, h := range sr.Hits {
			scored[i] = scoredHit{id: crm.ID(h.ID), score: h.Score, date: sortDate(h, 0)}
		}
	}
	res = Result{Total: total, Read: p.Read, Notes: p.Notes, Partial: ix.Rebuilding()}
	if err := ix.fill(ctx, &res, scored, &c); err != nil {
		return Result{}, err
	}
	res.Took = time.Since(start)
	return res, nil
}

func dateSort(desc bool) *bsearch.SortField {
	return &bsearch.SortField{Field: fieldWhen, Type: bsearch.SortFieldAsString, Desc: desc, Missing: bsearch.SortFieldMissingLast}
}

// run executes a Bleve search, turning a panic on damaged files into an
// error that marks the index broken.
func (ix *Index) run(ctx context.Context, req *bleve.SearchRequest) (sr *bleve.SearchResult, err error) {
	defer faultsPanic()()
	defer func() {
		if r := recover(); r != nil {
			sr, err = nil, ix.damaged("search", r)
		}
	}()
	sr, err = ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return sr, nil
}

// sortDate reads the date a hit was sorted by, the k-th sort key.
func sortDate(h *bsearch.DocumentMatch, k int) int64 {
	if len(h.Sort) <= k {
		return 0
	}
	return whenOf(h.Sort[k])
}

type scoredHit struct {
	num   uint64 // the internal document number, within one reader
	id    crm.ID
	score float64
	date  int64
}

// blend re-ranks the first blendWindow hits (sorted by relevance) by
// relevance scaled by recency: a hit keeps (1-recencyWeight) of its
// normalised relevance whatever its age, and gains up to recencyWeight more
// the newer it is.
func blend(hs []scoredHit, now time.Time) {
	w := hs[:min(blendWindow, len(hs))]
	if len(w) == 0 {
		return
	}
	top := 0.0
	for _, h := range w {
		top = max(top, h.score)
	}
	if top <= 0 {
		top = 1
	}
	for i := range w {
		age := max(now.Sub(time.UnixMilli(w[i].date)), 0)
		rec := math.Exp2(-float64(age) / float64(recencyHalfLife))
		w[i].score = w[i].score / top * ((1 - recencyWeight) + recencyWeight*rec)
	}
	sort.SliceStable(w, func(a, b int) bool {
		if w[a].score != w[b].score {
			return w[a].score > w[b].score
		}
		return w[a].date > w[b].date
	})
}

// fill loads the page's entities and builds hits, titles, snippets and
// groups. Hits whose entity the store no longer has are left out.
func (ix *Index) fill(ctx context.Context, res *Result, page []scoredHit, c *compiled) error {
	ids := make([]crm.ID, len(page))
	for i, h := range page {
		ids[i] = h.id
	}
	ents, err := ix.opts.Loader.Load(ctx, ids)
	if err != nil {
		return fmt.Errorf("search: load hits: %w", err)
	}
	// Titles and snippets (stemming each hit's text) are most of a page's
	// cost on long mail: built on every core, then taken in page order.
	built := make([]*Hit, len(page))
	parallel.For(len(page), func(i int) {
		e, ok := ents[page[i].id]
		if !ok || e == nil || (len(c.phrases) > 0 && !ix.holdsPhrases(e, c.phrases)) {
			return
		}
		hit := ix.hitFor(e, c)
		built[i] = &hit
	})
	res.Hits = make([]Hit, 0, len(page))
	res.Groups = []Group{}
	groupOf := map[crm.ID]int{}
	for i, h := range page {
		if built[i] == nil {
			continue
		}
		hit := *built[i]
		hit.ID, hit.Score = h.id, h.score
		if hit.Date == 0 {
			hit.Date = h.date
		}
		var acct crm.ID
		if len(hit.AccountIDs) > 0 {
			acct = hit.AccountIDs[0]
		}
		g, ok := groupOf[acct]
		if !ok {
			g = len(res.Groups)
			groupOf[acct] = g
			res.Groups = append(res.Groups, Group{AccountID: acct})
		}
		res.Groups[g].Hits = append(res.Groups[g].Hits, len(res.Hits))
		res.Hits = append(res.Hits, hit)
	}
	return nil
}
