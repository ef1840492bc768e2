package search

import (
	"github.com/blevesearch/bleve/v2/document"

	"parley/app/crm"
)

// accountDoc is the index document of an account: found by its name,
// aliases, domains and tags, and by account:<id>.
func (ix *Index) accountDoc(a *crm.Account) *document.Document {
	b := ix.newDoc(a.ID)
	b.name(a.Name)
	for _, s := range a.Aliases {
		b.name(s)
	}
	for _, d := range a.Domains {
		b.address(d)
	}
	for _, t := range a.Tags {
		b.name(t)
	}
	b.facet(tagKind, KindAccount)
	b.facet(tagAccount, string(a.ID))
	b.private(false)
	b.date(max(a.LastAt, a.Created))
	return b.finish()
}
