package search

import (
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"

	"parley/app/crm"
)

// holdsPhrases says whether e's indexed text holds every phrase, each as
// consecutive words of one field value. Pairs find a phrase of three words
// or more with the rare false hit that holds its pairs apart; the page is
// checked against the store's text, as the index has no positions.
func (ix *Index) holdsPhrases(e crm.Entity, phrases [][]string) bool {
	for _, ph := range phrases {
		if !ix.holdsPhrase(e, ph) {
			return false
		}
	}
	return true
}

func (ix *Index) holdsPhrase(e crm.Entity, words []string) bool {
	text, name, addr := ix.an.textPlain, ix.an.anyNamePlain, ix.an.anyAddressPlain
	found := false
	check := func(an analysis.Analyzer, s string) {
		if !found && s != "" && hasPhrase(plainTerms(an, s), words) {
			found = true
		}
	}
	person := func(a crm.Address) {
		check(name, a.Name)
		check(addr, a.Address)
	}
	switch e := e.(type) {
	case *crm.Message:
		check(text, e.Subject)
		body, _ := IndexedText(e)
		check(text, body)
		person(e.From)
		for _, a := range append(append([]crm.Address(nil), e.To...), e.Cc...) {
			person(a)
		}
		for _, a := range e.Attachments {
			check(name, a.Name)
		}
	case *crm.Activity:
		body, _ := capText(e.Body)
		check(text, body)
		check(name, e.Author)
	case *crm.Account:
		check(name, e.Name)
		for _, s := range append(append([]string(nil), e.Aliases...), e.Tags...) {
			check(name, s)
		}
		for _, d := range e.Domains {
			check(addr, d)
		}
	case *crm.Contact:
		check(name, e.Name)
		check(name, e.Title)
		for _, a := range e.Addresses {
			check(addr, a)
		}
	default:
		return true
	}
	return found
}

// hasPhrase says whether words occur at consecutive positions of terms
// (terms grouped by position, as plainTerms returns them).
func hasPhrase(terms [][]string, words []string) bool {
	for p := 0; p+len(words) <= len(terms); p++ {
		ok := true
		for i, w := range words {
			if !slices.Contains(terms[p+i], w) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
