package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"parley/app/crm"
)

// Tx is one transaction. A Tx from View is read-only.
type Tx struct {
	st       *Store
	txn      *badger.Txn
	readOnly bool

	seq, cseq uint64
	hlc       crm.HLC

	// written remembers the op of each entity this transaction has put, so
	// that writing one entity again (an account's last contact moving with
	// every message of a batch) amends that op instead of adding another:
	// one transaction, one op and one change per entity.
	written map[crm.Ref]*writtenOp
	// pending holds what a write transaction wrote, for the store's
	// recent values once it commits (nil in read transactions).
	pending map[string]pendingValue
	// snap is a write transaction's read-only view of what is committed,
	// for iterate; nil until used.
	snap *badger.Txn
}

// writtenOp is an op of the open transaction that later puts may amend.
type writtenOp struct {
	op    crm.Op
	start []byte // the entity's JSON before the transaction, nil if new
}

// Change is one entry of the local change feed: the entity a write touched.
// The entity's current state is read from the store; Deleted says it is gone.
type Change struct {
	Seq     uint64  `json:"seq"`
	Entity  crm.Ref `json:"entity"`
	Deleted bool    `json:"deleted,omitempty"`
	OpSeq   uint64  `json:"opSeq,omitempty"` // the op that made it, 0 for local-only writes
}

// record is the stored form of an entity: its version, then its JSON.
func encodeRecord(version uint64, data []byte) []byte {
	out := make([]byte, 8, 8+len(data))
	binary.BigEndian.PutUint64(out, version)
	return append(out, data...)
}

func decodeRecord(b []byte) (uint64, []byte, error) {
	if len(b) < 8 {
		return 0, nil, errors.New("store: short record")
	}
	return binary.BigEndian.Uint64(b[:8]), b[8:], nil
}

func (tx *Tx) getRecord(k crm.Kind, id crm.ID) (uint64, []byte, error) {
	b, err := tx.get(keyEntity(k, id))
	if err != nil {
		return 0, nil, fmt.Errorf("store: get %s %s: %w", k, id, err)
	}
	if b == nil {
		return 0, nil, nil
	}
	return decodeRecord(b)
}

// Get reads an entity into e (whose kind and id name it). It returns
// crm.ErrNotFound when there is none.
func (tx *Tx) Get(e crm.Entity) error {
	_, data, err := tx.getRecord(e.EntityKind(), e.EntityID())
	if err != nil {
		return err
	}
	if data == nil {
		return fmt.Errorf("store: %s %s: %w", e.EntityKind(), e.EntityID(), crm.ErrNotFound)
	}
	return unmarshal(data, e)
}

// Has reports whether an entity exists.
func (tx *Tx) Has(k crm.Kind, id crm.ID) (bool, error) {
	_, err := tx.txn.Get(keyEntity(k, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Put creates or changes an entity on behalf of author and records the
// change as an op with the fields that changed. Writing an entity equal to
// the stored one does nothing. It returns whether anything changed.
func (tx *Tx) Put(e crm.Entity, author string) (bool, error) {
	return tx.put(e, author, crm.ActionPut)
}

// Import stores an imported message (immutable) with its raw source
// (CompressRaw; nil keeps none). Its op names the message by id and copies
// nothing of it. A message already stored is left as it is and Import
// returns false.
func (tx *Tx) Import(m *crm.Message, raw *RawSource, author string) (bool, error) {
	exists, err := tx.Has(crm.KindMessage, m.ID)
	if err != nil || exists {
		return false, err
	}
	if raw != nil {
		if err := tx.set(keyRaw(m.ID), raw.z); err != nil {
			return false, err
		}
	}
	return tx.put(m, author, crm.ActionImport)
}

func (tx *Tx) put(e crm.Entity, author string, action crm.Action) (bool, error) {
	if tx.readOnly {
		return false, errors.New("store: write in a read-only transaction")
	}
	kind, id := e.EntityKind(), e.EntityID()
	if id == "" {
		return false, fmt.Errorf("store: put %s: %w: empty id", kind, crm.ErrInvalid)
	}
	version, oldData, err := tx.getRecord(kind, id)
	if err != nil {
		return false, err
	}
	newData, err := marshal(e)
	if err != nil {
		return false, fmt.Errorf("store: encode %s %s: %w", kind, id, err)
	}
	if oldData != nil && bytes.Equal(oldData, newData) {
		return false, nil
	}
	var oldEntity crm.Entity
	if oldData != nil {
		oldEntity = newEntity(kind)
		if err := unmarshal(oldData, oldEntity); err != nil {
			return false, fmt.Errorf("store: decode %s %s: %w", kind, id, err)
		}
	} else if err := tx.addCount(kind, 1); err != nil {
		return false, err
	}
	if err := tx.reindex(oldEntity, e); err != nil {
		return false, err
	}
	ref := crm.Ref{Kind: kind, ID: id}
	if w := tx.written[ref]; w != nil {
		return true, tx.amend(w, version, newData)
	}
	if err := tx.set(keyEntity(kind, id), encodeRecord(version+1, newData)); err != nil {
		return false, err
	}
	var fields map[string]json.RawMessage
	if action == crm.ActionPut {
		fields = changedFields(oldData, newData)
	}
	op, err := tx.appendOp(ref, action, author, fields, version)
	if err != nil {
		return false, err
	}
	if tx.written == nil {
		tx.written = make(map[crm.Ref]*writtenOp)
	}
	tx.written[ref] = &writtenOp{op: op, start: oldData}
	return true, tx.appendChange(Change{Entity: ref, OpSeq: op.ClientSeq})
}

// amend folds another put of an entity into the op this transaction
// already wrote for it: the version stays one step past the transaction's
// start and the op's fields are those changed since then.
func (tx *Tx) amend(w *writtenOp, version uint64, newData []byte) error {
	if err := tx.set(keyEntity(w.op.Entity.Kind, w.op.Entity.ID), encodeRecord(version, newData)); err != nil {
		return err
	}
	if w.op.Action != crm.ActionPut {
		return nil // an import's op names the message only
	}
	w.op.Fields = changedFields(w.start, newData)
	return tx.writeOp(w.op)
}

// Delete removes an entity (a tombstone op in the change log). Deleting
// what is not there does nothing.
func (tx *Tx) Delete(k crm.Kind, id crm.ID, author string) error {
	version, oldData, err := tx.getRecord(k, id)
	if err != nil || oldData == nil {
		return err
	}
	old := newEntity(k)
	if err := unmarshal(oldData, old); err != nil {
		return fmt.Errorf("store: decode %s %s: %w", k, id, err)
	}
	if err := tx.reindex(old, nil); err != nil {
		return err
	}
	if err := tx.del(keyEntity(k, id)); err != nil {
		return err
	}
	if k == crm.KindMessage {
		if err := tx.del(keyRaw(id)); err != nil {
			return err
		}
	}
	if err := tx.addCount(k, -1); err != nil {
		return err
	}
	ref := crm.Ref{Kind: k, ID: id}
	delete(tx.written, ref) // a put after this is a new op
	op, err := tx.appendOp(ref, crm.ActionDelete, author, nil, version)
	if err != nil {
		return err
	}
	return tx.appendChange(Change{Entity: ref, Deleted: true, OpSeq: op.ClientSeq})
}

func (tx *Tx) appendOp(ref crm.Ref, action crm.Action, author string, fields map[string]json.RawMessage, base uint64) (crm.Op, error) {
	tx.cseq++
	tx.hlc = tx.hlc.Tick(tx.st.now())
	op := crm.Op{
		ID:            crm.NewID("o_"),
		ClientID:      tx.st.client,
		ClientSeq:     tx.cseq,
		Clock:         tx.hlc,
		Author:        author,
		Entity:        ref,
		Action:        action,
		Fields:        fields,
		BaseVersion:   base,
		SchemaVersion: crm.SchemaVersion,
	}
	return op, tx.writeOp(op)
}

func (tx *Tx) writeOp(op crm.Op) error {
	b, err := marshal(op)
	if err != nil {
		return err
	}
	return tx.set(keyOp(op.ClientSeq), b)
}

func (tx *Tx) appendChange(c Change) error {
	tx.seq++
	c.Seq = tx.seq
	b, err := marshal(c)
	if err != nil {
		return err
	}
	return tx.set(keyChange(tx.seq), b)
}

// finish writes the counters that the transaction advanced.
func (tx *Tx) finish() error {
	if tx.seq != tx.st.seq {
		if err := tx.set(keySeq, u64(tx.seq)); err != nil {
			return err
		}
	}
	if tx.cseq != tx.st.cseq {
		if err := tx.set(keyCSeq, u64(tx.cseq)); err != nil {
			return err
		}
		b, _ := marshal(tx.hlc)
		if err := tx.set(keyHLC, b); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) set(k, v []byte) error {
	e := badger.NewEntry(k, v)
	if len(v) >= packMin && packable(k) {
		ptr, err := tx.st.packs.append(k, v)
		if err != nil {
			return err
		}
		e = badger.NewEntry(k, ptr).WithMeta(metaPacked)
	}
	if err := tx.txn.SetEntry(e); err != nil {
		if errors.Is(err, badger.ErrTxnTooBig) {
			return fmt.Errorf("store: %w", ErrTooBig)
		}
		return fmt.Errorf("store: set: %w", err)
	}
	if v == nil {
		v = []byte{} // an empty value, which Badger reads back as such
	}
	tx.remember(k, v, e.UserMeta == metaPacked)
	return nil
}

func (tx *Tx) del(k []byte) error {
	if err := tx.txn.Delete(k); err != nil {
		if errors.Is(err, badger.ErrTxnTooBig) {
			return fmt.Errorf("store: %w", ErrTooBig)
		}
		return fmt.Errorf("store: delete: %w", err)
	}
	tx.remember(k, nil, false)
	return nil
}

func (tx *Tx) addCount(k crm.Kind, d int64) error {
	n, err := getU64(tx.txn, keyCount(k))
	if err != nil {
		return err
	}
	return tx.set(keyCount(k), u64(uint64(int64(n)+d)))
}

// Count returns the number of live entities of a kind.
func (tx *Tx) Count(k crm.Kind) (int, error) {
	n, err := getU64(tx.txn, keyCount(k))
	return int(n), err
}

// changedFields returns the top-level JSON fields of newData that differ
// from oldData (all of them for a new entity), with their new values; a
// field that disappeared is present with the value null.
func changedFields(oldData, newData []byte) map[string]json.RawMessage {
	var oldF, newF map[string]json.RawMessage
	_ = unmarshal(newData, &newF)
	if oldData != nil {
		_ = unmarshal(oldData, &oldF)
	}
	out := make(map[string]json.RawMessage)
	for k, v := range newF {
		if ov, ok := oldF[k]; !ok || !bytes.Equal(ov, v) {
			out[k] = v
		}
	}
	for k := range oldF {
		if _, ok := newF[k]; !ok {
			out[k] = json.RawMessage("null")
		}
	}
	return out
}

func newEntity(k crm.Kind) crm.Entity {
	switch k {
	case crm.KindAccount:
		return &crm.Account{}
	case crm.KindContact:
		return &crm.Contact{}
	case crm.KindThread:
		return &crm.Thread{}
	case crm.KindMessage:
		return &crm.Message{}
	case crm.KindActivity:
		return &crm.Activity{}
	case crm.KindFollowUp:
		return &crm.FollowUp{}
	case crm.KindMerge:
		return &crm.Merge{}
	}
	panic("store: unknown kind " + string(k))
}

// Load returns the entity a ref names, or crm.ErrNotFound.
func (tx *Tx) Load(ref crm.Ref) (crm.Entity, error) {
	key := keyEntity(ref.Kind, ref.ID)
	item, err := tx.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("store: %s %s: %w", ref.Kind, ref.ID, crm.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get %s %s: %w", ref.Kind, ref.ID, err)
	}
	val, err := item.ValueCopy(nil)
	if err != nil {
		return nil, fmt.Errorf("store: get %s %s: %w", ref.Kind, ref.ID, err)
	}
	return tx.decodeEntity(ref, key, val, item.UserMeta() == metaPacked)
}
