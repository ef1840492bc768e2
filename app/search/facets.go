package search

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// facetTop is how many values each facet lists.
const facetTop = 30

// Facets are counts over the hits of a query, for the filter side bar.
type Facets struct {
	Total    uint64 // documents matching
	Scanned  int    // hits counted: all of them
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

// Facets counts accounts, people, kinds and years over all the hits of r
// (its paging and order are ignored). It is a second call beside Search,
// counted from the facet field's doc values (countFacets); only the ids of
// the top accounts and people need one more small search (facetIDs).
func (ix *Index) Facets(ctx context.Context, r Request) (Facets, error) {
	if err := ix.usable(); err != nil {
		return Facets{}, err
	}
	now := r.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := ParseQuery(r.Query, now, ix.opts.Location, ix.opts.Resolver)
	c := ix.compile(&p, filters{accountID: r.AccountID, kinds: r.Kinds})
	total, terms, err := ix.countFacets(ctx, c.q)
	if err != nil {
		return Facets{}, err
	}
	accounts, people, kinds, years := counter{}, counter{}, counter{}, counter{}
	names := ix.facetNames()
	for k, n := range terms {
		t := string(k[:])
		switch k[0] {
		case tagKind:
			if v, ok := names[t]; ok {
				kinds[v] += n
			}
		case tagYear:
			if v, ok := names[t]; ok {
				years[v] += n
			}
		case tagAccount:
			accounts[t] += n
		case tagContact:
			people[t] += n
		}
	}
	topAccounts, err := ix.facetIDs(ctx, accounts.top(facetTop), KindAccount)
	if err != nil {
		return Facets{}, err
	}
	topPeople, err := ix.facetIDs(ctx, people.top(facetTop), KindPerson)
	if err != nil {
		return Facets{}, err
	}
	return Facets{
		Total: total, Scanned: int(total),
		Accounts: topAccounts, People: topPeople,
		Kinds: kinds.top(facetTop), Years: years.top(facetTop),
	}, nil
}

// facetNames maps the facet terms of kinds and years back to their values;
// they are few and known, so their hashes are simply computed.
func (ix *Index) facetNames() map[string]string {
	ix.facetNamesOnce.Do(func() {
		m := map[string]string{}
		for _, k := range []string{KindEmail, KindNote, KindCall, KindMeeting, KindVisit, KindAccount, KindPerson} {
			m[ix.an.h.facetTerm(tagKind, k)] = k
		}
		for y := 1970; y <= 2200; y++ {
			v := strconv.Itoa(y)
			m[ix.an.h.facetTerm(tagYear, v)] = v
		}
		ix.facetNamesMap = m
	})
	return ix.facetNamesMap
}

// facetIDs turns the facet terms of accounts or people (kind says which)
// into their ids. A keyed hash cannot be reversed, but every account and
// person has its own document, whose id is the value and which holds its
// own facet term: one search for those documents finds them, and the
// answers are kept (an id always hashes to the same term; one entry per
// account and person at most). Terms whose entity never had a document
// are left out; one merged away after it was first counted keeps its id.
func (ix *Index) facetIDs(ctx context.Context, counts []FacetCount, kind string) ([]FacetCount, error) {
	out := make([]FacetCount, 0, len(counts))
	if len(counts) == 0 {
		return out, nil
	}
	tag := byte(tagAccount)
	if kind == KindPerson {
		tag = tagContact
	}
	var terms []query.Query
	for _, fc := range counts {
		if _, ok := ix.facetIDCache.Load(fc.Value); !ok {
			q := query.NewTermQuery(fc.Value)
			q.SetField(fieldFacet)
			terms = append(terms, q)
		}
	}
	if len(terms) > 0 {
		q := query.NewConjunctionQuery([]query.Query{ix.facetQuery(tagKind, kind), query.NewDisjunctionQuery(terms)})
		req := bleve.NewSearchRequestOptions(q, len(terms)*2, 0, false)
		req.Score = "none"
		sr, err := ix.run(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, h := range sr.Hits {
			ix.facetIDCache.Store(ix.an.h.facetTerm(tag, h.ID), h.ID)
		}
	}
	for _, fc := range counts {
		if id, ok := ix.facetIDCache.Load(fc.Value); ok {
			out = append(out, FacetCount{Value: id.(string), Count: fc.Count})
		}
	}
	return out, nil
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
