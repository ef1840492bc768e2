package app

import (
	"errors"
	"fmt"
	"strings"

	"parley/app/crm"
	"parley/app/store"
)

// TimelineService serves conversations: the latest ones and one thread.
type TimelineService struct{ w *Workspace }

// Recent returns the latest customer conversations and logged activities.
func (s *TimelineService) Recent(limit int) ([]TimelineItem, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	var out []TimelineItem
	err := view(s.w, func(tx *store.Tx) error {
		out = timelineItems(tx, tx.Recent(limit))
		return nil
	})
	return nonNil(out), err
}

// Thread returns a conversation with its messages in order.
func (s *TimelineService) Thread(id string) (ThreadView, error) {
	var v ThreadView
	err := view(s.w, func(tx *store.Tx) error {
		t, err := liveThread(tx, crm.ID(id))
		if errors.Is(err, crm.ErrNotFound) {
			return fmt.Errorf("this conversation no longer exists")
		}
		if err != nil {
			return err
		}
		v = ThreadView{ID: string(t.ID), Subject: t.Subject}
		if len(t.AccountIDs) > 0 {
			v.AccountID = string(t.AccountIDs[0])
			v.AccountName = accountName(tx, t.AccountIDs[0])
		}
		msgs, err := tx.ThreadMessages(t.ID)
		if err != nil {
			return err
		}
		v.Messages = make([]MessageView, 0, len(msgs))
		for _, m := range msgs {
			v.Messages = append(v.Messages, messageView(tx, m))
		}
		return nil
	})
	return v, err
}

// liveThread loads a thread, following merges to the thread that a late
// message joined it to.
func liveThread(tx *store.Tx, id crm.ID) (*crm.Thread, error) {
	t := &crm.Thread{ID: id}
	if err := tx.Get(t); err != nil {
		return nil, err
	}
	for t.MergedInto != "" {
		t = &crm.Thread{ID: t.MergedInto}
		if err := tx.Get(t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func accountName(tx *store.Tx, id crm.ID) string {
	a := &crm.Account{ID: id}
	if tx.Get(a) != nil {
		return ""
	}
	return a.Name
}

func person(tx *store.Tx, a crm.Address) Person {
	p := Person{Name: displayName(a.Name, a.Address), Address: a.Address}
	if id, err := tx.ContactByAddress(a.Address); err == nil {
		p.ContactID = string(id)
	}
	return p
}

func people(tx *store.Tx, as []crm.Address) []Person {
	out := make([]Person, 0, len(as))
	for _, a := range as {
		out = append(out, person(tx, a))
	}
	return out
}

func messageView(tx *store.Tx, m *crm.Message) MessageView {
	q := min(max(m.QuoteStart, 0), len(m.Text))
	if q == 0 && m.QuoteStart == 0 && len(m.Text) > 0 {
		// QuoteStart 0 with text means the whole message is quoted;
		// show it rather than an empty message.
		q = len(m.Text)
	}
	atts := make([]AttachmentView, 0, len(m.Attachments))
	for _, a := range m.Attachments {
		atts = append(atts, AttachmentView{Name: a.Name, ContentType: a.ContentType, Size: a.Size, Kept: a.Kept})
	}
	return MessageView{
		ID: string(m.ID), From: person(tx, m.From), To: people(tx, m.To), Cc: people(tx, m.Cc),
		Date: m.Date, Subject: m.Subject, Body: strings.TrimRight(m.Text[:q], "\r\n\t "), Quoted: m.Text[q:],
		Truncated: m.Truncated, Direction: string(m.Direction), Attachments: atts, Unparsed: m.Unparsed,
	}
}

// timelineItems turns timeline refs into items for the UI.
func timelineItems(tx *store.Tx, refs []crm.Ref) []TimelineItem {
	out := make([]TimelineItem, 0, len(refs))
	for _, ref := range refs {
		e, err := tx.Load(ref)
		if err != nil {
			continue
		}
		switch v := e.(type) {
		case *crm.Thread:
			out = append(out, threadItem(tx, v))
		case *crm.Activity:
			out = append(out, activityItem(tx, v))
		}
	}
	return out
}

func threadItem(tx *store.Tx, t *crm.Thread) TimelineItem {
	it := TimelineItem{Kind: "email", ID: string(t.ID), At: t.LastAt, Title: t.Subject, Count: t.Count, People: []string{}}
	if len(t.AccountIDs) > 0 {
		it.AccountID = string(t.AccountIDs[0])
		it.AccountName = accountName(tx, t.AccountIDs[0])
	}
	msgs, err := tx.ThreadMessages(t.ID)
	if err != nil || len(msgs) == 0 {
		return it
	}
	last := msgs[len(msgs)-1]
	it.Direction = string(last.Direction)
	it.Snippet = snippet(last.Text[:min(max(last.QuoteStart, 0), len(last.Text))])
	if it.Snippet == "" {
		it.Snippet = snippet(last.Text)
	}
	seen := map[string]bool{}
	for i := len(msgs) - 1; i >= 0 && len(it.People) < 4; i-- {
		name := displayName(msgs[i].From.Name, msgs[i].From.Address)
		if !seen[name] {
			seen[name] = true
			it.People = append(it.People, name)
		}
	}
	return it
}

func activityItem(tx *store.Tx, a *crm.Activity) TimelineItem {
	title, _, _ := strings.Cut(strings.TrimSpace(a.Body), "\n")
	it := TimelineItem{Kind: string(a.Kind), ID: string(a.ID), At: a.At, Title: snippetN(title, 80), Snippet: snippet(a.Body), People: []string{}, AccountID: string(a.AccountID)}
	if a.AccountID != "" {
		it.AccountName = accountName(tx, a.AccountID)
	}
	for _, cid := range a.ContactIDs {
		c := &crm.Contact{ID: cid}
		if tx.Get(c) == nil {
			it.People = append(it.People, displayName(c.Name, firstOr(c.Addresses)))
		}
	}
	return it
}

func snippet(s string) string { return snippetN(s, 200) }

// snippetN collapses whitespace and cuts at n runes on a word boundary.
func snippetN(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
