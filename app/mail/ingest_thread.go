package mail

import (
	"errors"
	"maps"
	"slices"

	gojson "github.com/goccy/go-json"

	"parley/app/crm"
	"parley/app/store"
)

// maxSubjectEntries bounds the subject fallback's memory per subject; a
// larger group (a weekly "status" mail) keeps only its newest entries.
const (
	maxSubjectEntries = 64
	maxThreadPeople   = 50
)

// storeThreadState backs the Threader with the store, inside the
// import transaction. It keeps the subject lists it decoded for the rest
// of the transaction, and writes those that grew once, in flush: a batch
// touches the same subjects again and again.
type storeThreadState struct {
	tx       *store.Tx
	subjects map[string][]SubjectEntry
	dirty    map[string]bool
}

func (s storeThreadState) ThreadOf(key string) (crm.ID, bool, error) {
	id, err := s.tx.ThreadOfKey(key)
	if errors.Is(err, crm.ErrNotFound) {
		return "", false, nil
	}
	return id, err == nil, err
}

func (s storeThreadState) SetThread(key string, t crm.ID) error { return s.tx.SetThreadOfKey(key, t) }

func (s storeThreadState) MergedInto(t crm.ID) (crm.ID, bool, error) {
	id, err := s.tx.ThreadMergedInto(t)
	if errors.Is(err, crm.ErrNotFound) {
		return "", false, nil
	}
	return id, err == nil, err
}

func (s storeThreadState) SetMerged(from, into crm.ID) error { return s.tx.SetThreadMerged(from, into) }

func (s storeThreadState) SubjectEntries(subject string) ([]SubjectEntry, error) {
	if list, ok := s.subjects[subject]; ok {
		return list, nil
	}
	raw, err := s.tx.SubjectEntries(subject)
	if err != nil {
		return nil, err
	}
	var out []SubjectEntry
	if raw != nil && gojson.Unmarshal(raw, &out) != nil {
		out = nil // damaged state only costs the fallback
	}
	s.subjects[subject] = out
	return out, nil
}

func (s storeThreadState) AddSubjectEntry(subject string, e SubjectEntry) error {
	list, err := s.SubjectEntries(subject)
	if err != nil {
		return err
	}
	list = append(list[:len(list):len(list)], e)
	if len(list) > maxSubjectEntries {
		list = list[len(list)-maxSubjectEntries:]
	}
	s.subjects[subject] = list
	s.dirty[subject] = true
	return nil
}

// flush writes the subject lists that grew; the transaction calls it
// before it commits.
func (s storeThreadState) flush() error {
	for _, subject := range slices.Sorted(maps.Keys(s.dirty)) {
		raw, err := gojson.Marshal(s.subjects[subject])
		if err != nil {
			return err
		}
		if err := s.tx.PutSubjectEntries(subject, raw); err != nil {
			return err
		}
		delete(s.dirty, subject)
	}
	return nil
}

// thread puts a message in its thread with the Threader, applies the
// merges a late link caused, and updates the thread's summary.
func (w *writer) thread(m *crm.Message, tm ThreadMsg, d crm.Decision) error {
	if w.threads.tx == nil {
		w.threads = storeThreadState{tx: w.tx, subjects: map[string][]SubjectEntry{}, dirty: map[string]bool{}}
	}
	tid, merges, err := NewThreader(w.threads).Add(tm)
	if err != nil {
		return err
	}
	for _, mg := range merges {
		if err := w.mergeThread(mg.From, mg.Into); err != nil {
			return err
		}
	}
	m.ThreadID = tid
	return w.addToThread(tid, m, threadPeople(d))
}

// addToThread creates or updates the thread's summary for a new message.
func (w *writer) addToThread(tid crm.ID, m *crm.Message, people []string) error {
	t := &crm.Thread{ID: tid}
	switch err := w.tx.Get(t); {
	case errors.Is(err, crm.ErrNotFound):
		t = &crm.Thread{ID: tid, Subject: m.Subject, FirstAt: m.Date, LastAt: m.Date}
		w.stats.Threads++
	case err != nil:
		return err
	}
	t.Count++
	if m.Date < t.FirstAt || t.Count == 1 {
		t.FirstAt, t.Subject = m.Date, m.Subject
	}
	t.LastAt = max(t.LastAt, m.Date)
	if m.History {
		t.History = true
		for _, a := range m.AccountIDs {
			t.AccountIDs = appendID(t.AccountIDs, a)
		}
	}
	t.Participants = mergePeople(t.Participants, people)
	_, err := w.tx.Put(t, w.g.cfg.Author)
	return err
}

// mergeThread moves every message of thread from into thread into (which
// may not exist yet: a new message can link two older threads under its
// own root) and marks from as merged.
func (w *writer) mergeThread(from, into crm.ID) error {
	ft := &crm.Thread{ID: from}
	switch err := w.tx.Get(ft); {
	case errors.Is(err, crm.ErrNotFound):
		return nil // only named, never stored: nothing to move
	case err != nil:
		return err
	}
	it := &crm.Thread{ID: into}
	switch err := w.tx.Get(it); {
	case errors.Is(err, crm.ErrNotFound):
		it = &crm.Thread{ID: into, Subject: ft.Subject, FirstAt: ft.FirstAt, LastAt: ft.LastAt}
	case err != nil:
		return err
	default:
		if ft.FirstAt < it.FirstAt {
			it.FirstAt, it.Subject = ft.FirstAt, ft.Subject
		}
		it.LastAt = max(it.LastAt, ft.LastAt)
	}
	msgs, err := w.tx.ThreadMessages(from)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		m.ThreadID = into
		if _, err := w.tx.Put(m, w.g.cfg.Author); err != nil {
			return err
		}
	}
	it.Count += ft.Count
	it.History = it.History || ft.History
	for _, a := range ft.AccountIDs {
		it.AccountIDs = appendID(it.AccountIDs, a)
	}
	it.Participants = mergePeople(it.Participants, ft.Participants)
	if _, err := w.tx.Put(it, w.g.cfg.Author); err != nil {
		return err
	}
	ft.MergedInto = into
	_, err = w.tx.Put(ft, w.g.cfg.Author)
	return err
}

// threadPeople are the participants that tie a conversation together:
// not me (I am in every thread) and not list or robot addresses.
func threadPeople(d crm.Decision) []string {
	var out []string
	for _, p := range d.Participants {
		if p.Class == crm.ClassMe || p.Class == crm.ClassAutomated {
			continue
		}
		out = append(out, p.Address.Address)
	}
	return out
}

func mergePeople(have, add []string) []string {
	for _, a := range add {
		if len(have) >= maxThreadPeople {
			break
		}
		dup := false
		for _, h := range have {
			if h == a {
				dup = true
				break
			}
		}
		if !dup {
			have = append(have, a)
		}
	}
	return have
}
