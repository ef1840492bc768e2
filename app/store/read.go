package store

import (
	"bytes"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"parley/app/crm"
)

// scanTail walks keys under prefix from the newest (largest) down,
// calling fn with the key's suffix after the prefix until fn returns false.
func (tx *Tx) scanTail(prefix []byte, fn func(suffix []byte) bool) {
	it := tx.txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: prefix})
	defer it.Close()
	seek := append(append([]byte{}, prefix...), 0xff)
	for it.Seek(seek); it.ValidForPrefix(prefix); it.Next() {
		if !fn(it.Item().Key()[len(prefix):]) {
			return
		}
	}
}

// scan calls fn with each key under prefix, without the prefix, in order,
// until fn returns false or an error. fn reads the value with val.
func (tx *Tx) scan(prefix []byte, fn func(suffix []byte, val func() ([]byte, error)) (bool, error)) error {
	it := tx.iterate(prefix, prefix)
	defer it.Close()
	for ; it.Valid(); it.Next() {
		more, err := fn(it.Key()[len(prefix):], it.Value)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// timeRef decodes "<ts 8 bytes>/<kind>/<id>".
func timeRef(suffix []byte) (crm.Ref, bool) {
	if len(suffix) < 10 {
		return crm.Ref{}, false
	}
	parts := bytes.SplitN(suffix[9:], []byte("/"), 2)
	if len(parts) != 2 {
		return crm.Ref{}, false
	}
	return crm.Ref{Kind: crm.Kind(parts[0]), ID: crm.ID(parts[1])}, true
}

// Recent returns up to limit refs of customer-history threads and
// activities, newest first.
func (tx *Tx) Recent(limit int) []crm.Ref {
	out := []crm.Ref{}
	tx.scanTail([]byte(prefixRecent), func(suffix []byte) bool {
		if ref, ok := timeRef(suffix); ok {
			out = append(out, ref)
		}
		return len(out) < limit
	})
	return out
}

// Timeline returns up to limit refs on an account's timeline, newest first.
func (tx *Tx) Timeline(account crm.ID, limit int) []crm.Ref {
	out := []crm.Ref{}
	tx.scanTail([]byte(prefixTimeline+string(account)+"/"), func(suffix []byte) bool {
		if ref, ok := timeRef(suffix); ok {
			out = append(out, ref)
		}
		return len(out) < limit
	})
	return out
}

// ThreadMessages returns a thread's messages, oldest first.
func (tx *Tx) ThreadMessages(thread crm.ID) ([]*crm.Message, error) {
	var ids []crm.ID
	prefix := []byte(prefixThreadM + string(thread) + "/")
	err := tx.scan(prefix, func(suffix []byte, _ func() ([]byte, error)) (bool, error) {
		if len(suffix) > 9 {
			ids = append(ids, crm.ID(suffix[9:]))
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]*crm.Message, 0, len(ids))
	for _, id := range ids {
		m := &crm.Message{ID: id}
		if err := tx.Get(m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// AccountContacts returns the ids of an account's people.
func (tx *Tx) AccountContacts(account crm.ID) ([]crm.ID, error) {
	out := []crm.ID{}
	err := tx.scan([]byte(prefixAcctC+string(account)+"/"), func(suffix []byte, _ func() ([]byte, error)) (bool, error) {
		out = append(out, crm.ID(suffix))
		return true, nil
	})
	return out, err
}

func (tx *Tx) lookupID(key []byte) (crm.ID, error) {
	b, err := tx.get(key)
	if err != nil {
		return "", err
	}
	if b == nil {
		return "", crm.ErrNotFound
	}
	return crm.ID(b), nil
}

// ContactByAddress returns the id of the contact owning an address, or crm.ErrNotFound.
func (tx *Tx) ContactByAddress(addr string) (crm.ID, error) { return tx.lookupID(keyAddr(addr)) }

// AccountByDomain returns the id of the account owning a domain, or crm.ErrNotFound.
func (tx *Tx) AccountByDomain(domain string) (crm.ID, error) { return tx.lookupID(keyDomain(domain)) }

// Each calls fn for every entity of a kind, in id order, until fn returns false.
func (tx *Tx) Each(k crm.Kind, fn func(crm.Entity) bool) error {
	return tx.scan([]byte(prefixEntity+string(k)+"/"), func(_ []byte, val func() ([]byte, error)) (bool, error) {
		v, err := val()
		if err != nil {
			return false, err
		}
		_, data, err := decodeRecord(v)
		if err != nil {
			return false, err
		}
		e := newEntity(k)
		if err := unmarshal(data, e); err != nil {
			return false, fmt.Errorf("store: decode %s: %w", k, err)
		}
		return fn(e), nil
	})
}

// Changes returns up to limit change-feed entries after seq, oldest first.
func (tx *Tx) Changes(after uint64, limit int) ([]Change, error) {
	out := []Change{}
	it := tx.txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefixChange)})
	defer it.Close()
	for it.Seek(keyChange(after + 1)); it.ValidForPrefix([]byte(prefixChange)) && len(out) < limit; it.Next() {
		var c Change
		if err := it.Item().Value(func(v []byte) error { return unmarshal(v, &c) }); err != nil {
			return nil, fmt.Errorf("store: read change: %w", err)
		}
		out = append(out, c)
	}
	return out, nil
}

// Ops returns up to limit ops of this device after client sequence cseq.
func (tx *Tx) Ops(after uint64, limit int) ([]crm.Op, error) {
	out := []crm.Op{}
	it := tx.txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefixOp)})
	defer it.Close()
	for it.Seek(keyOp(after + 1)); it.ValidForPrefix([]byte(prefixOp)) && len(out) < limit; it.Next() {
		var op crm.Op
		if err := it.Item().Value(func(v []byte) error { return unmarshal(v, &op) }); err != nil {
			return nil, fmt.Errorf("store: read op: %w", err)
		}
		out = append(out, op)
	}
	return out, nil
}

// Seq returns the change sequence this transaction's snapshot has reached.
func (tx *Tx) Seq() (uint64, error) { return getU64(tx.txn, keySeq) }
