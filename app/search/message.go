package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/document"

	"parley/app/crm"
)

// messageDoc is the index document of one email.
func (ix *Index) messageDoc(m *crm.Message) *document.Document {
	b := ix.newDoc(m.ID)
	body, _ := IndexedText(m)
	b.body(body)
	b.subject(m.Subject)
	b.person(fieldFrom, m.From)
	for _, a := range m.To {
		b.person(fieldTo, a)
	}
	for _, a := range m.Cc {
		b.person(fieldTo, a)
	}
	for _, a := range m.Attachments {
		b.name(a.Name)
	}
	if len(m.Attachments) > 0 {
		b.keyword(fieldHas, "attachment")
	}
	b.facet(tagKind, KindEmail)
	b.keyword(fieldChannel, "email")
	b.keyword(fieldDirection, string(m.Direction))
	seen := map[string]bool{}
	for _, s := range m.Sources {
		f := strings.ToLower(s.Folder)
		if !seen[f] {
			seen[f] = true
			b.keyword(fieldFolder, f)
		}
	}
	b.ids(tagAccount, m.AccountIDs)
	b.ids(tagContact, m.ContactIDs)
	b.private(m.Private)
	b.date(m.Date)
	return b.finish()
}
