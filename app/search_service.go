package app

import (
	"context"
	"errors"
	"time"

	"parley/app/crm"
	"parley/app/search"
	"parley/app/store"
)

// SearchService is full-text search over the whole history, offline.
type SearchService struct{ w *Workspace }

// errSearchNotReady is what a search says before the index is open.
var errSearchNotReady = errors.New("search is getting ready; try again in a moment")

func (s *SearchService) index() (*search.Index, *Indexer, error) {
	if _, err := s.w.Store(); err != nil {
		return nil, nil, err
	}
	x := s.w.Indexer()
	if x == nil || x.Index() == nil {
		return nil, nil, errSearchNotReady
	}
	return x.Index(), x, nil
}

func request(q SearchQuery) search.Request {
	r := search.Request{Query: q.Query, AccountID: crm.ID(q.AccountID), Kinds: q.Kinds, Offset: q.Offset, Size: q.Size}
	switch q.Order {
	case "newest":
		r.Order = search.Newest
	case "oldest":
		r.Order = search.Oldest
	}
	return r
}

// Search runs a query and returns one page of results. A malformed query
// never fails: it is read as plain words and Read says how.
func (s *SearchService) Search(q SearchQuery) (SearchResults, error) {
	ix, _, err := s.index()
	if err != nil {
		return SearchResults{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := ix.Search(ctx, request(q))
	if err != nil {
		return SearchResults{}, err
	}
	out := SearchResults{
		Total: int(res.Total), TookMs: float64(res.Took.Microseconds()) / 1000, Read: res.Read,
		Notes: nonNil(res.Notes), Partial: res.Partial, Hits: make([]SearchHit, 0, len(res.Hits)), Groups: make([]SearchGroup, 0, len(res.Groups)),
	}
	names := map[crm.ID]string{}
	st, _ := s.w.Store()
	st.View(ctx, func(tx *store.Tx) error {
		name := func(id crm.ID) string {
			if id == "" {
				return ""
			}
			if n, ok := names[id]; ok {
				return n
			}
			names[id] = accountName(tx, id)
			return names[id]
		}
		for _, h := range res.Hits {
			hit := SearchHit{ID: string(h.ID), Kind: h.Kind, Title: h.Title, Snippet: h.Snippet, Date: h.Date, Capped: h.Capped}
			if len(h.AccountIDs) > 0 {
				hit.AccountID, hit.AccountName = string(h.AccountIDs[0]), name(h.AccountIDs[0])
			}
			if m, ok := h.Entity.(*crm.Message); ok {
				hit.ThreadID = string(m.ThreadID)
				hit.From = displayName(m.From.Name, m.From.Address)
			}
			out.Hits = append(out.Hits, hit)
		}
		for _, g := range res.Groups {
			out.Groups = append(out.Groups, SearchGroup{AccountID: string(g.AccountID), AccountName: name(g.AccountID), Hits: nonNil(g.Hits)})
		}
		return nil
	})
	return out, nil
}

// Facets counts accounts, people, kinds and years over a query's hits.
func (s *SearchService) Facets(q SearchQuery) (SearchFacets, error) {
	ix, _, err := s.index()
	if err != nil {
		return SearchFacets{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	f, err := ix.Facets(ctx, request(q))
	if err != nil {
		return SearchFacets{}, err
	}
	out := SearchFacets{Total: int(f.Total), Kinds: facetValues(f.Kinds, nil), Years: facetValues(f.Years, nil)}
	st, _ := s.w.Store()
	st.View(ctx, func(tx *store.Tx) error {
		out.Accounts = facetValues(f.Accounts, func(v string) string { return accountName(tx, crm.ID(v)) })
		out.People = facetValues(f.People, func(v string) string {
			c := &crm.Contact{ID: crm.ID(v)}
			if tx.Get(c) != nil {
				return v
			}
			return displayName(c.Name, firstOr(c.Addresses))
		})
		return nil
	})
	return out, nil
}

func facetValues(in []search.FacetCount, label func(string) string) []FacetValue {
	out := make([]FacetValue, 0, len(in))
	for _, c := range in {
		v := FacetValue{Value: c.Value, Label: c.Value, Count: c.Count}
		if label != nil {
			v.Label = label(c.Value)
		}
		out = append(out, v)
	}
	return out
}

// Suggest returns accounts and people whose names, domains or addresses
// start with the words typed; kind "account" or "person" narrows it.
func (s *SearchService) Suggest(prefix, kind string, limit int) ([]Suggestion, error) {
	if _, err := s.w.Store(); err != nil {
		return nil, err
	}
	x := s.w.Indexer()
	if x == nil {
		return []Suggestion{}, nil
	}
	if limit <= 0 || limit > 50 {
		limit = 8
	}
	out := []Suggestion{}
	for _, sg := range x.typeahead.Suggest(prefix, kind, limit) {
		out = append(out, Suggestion{ID: string(sg.ID), Kind: sg.Kind, Name: sg.Name, Detail: sg.Detail})
	}
	return out, nil
}

// MatchedWords returns the words of a thread's messages, as written there,
// that a search matched once folded and stemmed as the index does: the
// thread reader marks them when it is opened from that search.
func (s *SearchService) MatchedWords(query, threadID string) ([]string, error) {
	ix, _, err := s.index()
	if err != nil {
		return nil, err
	}
	var texts []string
	err = view(s.w, func(tx *store.Tx) error {
		t, err := liveThread(tx, crm.ID(threadID))
		if err != nil {
			return err
		}
		msgs, err := tx.ThreadMessages(t.ID)
		for _, m := range msgs {
			texts = append(texts, m.Subject, m.Text)
		}
		return err
	})
	if errors.Is(err, crm.ErrNotFound) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	return nonNil(ix.MatchedWords(query, time.Now(), texts...)), nil
}
