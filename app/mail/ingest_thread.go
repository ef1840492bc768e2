package mail

import (
	"errors"
	"sort"

	"parley/app/crm"
)

const (
	subjectWindowMs     = 30 * 24 * 3600 * 1000 // subject fallback joins within 30 days
	maxThreadPeople     = 50
	maxThreadMergeDepth = 64
)

// thread puts a message in its thread, persistently: every Message-ID seen
// or referenced maps to a thread, so a message finds its thread whatever
// order mail arrives in, and a late message that links two threads merges
// them (the smaller id survives, as on every device).
func (w *writer) thread(m *crm.Message, d crm.Decision) error {
	ancestors := ancestorIDs(m)
	keys := ancestors
	if m.MessageID != "" {
		keys = append([]string{m.MessageID}, ancestors...)
	}
	found := map[crm.ID]bool{}
	for _, k := range keys {
		tid, err := w.tx.ThreadOfMessageID(crm.MessageIDFor(k))
		if errors.Is(err, crm.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		t, err := w.resolveThread(tid)
		if err != nil {
			return err
		}
		if t != nil {
			found[t.ID] = true
		}
	}
	people := threadPeople(d)
	var tid crm.ID
	switch {
	case len(found) > 0:
		ids := make([]crm.ID, 0, len(found))
		for id := range found {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		tid = ids[0]
		for _, loser := range ids[1:] {
			if err := w.mergeThread(loser, tid); err != nil {
				return err
			}
		}
	case len(ancestors) == 0:
		t, err := w.subjectMatch(m, people)
		if err != nil {
			return err
		}
		if t != "" {
			tid = t
			break
		}
		fallthrough
	default:
		root := m.MessageID
		if len(ancestors) > 0 {
			root = ancestors[0]
		}
		if root == "" {
			root = string(m.ID)
		}
		tid = crm.ThreadIDFor(root)
		if t, err := w.resolveThread(tid); err != nil {
			return err
		} else if t != nil {
			tid = t.ID
		}
	}
	m.ThreadID = tid
	for _, k := range keys {
		if err := w.tx.SetThreadOfMessageID(crm.MessageIDFor(k), tid); err != nil {
			return err
		}
	}
	return w.addToThread(tid, m, people)
}

// resolveThread follows merges to the live thread; nil when none exists.
func (w *writer) resolveThread(id crm.ID) (*crm.Thread, error) {
	for range maxThreadMergeDepth {
		t := &crm.Thread{ID: id}
		err := w.tx.Get(t)
		if errors.Is(err, crm.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if t.MergedInto == "" {
			return t, nil
		}
		id = t.MergedInto
	}
	return nil, errors.New("mail: thread merge chain too long")
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
	t.SubjectKey = crm.SubjectKeyFor(crm.NormalizeSubject(t.Subject))
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

// mergeThread moves every message of loser into survivor.
func (w *writer) mergeThread(loser, survivor crm.ID) error {
	lt := &crm.Thread{ID: loser}
	if err := w.tx.Get(lt); err != nil {
		return err
	}
	st := &crm.Thread{ID: survivor}
	if err := w.tx.Get(st); err != nil {
		return err
	}
	msgs, err := w.tx.ThreadMessages(loser)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		m.ThreadID = survivor
		if _, err := w.tx.Put(m, w.g.cfg.Author); err != nil {
			return err
		}
	}
	st.Count += lt.Count
	if lt.FirstAt < st.FirstAt {
		st.FirstAt, st.Subject = lt.FirstAt, lt.Subject
		st.SubjectKey = lt.SubjectKey
	}
	st.LastAt = max(st.LastAt, lt.LastAt)
	st.History = st.History || lt.History
	for _, a := range lt.AccountIDs {
		st.AccountIDs = appendID(st.AccountIDs, a)
	}
	st.Participants = mergePeople(st.Participants, lt.Participants)
	if _, err := w.tx.Put(st, w.g.cfg.Author); err != nil {
		return err
	}
	lt.MergedInto = survivor
	_, err = w.tx.Put(lt, w.g.cfg.Author)
	return err
}

// subjectMatch finds a thread for a message without references: same
// normalised subject, a shared participant, within 30 days, and one side
// a reply ("Re: ...") so two separate conversations on one subject stay apart.
func (w *writer) subjectMatch(m *crm.Message, people []string) (crm.ID, error) {
	norm := crm.NormalizeSubject(m.Subject)
	key := crm.SubjectKeyFor(norm)
	if key == "" || len(people) == 0 {
		return "", nil
	}
	ids, err := w.tx.ThreadsBySubject(key)
	if err != nil {
		return "", err
	}
	reply := crm.HasReplyPrefix(m.Subject)
	best := crm.ID("")
	for _, id := range ids {
		t := &crm.Thread{ID: id}
		if err := w.tx.Get(t); err != nil {
			continue
		}
		if !reply && !crm.HasReplyPrefix(t.Subject) {
			continue
		}
		if m.Date < t.FirstAt-subjectWindowMs || m.Date > t.LastAt+subjectWindowMs {
			continue
		}
		if !overlaps(t.Participants, people) {
			continue
		}
		if best == "" || id < best {
			best = id
		}
	}
	return best, nil
}

// ancestorIDs returns the Message-IDs a message descends from, root first:
// References, then In-Reply-To, without duplicates or the message itself.
func ancestorIDs(m *crm.Message) []string {
	var out []string
	seen := map[string]bool{m.MessageID: true, "": true}
	for _, r := range append(append([]string{}, m.References...), m.InReplyTo) {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
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

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
