package search

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"parley/app/crm"
)

// FacetScan is how many hits, newest first, Facets counts. The index stores
// no fields to count from, so facets come from the entities the Loader
// returns; past FacetScan hits the counts cover the newest ones only.
const FacetScan = 2000

// facetTop is how many values each facet lists.
const facetTop = 30

// Facets are counts over the hits of a query, for the filter side bar.
type Facets struct {
	Total    uint64 // documents matching
	Scanned  int    // hits counted: min(Total, FacetScan), newest first
	Accounts []FacetCount
	People   []FacetCount
	Kinds    []FacetCount
	Years    []FacetCount
}

// FacetCount is one value of a facet (an account or contact id, a kind,
// a year) and how many hits have it, most first.
type FacetCount struct {
	Value string
	Count int
}

// Facets counts accounts, people, kinds and years over the hits of r
// (its paging and order are ignored). It is a second call beside Search:
// it loads up to FacetScan entities.
func (ix *Index) Facets(ctx context.Context, r Request) (Facets, error) {
	if err := ix.usable(); err != nil {
		return Facets{}, err
	}
	if ix.opts.Loader == nil {
		return Facets{}, ErrNoLoader
	}
	now := r.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := ParseQuery(r.Query, now, ix.opts.Location, ix.opts.Resolver)
	c := ix.compile(&p, filters{accountID: r.AccountID, kinds: r.Kinds})
	req := bleve.NewSearchRequestOptions(c.q, FacetScan, 0, false)
	req.Score = "none"
	req.SortByCustom(bsearch.SortOrder{dateSort(true), &bsearch.SortDocID{Desc: true}})
	sr, err := ix.run(ctx, req)
	if err != nil {
		return Facets{}, err
	}
	accounts, people, kinds, years := counter{}, counter{}, counter{}, counter{}
	const chunk = 250
	for i := 0; i < len(sr.Hits); i += chunk {
		part := sr.Hits[i:min(i+chunk, len(sr.Hits))]
		ids := make([]crm.ID, len(part))
		for k, h := range part {
			ids[k] = crm.ID(h.ID)
		}
		ents, err := ix.opts.Loader.Load(ctx, ids)
		if err != nil {
			return Facets{}, fmt.Errorf("search: facets: load: %w", err)
		}
		for _, id := range ids {
			e, ok := ents[id]
			if !ok || e == nil {
				continue
			}
			h := ix.hitFor(e, &compiled{})
			kinds[h.Kind]++
			if h.Date > 0 {
				years[strconv.Itoa(time.UnixMilli(h.Date).In(ix.opts.Location).Year())]++
			}
			for _, a := range h.AccountIDs {
				accounts[string(a)]++
			}
			for _, p := range contactsOf(e) {
				people[string(p)]++
			}
		}
	}
	return Facets{
		Total: sr.Total, Scanned: len(sr.Hits),
		Accounts: accounts.top(facetTop), People: people.top(facetTop),
		Kinds: kinds.top(facetTop), Years: years.top(facetTop),
	}, nil
}

func contactsOf(e crm.Entity) []crm.ID {
	switch e := e.(type) {
	case *crm.Message:
		return e.ContactIDs
	case *crm.Activity:
		return e.ContactIDs
	case *crm.Contact:
		return []crm.ID{e.ID}
	}
	return nil
}

type counter map[string]int

func (c counter) top(n int) []FacetCount {
	out := make([]FacetCount, 0, len(c))
	for v, k := range c {
		out = append(out, FacetCount{Value: v, Count: k})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out[:min(n, len(out))]
}
