package app

import (
	"sort"
	"strings"

	"parley/app/crm"
	"parley/app/store"
)

// ContactService lists people.
type ContactService struct{ w *Workspace }

// List returns the people whose name or address contains filter, most
// recently in touch first (at most 500).
func (s *ContactService) List(filter string) ([]ContactSummary, error) {
	filter = strings.ToLower(strings.TrimSpace(filter))
	out := []ContactSummary{}
	names := map[crm.ID]string{}
	err := view(s.w, func(tx *store.Tx) error {
		return tx.Each(crm.KindContact, func(e crm.Entity) bool {
			c := e.(*crm.Contact)
			if c.MergedInto != "" || !matches(filter, c.Name, c.Addresses...) {
				return true
			}
			name, ok := names[c.AccountID]
			if !ok && c.AccountID != "" {
				a := &crm.Account{ID: c.AccountID}
				if tx.Get(a) == nil {
					name = a.Name
				}
				names[c.AccountID] = name
			}
			out = append(out, contactSummary(c, name))
			return true
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].LastAt > out[j].LastAt })
	if len(out) > 500 {
		out = out[:500]
	}
	return out, err
}

func contactSummary(c *crm.Contact, accountName string) ContactSummary {
	return ContactSummary{
		ID: string(c.ID), Name: displayName(c.Name, firstOr(c.Addresses)), Addresses: nonNil(c.Addresses),
		Title: c.Title, Role: string(c.Role), AccountID: string(c.AccountID), AccountName: accountName, LastAt: c.LastAt,
	}
}

func firstOr(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// displayName is a person's name, or the part of the address before @.
func displayName(name, addr string) string {
	if name = strings.TrimSpace(name); name != "" {
		return name
	}
	if at := strings.IndexByte(addr, '@'); at > 0 {
		return addr[:at]
	}
	return addr
}
