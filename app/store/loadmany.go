package store

import (
	"fmt"

	"parley/app/crm"
	"parley/internal/parallel"
)

// LoadMany loads the entities refs name, in refs' order; an entry is nil
// when its entity is missing or cannot be read. The key lookups run in the
// transaction one by one (a Badger transaction is not shared between
// goroutines); reading the packs, decrypting, decompressing and decoding,
// most of the cost of a page of messages, run on every core.
func (tx *Tx) LoadMany(refs []crm.Ref) []crm.Entity {
	type found struct {
		key, val []byte
		packed   bool
	}
	work := make([]found, len(refs))
	for i, ref := range refs {
		key := keyEntity(ref.Kind, ref.ID)
		item, err := tx.txn.Get(key)
		if err != nil {
			continue
		}
		if v, err := item.ValueCopy(nil); err == nil {
			work[i] = found{key: key, val: v, packed: item.UserMeta() == metaPacked}
		}
	}
	out := make([]crm.Entity, len(refs))
	decode := func(i int) {
		if f := work[i]; f.val != nil {
			out[i], _ = tx.decodeEntity(refs[i], f.key, f.val, f.packed)
		}
	}
	parallel.For(len(refs), decode)
	return out
}

// decodeEntity makes the entity ref names from the value Badger holds
// under key: the record itself, or a pointer into the packs.
func (tx *Tx) decodeEntity(ref crm.Ref, key, val []byte, packed bool) (crm.Entity, error) {
	if packed {
		var err error
		if val, err = tx.st.packs.read(key, val); err != nil {
			return nil, err
		}
	}
	_, data, err := decodeRecord(val)
	if err != nil {
		return nil, err
	}
	e := newEntity(ref.Kind)
	if err := unmarshal(data, e); err != nil {
		return nil, fmt.Errorf("store: decode %s %s: %w", ref.Kind, ref.ID, err)
	}
	return e, nil
}
