package search

import (
	"github.com/blevesearch/bleve/v2/document"

	"parley/app/crm"
)

// contactDoc is the index document of a person: found by name, title and
// addresses, and by person:<id> and account:<their account>.
func (ix *Index) contactDoc(c *crm.Contact) *document.Document {
	b := ix.newDoc(c.ID)
	b.name(fieldNames, c.Name)
	b.name(fieldNames, c.Title)
	for _, a := range c.Addresses {
		b.address(fieldNames, a)
	}
	b.keyword(fieldKind, KindPerson)
	b.keyword(fieldContact, string(c.ID))
	if c.AccountID != "" {
		b.keyword(fieldAccount, string(c.AccountID))
	}
	b.private(false)
	b.date(c.LastAt)
	return b.doc
}
