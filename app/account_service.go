package app

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"parley/app/crm"
	"parley/app/store"
)

// AccountService lists and shows customer accounts.
type AccountService struct{ w *Workspace }

// List returns the accounts whose name or domain contains filter (all when
// empty), most recently active first.
func (s *AccountService) List(filter string) ([]AccountSummary, error) {
	filter = strings.ToLower(strings.TrimSpace(filter))
	out := []AccountSummary{}
	err := view(s.w, func(tx *store.Tx) error {
		return tx.Each(crm.KindAccount, func(e crm.Entity) bool {
			a := e.(*crm.Account)
			if a.MergedInto != "" || !matches(filter, a.Name, a.Domains...) {
				return true
			}
			out = append(out, accountSummary(tx, a))
			return true
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].LastAt != out[j].LastAt {
			return out[i].LastAt > out[j].LastAt
		}
		return out[i].Name < out[j].Name
	})
	return out, err
}

func matches(filter, name string, more ...string) bool {
	if filter == "" || strings.Contains(strings.ToLower(name), filter) {
		return true
	}
	for _, m := range more {
		if strings.Contains(strings.ToLower(m), filter) {
			return true
		}
	}
	return false
}

func accountSummary(tx *store.Tx, a *crm.Account) AccountSummary {
	contacts, _ := tx.AccountContacts(a.ID)
	threads := 0
	for _, ref := range tx.Timeline(a.ID, 1<<20) {
		if ref.Kind == crm.KindThread {
			threads++
		}
	}
	return AccountSummary{
		ID: string(a.ID), Name: a.Name, Domains: nonNil(a.Domains), Journey: a.Journey,
		LastAt: a.LastAt, ThreadCount: threads, ContactCount: len(contacts),
	}
}

// Get returns one account's page: its people and its timeline.
func (s *AccountService) Get(id string) (AccountDetail, error) {
	var d AccountDetail
	err := view(s.w, func(tx *store.Tx) error {
		a := &crm.Account{ID: crm.ID(id)}
		if err := tx.Get(a); err != nil {
			if errors.Is(err, crm.ErrNotFound) {
				return fmt.Errorf("this account no longer exists")
			}
			return err
		}
		if a.MergedInto != "" {
			a = &crm.Account{ID: a.MergedInto}
			if err := tx.Get(a); err != nil {
				return err
			}
		}
		d.Account = accountSummary(tx, a)
		ids, err := tx.AccountContacts(a.ID)
		if err != nil {
			return err
		}
		d.Contacts = make([]ContactSummary, 0, len(ids))
		for _, cid := range ids {
			c := &crm.Contact{ID: cid}
			if tx.Get(c) == nil {
				d.Contacts = append(d.Contacts, contactSummary(c, a.Name))
			}
		}
		sort.SliceStable(d.Contacts, func(i, j int) bool { return d.Contacts[i].LastAt > d.Contacts[j].LastAt })
		d.Timeline = timelineItems(tx, tx.Timeline(a.ID, 500))
		return nil
	})
	return d, err
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
