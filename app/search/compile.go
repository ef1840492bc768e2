package search

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"parley/app/crm"
)

// compiled is a parsed query turned into a Bleve query, with the plain
// terms that snippets highlight.
type compiled struct {
	q         query.Query
	textTerms map[string]bool // text-analyzed terms of words and phrases
	nameTerms map[string]bool // name-analyzed terms of words, phrases, from:, to:
	// subject and from are the free words and phrases again, in the subject
	// and sender fields: hits matching them there get boostSubject or
	// boostFrom inside the blend window.
	subject, from []query.Query
	// phrases are the free phrases of three words or more that a clause
	// requires alone: pairs find every hit holding them, plus the rare one
	// holding their pairs apart, which holdsPhrases drops from a page.
	phrases [][]string
}

// filters narrow a search beyond the query string.
type filters struct {
	accountID crm.ID
	kinds     []string
}

func (ix *Index) compile(p *Parsed, f filters) compiled {
	c := compiled{textTerms: map[string]bool{}, nameTerms: map[string]bool{}}
	var must, mustNot []query.Query
	for _, cl := range p.Clauses {
		if len(cl) == 1 && cl[0].Field == FieldKind {
			q, not := ix.kindsQuery([]string{cl[0].Text})
			must, mustNot = appendQuery(must, q), append(mustNot, not...)
			continue
		}
		var alts []query.Query
		keyed := true // every alternative is a keyword: a filter, not scored
		for _, t := range cl {
			if q := ix.termQuery(t, &c); q != nil {
				alts = append(alts, q)
				keyed = keyed && isKeywordField(t.Field)
				if len(cl) == 1 && t.Field == FieldAny {
					if ws := longPhrase(ix.an.textPlain, t.Text); ws != nil {
						c.phrases = append(c.phrases, ws)
					}
				}
			}
		}
		if q := disjunction(alts); q != nil {
			if keyed {
				// Keyword fields have no norms: scored, they would make
				// every score NaN.
				q = unscored{q}
			}
			must = append(must, q)
		}
	}
	for _, t := range p.Exclude {
		if q := ix.termQuery(t, nil); q != nil {
			mustNot = append(mustNot, q)
		}
	}
	if !p.After.IsZero() || !p.Before.IsZero() {
		var lo, hi *float64
		if !p.After.IsZero() {
			v := float64(p.After.UnixMilli())
			lo = &v
		}
		if !p.Before.IsZero() {
			v := float64(p.Before.UnixMilli())
			hi = &v
		}
		yes, no := true, false
		r := query.NewNumericRangeInclusiveQuery(lo, hi, &yes, &no)
		r.SetField(fieldDate)
		must = append(must, unscored{r})
	}
	if f.accountID != "" {
		must = append(must, unscored{ix.facetQuery(tagAccount, string(f.accountID))})
	}
	if len(f.kinds) > 0 {
		q, not := ix.kindsQuery(f.kinds)
		must, mustNot = appendQuery(must, q), append(mustNot, not...)
	}
	if len(must) == 0 {
		must = append(must, query.NewMatchAllQuery())
	}
	if len(must) == 1 && len(mustNot) == 0 {
		// One clause alone: its own searcher, not a conjunction of one.
		c.q = must[0]
		return c
	}
	c.q = query.NewBooleanQuery(must, nil, mustNot)
	return c
}

// unscored matches what its query matches and adds nothing to the score.
// Filters (keywords, dates, the account and kinds of a Request) are
// clauses of the query's conjunction, not a Bleve filter: a Bleve filter
// is checked against every hit of the rest, while a conjunction lets its
// rarest clause lead (a date range or an account keeps a common word's
// walk short).
type unscored struct{ query.Query }

func (u unscored) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, _ search.SearcherOptions) (search.Searcher, error) {
	return u.Query.Searcher(ctx, i, m, search.SearcherOptions{Score: "none"})
}

// allKinds are the values of the kind facet; every document has one.
var allKinds = []string{KindEmail, KindNote, KindCall, KindMeeting, KindVisit, KindAccount, KindPerson}

// kindsQuery restricts a search to kinds: a clause matching them, or, when
// they include email, which nearly every document is, clauses excluding the
// other kinds. A conjunction with "email" walks every hit's twin in that
// huge list; excluding the few others jumps over them.
func (ix *Index) kindsQuery(kinds []string) (must query.Query, mustNot []query.Query) {
	if !slices.Contains(kinds, KindEmail) {
		var ks []query.Query
		for _, k := range kinds {
			ks = append(ks, ix.facetQuery(tagKind, k))
		}
		return unscored{disjunction(ks)}, nil
	}
	for _, k := range allKinds {
		if !slices.Contains(kinds, k) {
			mustNot = append(mustNot, unscored{ix.facetQuery(tagKind, k)})
		}
	}
	return nil, mustNot
}

func appendQuery(qs []query.Query, q query.Query) []query.Query {
	if q == nil {
		return qs
	}
	return append(qs, q)
}

// isKeywordField says whether a term's field is matched as a keyword.
func isKeywordField(f Field) bool {
	switch f {
	case FieldAccount, FieldPerson, FieldKind, FieldHas, FieldIn, FieldIs, FieldChannel:
		return true
	}
	return false
}

func disjunction(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// termQuery turns one term into a query; c (nil for exclusions) collects
// what to highlight. It returns nil when the term has no searchable words.
func (ix *Index) termQuery(t Term, c *compiled) query.Query {
	switch t.Field {
	case FieldAny:
		return ix.anyQuery(t.Text, c)
	case FieldFrom:
		return ix.fieldQuery(fieldFrom, t.Text, c)
	case FieldTo:
		return ix.fieldQuery(fieldTo, t.Text, c)
	case FieldSubject:
		return ix.fieldQuery(fieldSubject, t.Text, c)
	case FieldAccount, FieldPerson:
		tag := byte(tagAccount)
		if t.Field == FieldPerson {
			tag = tagContact
		}
		var alts []query.Query
		for _, id := range t.IDs {
			alts = append(alts, ix.facetQuery(tag, string(id)))
		}
		return disjunction(alts)
	case FieldKind:
		return ix.facetQuery(tagKind, t.Text)
	case FieldHas:
		return ix.keywordQuery(fieldHas, t.Text)
	case FieldIn:
		return ix.keywordQuery(fieldFolder, t.Text)
	case FieldChannel:
		return ix.keywordQuery(fieldChannel, t.Text)
	case FieldIs:
		switch t.Text {
		case IsSent:
			return ix.keywordQuery(fieldDirection, string(crm.Outbound))
		case IsReceived:
			return ix.keywordQuery(fieldDirection, string(crm.Inbound))
		case IsInternal:
			return ix.keywordQuery(fieldDirection, string(crm.Internal))
		case IsPrivate:
			return ix.keywordQuery(fieldPrivate, "true")
		case IsShared:
			return ix.keywordQuery(fieldPrivate, "false")
		}
	}
	return nil
}

func (ix *Index) keywordQuery(field, value string) query.Query {
	q := query.NewTermQuery(ix.an.h.term(value))
	q.SetField(field)
	return q
}

func (ix *Index) facetQuery(tag byte, value string) query.Query {
	q := query.NewTermQuery(ix.an.h.facetTerm(tag, value))
	q.SetField(fieldFacet)
	return q
}

// anyQuery matches text (a free word or phrase) in the combined field: one
// word is one term, two words one pair term, more words a conjunction of
// their pairs. A whole address is also one term there. c (nil for
// exclusions) collects what to highlight and what to boost.
func (ix *Index) anyQuery(text string, c *compiled) query.Query {
	var words []string
	for _, pos := range plainTerms(ix.an.textPlain, text) {
		words = append(words, pos[0])
	}
	var alts []query.Query
	if strings.Contains(text, "@") && !strings.ContainsFunc(text, isSpace) {
		alts = append(alts, ix.anyTerm(ix.an.h.term(foldString(strings.TrimSpace(text)))))
	}
	switch len(words) {
	case 0:
	case 1:
		alts = append(alts, ix.anyTerm(ix.an.h.term(words[0])))
	case 2:
		alts = append(alts, ix.anyTerm(ix.an.h.pair(words[0], words[1])))
	default:
		pairs := make([]query.Query, len(words)-1)
		for i := range pairs {
			pairs[i] = ix.anyTerm(ix.an.h.pair(words[i], words[i+1]))
		}
		alts = append(alts, query.NewConjunctionQuery(pairs))
	}
	q := disjunction(alts)
	if q == nil || c == nil {
		return q
	}
	for _, w := range words {
		c.textTerms[w] = true
	}
	// Names are highlighted as the name fields analyse them.
	ix.fieldQuery(fieldFrom, text, c)
	if f := ix.boostQuery(fieldFrom, text); f != nil {
		c.from = append(c.from, f)
	}
	if s := ix.boostQuery(fieldSubject, text); s != nil {
		c.subject = append(c.subject, s)
	}
	return q
}

// boostQuery is text matched in field for boostWindow: its words as a
// conjunction of terms, not a phrase. A phrase searcher walks its own
// hits before it meets the window's few ids; terms jump to them.
func (ix *Index) boostQuery(field, text string) query.Query {
	an := ix.an.namePlain
	if field == fieldSubject {
		an = ix.an.textPlain
	}
	var qs []query.Query
	if field != fieldSubject && strings.Contains(text, "@") && !strings.ContainsFunc(text, isSpace) {
		qs = append(qs, ix.fieldTerm(field, foldString(strings.TrimSpace(text))))
	} else {
		for _, pos := range plainTerms(an, text) {
			qs = append(qs, ix.fieldTerm(field, pos[0]))
		}
	}
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}

func (ix *Index) fieldTerm(field, plain string) query.Query {
	q := query.NewTermQuery(ix.an.h.term(plain))
	q.SetField(field)
	return q
}

func (ix *Index) anyTerm(term string) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(fieldText)
	return q
}

// longPhrase returns the words of text when it is a phrase of three words
// or more, the ones pairs alone cannot pin down.
func longPhrase(an analysis.Analyzer, text string) []string {
	var words []string
	for _, pos := range plainTerms(an, text) {
		words = append(words, pos[0])
	}
	if len(words) < 3 {
		return nil
	}
	return words
}

// fieldQuery analyses text as field does and matches it there: one term,
// or a phrase when the text holds several words (also for "foo-bar").
func (ix *Index) fieldQuery(field, text string, c *compiled) query.Query {
	isText := field == fieldSubject
	an, seen := ix.an.namePlain, (map[string]bool)(nil)
	if c != nil {
		seen = c.nameTerms
	}
	if isText {
		an = ix.an.textPlain
		if c != nil {
			seen = c.textTerms
		}
	}
	var terms []string
	if !isText && strings.Contains(text, "@") && !strings.ContainsFunc(text, isSpace) {
		// A whole address is one term of the address analyzer.
		terms = []string{foldString(strings.TrimSpace(text))}
	} else {
		for _, pos := range plainTerms(an, text) {
			terms = append(terms, pos[0])
		}
	}
	if len(terms) == 0 {
		return nil
	}
	for _, t := range terms {
		if seen != nil {
			seen[t] = true
		}
	}
	if len(terms) == 1 {
		q := query.NewTermQuery(ix.an.h.term(terms[0]))
		q.SetField(field)
		return q
	}
	hashed := make([]string, len(terms))
	for i, t := range terms {
		hashed[i] = ix.an.h.term(t)
	}
	return query.NewPhraseQuery(hashed, field)
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }
