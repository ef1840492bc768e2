package mail

import (
	"errors"
	"maps"
	"slices"

	gojson "github.com/goccy/go-json"

	"parley/app/crm"
	"parley/app/store"
)

// maxLooseEntries bounds the loose entries kept per subject, and
// maxSubjectScan the entries a loose message reads of its subject: a
// larger group (a weekly "status" mail) keeps or reads only some.
const (
	maxLooseEntries = 64
	maxSubjectScan  = 1024
	maxThreadPeople = 50
)

// storeThreadState backs the Threader with the store, inside the import
// transaction. It keeps the loose lists it decoded for the rest of the
// transaction and writes those that grew once, in flush: a batch touches
// the same subjects again and again. Every other message's entry is
// written once, on its own.
type storeThreadState struct {
	tx    *store.Tx
	loose map[string][]SubjectEntry
	dirty map[string]bool
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

func (s storeThreadState) LooseEntries(subject string) ([]SubjectEntry, error) {
	if list, ok := s.loose[subject]; ok {
		return list, nil
	}
	raw, err := s.tx.LooseSubjectEntries(subject)
	if err != nil {
		return nil, err
	}
	var list []SubjectEntry
	if raw != nil && gojson.Unmarshal(raw, &list) != nil {
		list = nil // damaged state only costs the fallback
	}
	s.loose[subject] = list
	if err := s.fileLegacy(subject); err != nil {
		return nil, err
	}
	return s.loose[subject], nil
}

// fileLegacy moves a subject's list of an older version's layout, if
// there is one, into the current one.
func (s storeThreadState) fileLegacy(subject string) error {
	raw, err := s.tx.TakeLegacySubjectEntries(subject)
	if raw == nil || err != nil {
		return err
	}
	var old []SubjectEntry
	if gojson.Unmarshal(raw, &old) != nil {
		return nil
	}
	for _, e := range old {
		if err := s.AddSubjectEntry(subject, e); err != nil {
			return err
		}
	}
	return nil
}

func (s storeThreadState) SubjectEntries(subject string, from, to int64) ([]SubjectEntry, error) {
	loose, err := s.LooseEntries(subject)
	if err != nil {
		return nil, err
	}
	var out []SubjectEntry
	for _, e := range loose {
		if e.Date >= from && e.Date <= to {
			out = append(out, e)
		}
	}
	err = s.tx.SubjectEntriesBetween(subject, from, to, maxSubjectScan, func(raw []byte) error {
		var e SubjectEntry
		if gojson.Unmarshal(raw, &e) == nil {
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

func (s storeThreadState) AddSubjectEntry(subject string, e SubjectEntry) error {
	if !e.Loose() {
		raw, err := gojson.Marshal(e)
		if err != nil {
			return err
		}
		return s.tx.PutSubjectEntry(subject, e.Date, e.Key, raw)
	}
	list, err := s.LooseEntries(subject)
	if err != nil {
		return err
	}
	for _, x := range list {
		if x.Key == e.Key {
			return nil
		}
	}
	list = append(list[:len(list):len(list)], e)
	if len(list) > maxLooseEntries {
		list = list[len(list)-maxLooseEntries:]
	}
	s.loose[subject] = list
	s.dirty[subject] = true
	return nil
}

// flush writes the loose lists that grew; the transaction calls it before
// it commits.
func (s storeThreadState) flush() error {
	for _, subject := range slices.Sorted(maps.Keys(s.dirty)) {
		raw, err := gojson.Marshal(s.loose[subject])
		if err != nil {
			return err
		}
		if err := s.tx.PutLooseSubjectEntries(subject, raw); err != nil {
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
		w.threads = storeThreadState{tx: w.tx, loose: map[string][]SubjectEntry{}, dirty: map[string]bool{}}
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
