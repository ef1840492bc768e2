package search

import (
	"github.com/blevesearch/bleve/v2/document"

	"parley/app/crm"
)

// channelOf says on which channel an activity happened.
func channelOf(k crm.ActivityKind) string {
	switch k {
	case crm.ActivityCall:
		return "phone"
	case crm.ActivityMeeting, crm.ActivityVisit:
		return "in-person"
	}
	return "note"
}

// activityDoc is the index document of a note, call, meeting or visit.
func (ix *Index) activityDoc(a *crm.Activity) *document.Document {
	b := ix.newDoc(a.ID)
	body, _ := capText(a.Body)
	b.body(body)
	b.add(fieldFrom, a.Author, textOptions, b.a.name)
	b.name(a.Author)
	b.facet(tagKind, string(a.Kind))
	b.keyword(fieldChannel, channelOf(a.Kind))
	b.facet(tagAccount, string(a.AccountID))
	b.ids(tagContact, a.ContactIDs)
	b.private(a.Private)
	b.date(a.At)
	return b.finish()
}
