package mail

import (
	"errors"
	"slices"
	"strings"

	"parley/app/crm"
)

// One contact per person at import: each address gets its own contact
// (its id comes from the address), and contacts the crm rules find to be
// one person are merged, the smaller id surviving with all addresses.

// liveContact follows MergedInto to the contact that holds id's history.
func (w *writer) liveContact(id crm.ID) (*crm.Contact, error) {
	for range 64 {
		c := &crm.Contact{ID: id}
		if err := w.tx.Get(c); err != nil {
			return nil, err
		}
		if c.MergedInto == "" {
			return c, nil
		}
		id = c.MergedInto
	}
	return nil, errors.New("mail: contact merges form a cycle")
}

func personFacts(c *crm.Contact) crm.PersonFacts {
	return crm.PersonFacts{Name: c.Name, Addresses: c.Addresses, FreeMail: c.FreeMail}
}

// joinPeopleAtCompany compares each of the given contacts with the other
// people of their account and merges the ones that are one person.
func (w *writer) joinPeopleAtCompany(account crm.ID, ids []crm.ID) error {
	if account == "" || len(ids) == 0 {
		return nil
	}
	people, err := w.tx.AccountContacts(account)
	if err != nil {
		return err
	}
	for _, id := range ids {
		for _, other := range people {
			if err := w.tryJoinPeople(id, other, crm.PersonEvidence{SameCompany: true}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *writer) tryJoinPeople(x, y crm.ID, ev crm.PersonEvidence) error {
	a, err := w.liveContact(x)
	if err != nil {
		return err
	}
	b, err := w.liveContact(y)
	if err != nil {
		return err
	}
	if a.ID == b.ID {
		return nil
	}
	if ev.SameCompany && (a.AccountID == "" || a.AccountID != b.AccountID) {
		return nil
	}
	if a.AccountID != "" && b.AccountID != "" && a.AccountID != b.AccountID {
		return nil // two companies' people are never one contact
	}
	ok, why := crm.SamePerson(personFacts(a), personFacts(b), ev)
	if !ok {
		return nil
	}
	return w.mergeContacts(a, b, why)
}

// samePeopleInThread joins a personal (free-mail) address to a company
// contact of the same full name when both take part in the message's
// thread, then points the message at the survivors. It runs once the
// message is in its thread.
func (w *writer) samePeopleInThread(m *crm.Message, d crm.Decision) error {
	if !m.History || m.ThreadID == "" {
		return nil
	}
	t := &crm.Thread{ID: m.ThreadID}
	if err := w.tx.Get(t); err != nil {
		return err
	}
	for _, p := range d.Participants {
		if p.Class != crm.ClassExternal && p.Class != crm.ClassFreeMail {
			continue
		}
		key, err := w.nameKey(p.Address.Address)
		if err != nil {
			return err
		}
		if key == "" {
			continue // no full name: nobody to be the same person as
		}
		for _, q := range t.Participants {
			if q == p.Address.Address || w.isFreeMail(q) == (p.Class == crm.ClassFreeMail) {
				continue // only a personal address and a company one make a pair
			}
			if k, err := w.nameKey(q); err != nil || k != key {
				if err != nil {
					return err
				}
				continue // the rule needs the same full name: skip the loads
			}
			x, err := w.tx.ContactByAddress(p.Address.Address)
			if err != nil {
				continue
			}
			y, err := w.tx.ContactByAddress(q)
			if err != nil {
				continue // in the thread, but not a customer contact
			}
			if err := w.tryJoinPeople(x, y, crm.PersonEvidence{SharedThread: true}); err != nil {
				return err
			}
		}
	}
	return w.resolveLinks(m)
}

// nameKey returns the person key (crm.PersonKey) of the contact behind an
// address, "" when there is none; cached for the transaction, because the
// thread check compares each message's people with all of its thread's.
// Writes that rename or merge a contact forget its addresses.
func (w *writer) nameKey(addr string) (string, error) {
	if k, ok := w.nameKeys[addr]; ok {
		return k, nil
	}
	k := ""
	id, err := w.tx.ContactByAddress(addr)
	switch {
	case err == nil:
		c, err := w.liveContact(id)
		if err != nil {
			return "", err
		}
		k = crm.PersonKey(c.Name)
	case !errors.Is(err, crm.ErrNotFound):
		return "", err
	}
	if w.nameKeys == nil {
		w.nameKeys = map[string]string{}
	}
	w.nameKeys[addr] = k
	return k, nil
}

func (w *writer) forgetNameKeys(addrs ...string) {
	for _, a := range addrs {
		delete(w.nameKeys, a)
	}
}

// isFreeMail says whether an address is a personal (free-mail) one. The
// thread check asks it of every pair of people in a thread, so answers are
// kept for the transaction, as long as the classifier stays the same (Sent
// mail that shows a new address of mine replaces it).
func (w *writer) isFreeMail(addr string) bool {
	if w.freeMailBy != w.g.classifier {
		w.freeMail, w.freeMailBy = map[string]bool{}, w.g.classifier
	}
	free, ok := w.freeMail[addr]
	if !ok {
		class, _, _ := w.g.classifier.ClassifyAddress(addr)
		free = class == crm.ClassFreeMail
		w.freeMail[addr] = free
	}
	return free
}

// mergeContacts joins two live contacts: the survivor takes all
// addresses, the better name, the company and the details the other had.
func (w *writer) mergeContacts(a, b *crm.Contact, why string) error {
	s, l := a, b
	if crm.SurvivorOf(a.ID, b.ID) == b.ID {
		s, l = b, a
	}
	w.forgetNameKeys(a.Addresses...)
	w.forgetNameKeys(b.Addresses...)
	l.MergedInto = s.ID
	if _, err := w.tx.Put(l, w.g.cfg.Author); err != nil { // first: frees its address index entries
		return err
	}
	s.Name = preferPersonName(s.Name, l.Name)
	s.Addresses = w.orderAddresses(sortedUnion(s.Addresses, l.Addresses))
	if s.AccountID == "" {
		s.AccountID = l.AccountID
	}
	s.FreeMail = s.FreeMail && l.FreeMail
	if s.Phone == "" {
		s.Phone = l.Phone
	}
	if s.Title == "" {
		s.Title = l.Title
	}
	if s.Role == crm.RoleUnknown {
		s.Role = l.Role
	}
	s.LastAt = max(s.LastAt, l.LastAt)
	if _, err := w.tx.Put(s, w.g.cfg.Author); err != nil {
		return err
	}
	if err := w.recordMerge(crm.KindContact, l.ID, s.ID, why); err != nil {
		return err
	}
	return w.relinkContact(l, s)
}

// preferPersonName keeps a full name over a mailbox name, then the longer,
// then the first in alphabetical order: the same whichever came first.
func preferPersonName(a, b string) string {
	fa, fb := crm.PersonKey(a) != "", crm.PersonKey(b) != ""
	switch {
	case fa != fb:
		if fa {
			return a
		}
		return b
	case len(a) != len(b):
		if len(a) > len(b) {
			return a
		}
		return b
	case a <= b:
		return a
	}
	return b
}

// orderAddresses puts company addresses before personal ones, so the
// first address, which lists show, is the work one.
func (w *writer) orderAddresses(addrs []string) []string {
	slices.SortStableFunc(addrs, func(x, y string) int {
		fx, fy := w.isFreeMail(x), w.isFreeMail(y)
		switch {
		case fx == fy:
			return strings.Compare(x, y)
		case fy:
			return -1
		}
		return 1
	})
	return addrs
}

// relinkContact points the merged-away contact's history at the
// survivor: the messages and activities on the timeline of the
// survivor's company whose threads include one of its addresses.
func (w *writer) relinkContact(from, into *crm.Contact) error {
	if into.AccountID == "" {
		return nil
	}
	for _, ref := range w.tx.Timeline(into.AccountID, 1<<30) {
		switch ref.Kind {
		case crm.KindThread:
			t := &crm.Thread{ID: ref.ID}
			if err := w.tx.Get(t); err != nil {
				return err
			}
			if !sharesAny(t.Participants, from.Addresses) && len(t.Participants) < maxThreadPeople {
				continue
			}
			msgs, err := w.tx.ThreadMessages(t.ID)
			if err != nil {
				return err
			}
			for _, m := range msgs {
				if !slices.Contains(m.ContactIDs, from.ID) {
					continue
				}
				m.ContactIDs = replaceID(m.ContactIDs, from.ID, into.ID)
				if _, err := w.tx.Put(m, w.g.cfg.Author); err != nil {
					return err
				}
			}
		case crm.KindActivity:
			act := &crm.Activity{ID: ref.ID}
			if err := w.tx.Get(act); err != nil {
				return err
			}
			if slices.Contains(act.ContactIDs, from.ID) {
				act.ContactIDs = replaceID(act.ContactIDs, from.ID, into.ID)
				if _, err := w.tx.Put(act, w.g.cfg.Author); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func sharesAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
