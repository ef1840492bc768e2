package store

import (
	"encoding/json"
	"runtime"
	"sync"
	"sync/atomic"

	"parley/app/crm"
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
		f := work[i]
		if f.val == nil {
			return
		}
		b := f.val
		if f.packed {
			var err error
			if b, err = tx.st.packs.read(f.key, b); err != nil {
				return
			}
		}
		_, data, err := decodeRecord(b)
		if err != nil {
			return
		}
		e := newEntity(refs[i].Kind)
		if json.Unmarshal(data, e) == nil {
			out[i] = e
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(refs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(refs); i = int(next.Add(1) - 1) {
				decode(i)
			}
		}()
	}
	wg.Wait()
	return out
}
