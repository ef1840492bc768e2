package store

import (
	"bytes"

	"parley/app/crm"
)

// entry is one secondary-index key with its value.
type entry struct{ key, val []byte }

// indexEntries lists the secondary-index keys an entity should have.
func indexEntries(e crm.Entity) []entry {
	var out []entry
	switch v := e.(type) {
	case *crm.Account:
		if v.MergedInto != "" {
			return nil
		}
		for _, d := range v.Domains {
			out = append(out, entry{keyDomain(d), []byte(v.ID)})
		}
	case *crm.Contact:
		if v.MergedInto != "" {
			return nil
		}
		for _, a := range v.Addresses {
			out = append(out, entry{keyAddr(a), []byte(v.ID)})
		}
		if v.AccountID != "" {
			out = append(out, entry{keyAcctContact(v.AccountID, v.ID), nil})
		}
	case *crm.Thread:
		if v.MergedInto != "" || !v.History || v.Private {
			return nil
		}
		out = append(out, entry{keyRecent(v.LastAt, crm.KindThread, v.ID), nil})
		for _, a := range v.AccountIDs {
			out = append(out, entry{keyTimeline(a, v.LastAt, crm.KindThread, v.ID), nil})
		}
	case *crm.Message:
		if v.ThreadID != "" {
			out = append(out, entry{keyThreadMsg(v.ThreadID, v.Date, v.ID), nil})
		}
	case *crm.Activity:
		if v.Deleted {
			return nil
		}
		out = append(out, entry{keyRecent(v.At, crm.KindActivity, v.ID), nil})
		if v.AccountID != "" {
			out = append(out, entry{keyTimeline(v.AccountID, v.At, crm.KindActivity, v.ID), nil})
		}
	}
	return out
}

// reindex moves an entity's secondary-index keys from old to new (either
// may be nil).
func (tx *Tx) reindex(old, cur crm.Entity) error {
	var before, after []entry
	if old != nil {
		before = indexEntries(old)
	}
	if cur != nil {
		after = indexEntries(cur)
	}
	for _, b := range before {
		if !containsKey(after, b.key) {
			if err := tx.del(b.key); err != nil {
				return err
			}
		}
	}
	for _, a := range after {
		if err := tx.set(a.key, a.val); err != nil {
			return err
		}
	}
	return nil
}

func containsKey(es []entry, k []byte) bool {
	for _, e := range es {
		if bytes.Equal(e.key, k) {
			return true
		}
	}
	return false
}
