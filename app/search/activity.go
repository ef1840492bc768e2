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
	b.text(fieldBody, body)
	b.name(fieldFrom, a.Author)
	b.keyword(fieldKind, string(a.Kind))
	b.keyword(fieldChannel, channelOf(a.Kind))
	if a.AccountID != "" {
		b.keyword(fieldAccount, string(a.AccountID))
	}
	b.ids(fieldContact, a.ContactIDs)
	b.private(a.Private)
	b.date(a.At)
	return b.doc
}
