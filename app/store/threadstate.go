package store

import (
	"encoding/binary"

	"parley/app/crm"
)

// Threading state: derived from the mail itself, so written without ops;
// every device that imports the same mail derives the same state.

// ThreadOfKey returns the thread a message key (its normalised Message-ID,
// seen or only named as an ancestor) belongs to, or crm.ErrNotFound.
func (tx *Tx) ThreadOfKey(key string) (crm.ID, error) {
	return tx.lookupID(keyMsgID(crm.MessageIDFor(key)))
}

// SetThreadOfKey records the thread of a message key.
func (tx *Tx) SetThreadOfKey(key string, thread crm.ID) error {
	return tx.set(keyMsgID(crm.MessageIDFor(key)), []byte(thread))
}

// ThreadMergedInto returns the thread a merged-away thread joined, or
// crm.ErrNotFound.
func (tx *Tx) ThreadMergedInto(thread crm.ID) (crm.ID, error) {
	return tx.lookupID(keyTMerge(thread))
}

// SetThreadMerged records that thread from joined thread into.
func (tx *Tx) SetThreadMerged(from, into crm.ID) error {
	return tx.set(keyTMerge(from), []byte(into))
}

// The subject fallback's index has two parts (see mail.Threader). Loose
// entries, of messages with no references but a reply prefix, can join
// any message of their subject: they are few, kept as one short list per
// subject and read with every message of it. Every other message gets an
// entry of its own, keyed by subject and date: it is written once and
// read only when a loose message needs the subject's recent messages.

// LooseSubjectEntries returns the raw list of a normalised subject's loose
// entries (nil when none).
func (tx *Tx) LooseSubjectEntries(normalizedSubject string) ([]byte, error) {
	return tx.get(keyLooseSubject(crm.SubjectKeyFor(normalizedSubject)))
}

// PutLooseSubjectEntries replaces the list of a subject's loose entries.
func (tx *Tx) PutLooseSubjectEntries(normalizedSubject string, raw []byte) error {
	return tx.set(keyLooseSubject(crm.SubjectKeyFor(normalizedSubject)), raw)
}

// PutSubjectEntry records one message under its subject and date (Unix
// ms). The same message (same key) written again replaces its entry.
func (tx *Tx) PutSubjectEntry(normalizedSubject string, date int64, messageKey string, raw []byte) error {
	return tx.set(keySubjectEntry(crm.SubjectKeyFor(normalizedSubject), date, messageKey), raw)
}

// SubjectEntriesBetween calls fn with the raw entries of a subject dated
// from..to (Unix ms, inclusive), oldest first, at most limit of them.
func (tx *Tx) SubjectEntriesBetween(normalizedSubject string, from, to int64, limit int, fn func(raw []byte) error) error {
	prefix := keySubjectEntries(crm.SubjectKeyFor(normalizedSubject))
	start := append(append([]byte(nil), prefix...), i64(from)...)
	it := tx.iterate(prefix, start)
	defer it.Close()
	for ; it.Valid() && limit > 0; it.Next() {
		k := it.Key()[len(prefix):]
		if len(k) < 8 || int64(binary.BigEndian.Uint64(k[:8])^(1<<63)) > to {
			return nil
		}
		v, err := it.Value()
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
		limit--
	}
	return nil
}

// TakeLegacySubjectEntries returns and deletes the subject list an older
// version kept (every entry of a subject in one value), nil when none:
// the caller files its entries in the current layout.
func (tx *Tx) TakeLegacySubjectEntries(normalizedSubject string) ([]byte, error) {
	if !tx.st.legacySubjects.Load() {
		return nil, nil
	}
	k := keyLegacySubject(crm.SubjectKeyFor(normalizedSubject))
	raw, err := tx.get(k)
	if raw == nil || err != nil {
		return nil, err
	}
	return raw, tx.del(k)
}

// WriteLegacySubjectList writes a subject list in the layout older versions
// kept; tests of the upgrade path use it. The store notices such lists when
// it opens.
func WriteLegacySubjectList(tx *Tx, normalizedSubject string, raw []byte) error {
	return tx.set(keyLegacySubject(crm.SubjectKeyFor(normalizedSubject)), raw)
}
