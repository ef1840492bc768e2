package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"parley/app/crm"
)

// compiled is a parsed query turned into a Bleve query, with the plain
// terms that snippets highlight.
type compiled struct {
	q         query.Query
	textTerms map[string]bool // text-analyzed terms of words and phrases
	nameTerms map[string]bool // name-analyzed terms of words, phrases, from:, to:
}

// filters narrow a search beyond the query string.
type filters struct {
	accountID crm.ID
	kinds     []string
}

func (ix *Index) compile(p *Parsed, f filters) compiled {
	c := compiled{textTerms: map[string]bool{}, nameTerms: map[string]bool{}}
	var must, mustNot, filter []query.Query
	for _, cl := range p.Clauses {
		var alts []query.Query
		for _, t := range cl {
			if q := ix.termQuery(t, &c); q != nil {
				alts = append(alts, q)
			}
		}
		if q := disjunction(alts); q != nil {
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
		filter = append(filter, r)
	}
	if f.accountID != "" {
		filter = append(filter, ix.keywordQuery(fieldAccount, string(f.accountID)))
	}
	if len(f.kinds) > 0 {
		var ks []query.Query
		for _, k := range f.kinds {
			ks = append(ks, ix.keywordQuery(fieldKind, k))
		}
		filter = append(filter, disjunction(ks))
	}
	if len(must) == 0 {
		must = append(must, query.NewMatchAllQuery())
	}
	b := query.NewBooleanQuery(must, nil, mustNot)
	if len(filter) > 0 {
		b.AddFilter(query.NewConjunctionQuery(filter))
	}
	c.q = b
	return c
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
		var alts []query.Query
		for _, f := range textFields {
			if q := ix.fieldQuery(f.name, t.Text, c); q != nil {
				q.(query.BoostableQuery).SetBoost(f.boost)
				alts = append(alts, q)
			}
		}
		return disjunction(alts)
	case FieldFrom:
		return ix.fieldQuery(fieldFrom, t.Text, c)
	case FieldTo:
		return ix.fieldQuery(fieldTo, t.Text, c)
	case FieldSubject:
		return ix.fieldQuery(fieldSubject, t.Text, c)
	case FieldAccount, FieldPerson:
		field := fieldAccount
		if t.Field == FieldPerson {
			field = fieldContact
		}
		var alts []query.Query
		for _, id := range t.IDs {
			alts = append(alts, ix.keywordQuery(field, string(id)))
		}
		return disjunction(alts)
	case FieldKind:
		return ix.keywordQuery(fieldKind, t.Text)
	case FieldHas:
		return ix.keywordQuery(fieldHas, t.Text)
	}
	return nil
}

func (ix *Index) keywordQuery(field, value string) query.Query {
	q := query.NewTermQuery(ix.an.h.term(value))
	q.SetField(field)
	return q
}

// fieldQuery analyses text as field does and matches it there: one term,
// or a phrase when the text holds several words (also for "foo-bar").
func (ix *Index) fieldQuery(field, text string, c *compiled) query.Query {
	isText := field == fieldSubject || field == fieldBody
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
