package search

import (
	"github.com/blevesearch/bleve/v2/document"

	"parley/app/crm"
)

// contactDoc is the index document of a person: found by name, title and
// addresses, and by person:<id> and account:<their account>.
func (ix *Index) contactDoc(c *crm.Contact) *document.Document {
	b := ix.newDoc(c.ID)
	b.name(c.Name)
	b.name(c.Title)
	for _, a := range c.Addresses {
		b.address(a)
	}
	b.facet(tagKind, KindPerson)
	b.facet(tagContact, string(c.ID))
	b.facet(tagAccount, string(c.AccountID))
	b.private(false)
	b.date(c.LastAt)
	return b.finish()
}
