package mail

import (
	"errors"
	"slices"
	"time"

	"parley/app/crm"
)

// Domain families at import: each registrable domain gets its own account
// (its id comes from the domain, so every device agrees), and accounts the
// crm rules find to be one company are merged: the smaller id survives,
// the other keeps MergedInto, and a Merge entity records it. Merges depend
// only on what is stored, and each is checked again whenever one side
// gains evidence, so the accounts come out the same in any import order.

// liveAccounts returns the accounts not merged away, loaded once per
// transaction (a rolled-back batch takes its cache with it).
func (w *writer) liveAccounts() (map[crm.ID]*crm.Account, error) {
	if w.accounts != nil {
		return w.accounts, nil
	}
	live := map[crm.ID]*crm.Account{}
	err := w.tx.Each(crm.KindAccount, func(e crm.Entity) bool {
		if a := e.(*crm.Account); a.MergedInto == "" {
			live[a.ID] = a
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	w.accounts = live
	return live, nil
}

// liveAccount follows MergedInto to the account that holds id's history.
func (w *writer) liveAccount(id crm.ID) (*crm.Account, error) {
	for range 64 { // merges never cycle; the bound guards damaged data
		a := &crm.Account{ID: id}
		if err := w.tx.Get(a); err != nil {
			return nil, err
		}
		if a.MergedInto == "" {
			return a, nil
		}
		id = a.MergedInto
	}
	return nil, errors.New("mail: account merges form a cycle")
}

// joinFamilies compares each account that is new, learnt another name or
// gained a person with every account of the workspace, and merges the
// ones that are one company.
func (w *writer) joinFamilies(touched []crm.ID) error {
	for _, id := range touched {
		live, err := w.liveAccounts()
		if err != nil {
			return err
		}
		a, err := w.liveAccount(id)
		if err != nil {
			return err
		}
		// Only accounts whose names relate can join: a look at the domains
		// before reading anything, remembered until an account comes or
		// goes (each new person of an account asks again).
		others, ok := w.relatedAccounts[a.ID]
		if !ok {
			for other, b := range live {
				if other != a.ID && related(a.Domains, b.Domains) {
					others = append(others, other)
				}
			}
			slices.Sort(others)
			if w.relatedAccounts == nil {
				w.relatedAccounts = map[crm.ID][]crm.ID{}
			}
			w.relatedAccounts[a.ID] = others
		}
		for _, other := range others {
			if err := w.tryJoinAccounts(id, other); err != nil {
				return err
			}
		}
	}
	return nil
}

func related(as, bs []string) bool {
	for _, a := range as {
		for _, b := range bs {
			if crm.RelateDomains(a, b) != crm.RelNone {
				return true
			}
		}
	}
	return false
}

func (w *writer) tryJoinAccounts(x, y crm.ID) error {
	a, err := w.liveAccount(x)
	if err != nil {
		return err
	}
	b, err := w.liveAccount(y)
	if err != nil {
		return err
	}
	if a.ID == b.ID {
		return nil
	}
	ok, why, err := w.familyVerdict(a, b)
	if !ok || err != nil {
		return err
	}
	return w.mergeAccounts(a, b, why)
}

// familyVerdict asks the crm rules about every pair of the two accounts'
// domains. A company name that the mail of one spelled and that spells a
// domain of the other counts as evidence, and so do the people writing
// from both, read only for pairs that need them.
func (w *writer) familyVerdict(a, b *crm.Account) (bool, string, error) {
	var peopleA, peopleB []crm.PersonFacts
	for _, da := range a.Domains {
		for _, db := range b.Domains {
			if crm.RelateDomains(da, db) == crm.RelNone {
				continue
			}
			ev := crm.FamilyEvidence{NamedInMail: spellsAny(a.Aliases, db) || spellsAny(b.Aliases, da)}
			if !ev.NamedInMail && crm.NeedsPeople(da, db) {
				if peopleA == nil {
					var err error
					if peopleA, err = w.accountPeople(a.ID); err != nil {
						return false, "", err
					}
					if peopleB, err = w.accountPeople(b.ID); err != nil {
						return false, "", err
					}
				}
				ev.SharedPeople = crm.SharedPeople(da, db, peopleA, peopleB)
			}
			if ok, why := crm.SameCompany(da, db, ev); ok {
				return true, why, nil
			}
		}
	}
	return false, "", nil
}

// accountPeople returns what the person rules need of an account's people.
func (w *writer) accountPeople(account crm.ID) ([]crm.PersonFacts, error) {
	ids, err := w.tx.AccountContacts(account)
	if err != nil {
		return nil, err
	}
	out := make([]crm.PersonFacts, 0, len(ids))
	for _, id := range ids {
		c := &crm.Contact{ID: id}
		if err := w.tx.Get(c); err != nil {
			return nil, err
		}
		out = append(out, personFacts(c))
	}
	return out, nil
}

func spellsAny(names []string, domain string) bool {
	for _, n := range names {
		if crm.SpellsLabel(n, domain) {
			return true
		}
	}
	return false
}

// mergeAccounts joins two live accounts: the survivor takes the domains,
// the names and the history (people, threads, messages, activities).
func (w *writer) mergeAccounts(a, b *crm.Account, why string) error {
	s, l := a, b
	if crm.SurvivorOf(a.ID, b.ID) == b.ID {
		s, l = b, a
	}
	l.MergedInto = s.ID
	if _, err := w.tx.Put(l, w.g.cfg.Author); err != nil { // first: frees its domain index entries
		return err
	}
	name := crm.PreferAccountName(accountName(s), accountName(l))
	s.Name = name.Name
	s.Domains = sortedUnion(s.Domains, l.Domains)
	s.Aliases = sortedUnion(s.Aliases, l.Aliases)
	s.Tags = sortedUnion(s.Tags, l.Tags)
	if s.Journey == "" {
		s.Journey = l.Journey
	}
	if l.Created != 0 && (s.Created == 0 || l.Created < s.Created) {
		s.Created = l.Created
	}
	s.LastAt = max(s.LastAt, l.LastAt)
	if _, err := w.tx.Put(s, w.g.cfg.Author); err != nil {
		return err
	}
	if err := w.recordMerge(crm.KindAccount, l.ID, s.ID, why); err != nil {
		return err
	}
	if w.accounts != nil {
		delete(w.accounts, l.ID)
		w.accounts[s.ID] = s
	}
	w.relatedAccounts = nil
	return w.relinkAccount(l.ID, s.ID)
}

// accountName says whether an account's name is still the one made from
// one of its domains.
func accountName(a *crm.Account) crm.AccountName {
	for _, d := range a.Domains {
		if a.Name == AccountNameFromDomain(d) {
			return crm.AccountName{Name: a.Name, FromDomain: true}
		}
	}
	return crm.AccountName{Name: a.Name}
}

func (w *writer) recordMerge(k crm.Kind, from, into crm.ID, why string) error {
	mg := &crm.Merge{ID: crm.MergeIDFor(k, from, into), Kind: k, From: from, Into: into, At: time.Now().UnixMilli(), Reason: why}
	if has, err := w.tx.Has(crm.KindMerge, mg.ID); err != nil || has {
		return err
	}
	_, err := w.tx.Put(mg, w.g.cfg.Author)
	return err
}

// relinkAccount moves everything that pointed at a merged-away account to
// the survivor: its people, then its timeline (threads with their
// messages, and activities). Stored links are updated rather than
// resolved on every read, so the indexes (account → people, account →
// timeline, the search index's account field) stay right by themselves.
func (w *writer) relinkAccount(from, into crm.ID) error {
	people, err := w.tx.AccountContacts(from)
	if err != nil {
		return err
	}
	for _, id := range people {
		c := &crm.Contact{ID: id}
		if err := w.tx.Get(c); err != nil {
			return err
		}
		c.AccountID = into
		if _, err := w.tx.Put(c, w.g.cfg.Author); err != nil {
			return err
		}
	}
	for _, ref := range w.tx.Timeline(from, 1<<30) {
		switch ref.Kind {
		case crm.KindThread:
			if err := w.relinkThread(ref.ID, from, into); err != nil {
				return err
			}
		case crm.KindActivity:
			act := &crm.Activity{ID: ref.ID}
			if err := w.tx.Get(act); err != nil {
				return err
			}
			act.AccountID = into
			if _, err := w.tx.Put(act, w.g.cfg.Author); err != nil {
				return err
			}
		}
	}
	// The two companies' people may now turn out to be one person.
	mine, err := w.tx.AccountContacts(into)
	if err != nil {
		return err
	}
	return w.joinPeopleAtCompany(into, mine)
}

func (w *writer) relinkThread(tid, from, into crm.ID) error {
	t := &crm.Thread{ID: tid}
	if err := w.tx.Get(t); err != nil {
		return err
	}
	t.AccountIDs = replaceID(t.AccountIDs, from, into)
	if _, err := w.tx.Put(t, w.g.cfg.Author); err != nil {
		return err
	}
	msgs, err := w.tx.ThreadMessages(tid)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if !slices.Contains(m.AccountIDs, from) {
			continue
		}
		m.AccountIDs = replaceID(m.AccountIDs, from, into)
		if _, err := w.tx.Put(m, w.g.cfg.Author); err != nil {
			return err
		}
	}
	return nil
}

// replaceID swaps from for into in ids, keeping the order and no
// duplicates.
func replaceID(ids []crm.ID, from, into crm.ID) []crm.ID {
	out := make([]crm.ID, 0, len(ids))
	for _, id := range ids {
		if id == from {
			id = into
		}
		out = appendID(out, id)
	}
	return out
}

func sortedUnion(a, b []string) []string {
	out := append(append([]string{}, a...), b...)
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil
	}
	return out
}
