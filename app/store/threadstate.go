package store

import "parley/app/crm"

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

// SubjectEntries returns the raw subject-fallback entries under a
// normalised subject (nil when none).
func (tx *Tx) SubjectEntries(normalizedSubject string) ([]byte, error) {
	return tx.get(keySubject(crm.SubjectKeyFor(normalizedSubject)))
}

// PutSubjectEntries replaces the subject-fallback entries of a subject.
func (tx *Tx) PutSubjectEntries(normalizedSubject string, raw []byte) error {
	return tx.set(keySubject(crm.SubjectKeyFor(normalizedSubject)), raw)
}
