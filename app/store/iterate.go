package store

import (
	"bytes"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// keyIter walks the keys under a prefix in order, seeing what the
// transaction itself wrote.
//
// Badger's own iterator in a write transaction copies and sorts every
// pending write of the transaction each time one is made; an import batch
// writes thousands of keys and looks up an account's people for each
// message, and that sorting was 5 % of a corpus import's CPU, all of it on
// the one goroutine that commits. Writers are serialised, so a read-only
// snapshot taken inside the write transaction sees exactly what it sees
// committed; keyIter walks that snapshot and merges in the transaction's
// own writes under the prefix, from tx.pending.
type keyIter struct {
	tx     *Tx
	prefix []byte
	it     *badger.Iterator
	mine   []string // the transaction's own keys under prefix from start, sorted

	key    []byte
	own    bool // key is the transaction's own write
	ownVal pendingValue
	done   bool
}

// iterate returns an iterator over the keys under prefix, from start (a
// key under prefix, or prefix itself). Close it when done.
func (tx *Tx) iterate(prefix, start []byte) *keyIter {
	ki := &keyIter{tx: tx, prefix: prefix}
	txn := tx.txn
	if tx.pending != nil {
		txn = tx.snapshot()
		p := string(prefix)
		for k := range tx.pending {
			if strings.HasPrefix(k, p) && k >= string(start) {
				ki.mine = append(ki.mine, k)
			}
		}
		slices.Sort(ki.mine)
	}
	ki.it = txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	ki.it.Seek(start)
	ki.settle()
	return ki
}

// snapshot is a read-only view of what the write transaction sees
// committed, made once per transaction.
func (tx *Tx) snapshot() *badger.Txn {
	if tx.snap == nil {
		tx.snap = tx.st.db.NewTransaction(false)
	}
	return tx.snap
}

// settle positions the iterator on the next key to show: the smaller of
// the snapshot's and the transaction's own, the own write shadowing a
// committed value of the same key and a deletion hiding it.
func (ki *keyIter) settle() {
	for {
		committed := ki.it.ValidForPrefix(ki.prefix)
		if len(ki.mine) == 0 {
			ki.own, ki.done = false, !committed
			if committed {
				ki.key = ki.it.Item().Key()
			}
			return
		}
		k := ki.mine[0]
		if committed {
			switch c := bytes.Compare(ki.it.Item().Key(), []byte(k)); {
			case c < 0:
				ki.own, ki.key = false, ki.it.Item().Key()
				return
			case c == 0:
				ki.it.Next() // shadowed by the transaction's own write
			}
		}
		ki.mine = ki.mine[1:]
		p := ki.tx.pending[k]
		if p.v == nil && !p.inBadger {
			continue // deleted in this transaction
		}
		ki.own, ki.ownVal, ki.key = true, p, []byte(k)
		return
	}
}

// Valid says whether the iterator is on a key.
func (ki *keyIter) Valid() bool { return !ki.done }

// Key returns the current key; it is valid until Next.
func (ki *keyIter) Key() []byte { return ki.key }

// Value returns a copy of the current key's value, read from its pack when
// it lives in one.
func (ki *keyIter) Value() ([]byte, error) {
	if !ki.own {
		return ki.tx.value(ki.it.Item())
	}
	if !ki.ownVal.inBadger {
		return bytes.Clone(ki.ownVal.v), nil
	}
	item, err := ki.tx.txn.Get(ki.key) // too big to remember, or in a pack
	if err != nil {
		return nil, err
	}
	return ki.tx.value(item)
}

// Next moves to the next key.
func (ki *keyIter) Next() {
	if !ki.own {
		ki.it.Next()
	}
	ki.settle()
}

// Close releases the iterator.
func (ki *keyIter) Close() { ki.it.Close() }
