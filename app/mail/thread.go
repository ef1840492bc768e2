package mail

import (
	"fmt"
	"time"

	"parley/app/crm"
)

// SubjectWindow is how far apart in time two messages may be and still be
// joined by the subject fallback.
const SubjectWindow = 30 * 24 * time.Hour

// maxAncestors bounds the ancestors kept from one message: a hostile
// References field can name thousands of ids, each a state lookup.
const maxAncestors = 100

// Ancestors returns the Message-IDs a message names as its ancestors,
// oldest first: References in order, then In-Reply-To when References does
// not already hold it. Ids are normalised; malformed ids, repeats (a
// cycle inside one message's list) and the message's own id are dropped.
// Of a longer list, the first (the root) and the last 99 (the nearest
// parents) are kept, as mail clients trim References.
func Ancestors(own string, references []string, inReplyTo string) []string {
	own = normalizeMsgID(own)
	out := make([]string, 0, min(len(references)+1, 2*maxAncestors))
	var seen map[string]bool
	if len(references) > 16 {
		seen = make(map[string]bool, len(references))
	}
	add := func(id string) {
		id = normalizeMsgID(id)
		if id == "" || id == own {
			return
		}
		if seen != nil {
			if seen[id] {
				return
			}
			seen[id] = true
		} else {
			for _, x := range out {
				if x == id {
					return
				}
			}
		}
		out = append(out, id)
	}
	for _, r := range references {
		add(r)
	}
	add(inReplyTo)
	if len(out) > maxAncestors {
		out = append(out[:1], out[len(out)-(maxAncestors-1):]...)
	}
	return out
}

// RootCandidate returns the Message-ID a message's thread id derives from:
// its first ancestor, else its own id.
func RootCandidate(own string, references []string, inReplyTo string) string {
	if a := Ancestors(own, references, inReplyTo); len(a) > 0 {
		return a[0]
	}
	return normalizeMsgID(own)
}

// maxThreadParticipants bounds the addresses the subject fallback compares
// (author first): enough for any conversation, and it keeps a message
// with thousands of recipients from costing quadratic time.
const maxThreadParticipants = 50

// ThreadMsg is what the Threader needs from one message.
type ThreadMsg struct {
	// Key is the normalised Message-ID, or ContentKey(id) for a message
	// without one.
	Key        string
	References []string
	InReplyTo  string
	Subject    string
	// Participants are the normalised addresses of author, To and Cc,
	// without the list's own address.
	Participants []string
	Date         time.Time
}

// ContentKey is the threading key of a message without a Message-ID.
func ContentKey(id crm.ID) string { return "content:" + string(id) }

// ThreadKey returns the message's threading key: its Message-ID, else
// ContentKey of its content-derived id.
func (p *Parsed) ThreadKey() string {
	if p.MessageID != "" {
		return p.MessageID
	}
	return ContentKey(p.ID())
}

// Ancestors returns the message's ancestor Message-IDs, oldest first (see
// the function Ancestors).
func (p *Parsed) Ancestors() []string { return Ancestors(p.ThreadKey(), p.References, p.InReplyTo) }

// RootCandidate returns the Message-ID the message's natural thread id
// derives from: crm.ThreadIDFor(p.RootCandidate()).
func (p *Parsed) RootCandidate() string {
	if a := p.Ancestors(); len(a) > 0 {
		return a[0]
	}
	return p.ThreadKey()
}

// ThreadMsg returns the message's threading input.
func (p *Parsed) ThreadMsg() ThreadMsg {
	key := p.ThreadKey()
	list := p.ListAddress()
	var parts []string
	add := func(a string) {
		if a == "" || a == list || len(parts) >= maxThreadParticipants {
			return
		}
		for _, x := range parts {
			if x == a {
				return
			}
		}
		parts = append(parts, a)
	}
	add(p.Author().Address)
	for _, a := range p.To {
		add(a.Address)
	}
	for _, a := range p.Cc {
		add(a.Address)
	}
	return ThreadMsg{Key: key, References: p.References, InReplyTo: p.InReplyTo, Subject: p.Subject, Participants: parts, Date: p.Date}
}

// Merge says that thread From joined thread Into: the caller re-points
// From's messages and records a crm.Merge.
type Merge struct {
	From crm.ID
	Into crm.ID
}

// Threader assigns thread ids to a stream of messages in any order. A
// thread's id is crm.ThreadIDFor its root candidate; when a late message
// links two threads, the smaller id survives (crm.SurvivorOf), so the final
// partition and ids do not depend on arrival order: each connected group
// of messages ends with the smallest natural id among its members. The one
// exception is a subject group larger than the state keeps entries for.
//
// A Threader keeps no state of its own; it is not safe for concurrent use
// (one importer goroutine calls it, inside its store transaction).
type Threader struct {
	st ThreadState
}

// NewThreader returns a Threader over st.
func NewThreader(st ThreadState) *Threader { return &Threader{st: st} }

// Add threads one message and returns its thread id and the merges it
// caused. Adding the same message again returns the same thread and no
// merges. An error comes from the state or, wrapping crm.ErrInvalid, from a
// message without a key.
func (t *Threader) Add(m ThreadMsg) (crm.ID, []Merge, error) {
	if m.Key == "" {
		return "", nil, fmt.Errorf("thread: message without key: %w", crm.ErrInvalid)
	}
	anc := Ancestors(m.Key, m.References, m.InReplyTo)
	root := m.Key
	if len(anc) > 0 {
		root = anc[0]
	}
	survivor := crm.ThreadIDFor(root)
	var existing []crm.ID
	note := func(id crm.ID) {
		for _, x := range existing {
			if x == id {
				return
			}
		}
		existing = append(existing, id)
		survivor = crm.SurvivorOf(survivor, id)
	}
	keys := append([]string{m.Key}, anc...)
	for _, k := range keys {
		id, ok, err := t.threadOf(k)
		if err != nil {
			return "", nil, err
		}
		if ok {
			note(id)
		}
	}
	if err := t.subjectLinks(m, len(anc) == 0, note); err != nil {
		return "", nil, err
	}

	var merges []Merge
	for _, id := range existing {
		if id == survivor {
			continue
		}
		if err := t.st.SetMerged(id, survivor); err != nil {
			return "", nil, fmt.Errorf("thread: merge: %w", err)
		}
		merges = append(merges, Merge{From: id, Into: survivor})
	}
	for _, k := range keys {
		cur, ok, err := t.st.ThreadOf(k)
		if err != nil {
			return "", nil, fmt.Errorf("thread: lookup: %w", err)
		}
		if !ok || cur != survivor {
			if err := t.st.SetThread(k, survivor); err != nil {
				return "", nil, fmt.Errorf("thread: set: %w", err)
			}
		}
	}
	return survivor, merges, nil
}

// subjectLinks finds threads the subject fallback joins m to and adds m to
// the subject index. Two messages are joined when they share a normalised
// subject, a participant and a 30-day window, and one of them has no
// references but a reply prefix ("Re: x" whose client dropped the
// headers). The rule is symmetric, which keeps threading order-independent.
func (t *Threader) subjectLinks(m ThreadMsg, noRefs bool, note func(crm.ID)) error {
	subject := crm.NormalizeSubject(m.Subject)
	if subject == "" || m.Date.IsZero() || len(m.Participants) == 0 {
		return nil
	}
	me := SubjectEntry{Key: m.Key, Participants: m.Participants, Date: m.Date.UnixMilli(),
		NoRefs: noRefs, ReplySubject: crm.HasReplyPrefix(m.Subject)}
	var entries []SubjectEntry
	var err error
	if me.Loose() {
		w := SubjectWindow.Milliseconds()
		entries, err = t.st.SubjectEntries(subject, me.Date-w, me.Date+w)
	} else {
		entries, err = t.st.LooseEntries(subject)
	}
	if err != nil {
		return fmt.Errorf("thread: subject entries: %w", err)
	}
	seen := false
	for _, e := range entries {
		if e.Key == m.Key {
			seen = true
			continue
		}
		if !subjectJoins(me, e) {
			continue
		}
		id, ok, err := t.threadOf(e.Key)
		if err != nil {
			return err
		}
		if ok {
			note(id)
		}
	}
	if seen {
		return nil
	}
	if err := t.st.AddSubjectEntry(subject, me); err != nil {
		return fmt.Errorf("thread: add subject entry: %w", err)
	}
	return nil
}

func subjectJoins(a, b SubjectEntry) bool {
	if !a.Loose() && !b.Loose() {
		return false
	}
	d := a.Date - b.Date
	if d < 0 {
		d = -d
	}
	if d > SubjectWindow.Milliseconds() {
		return false
	}
	for _, x := range a.Participants {
		for _, y := range b.Participants {
			if x == y {
				return true
			}
		}
	}
	return false
}

// threadOf returns the live thread of a key, following merges.
func (t *Threader) threadOf(key string) (crm.ID, bool, error) {
	id, ok, err := t.st.ThreadOf(key)
	if err != nil {
		return "", false, fmt.Errorf("thread: lookup: %w", err)
	}
	if !ok {
		return "", false, nil
	}
	id, err = t.Resolve(id)
	return id, true, err
}

// Resolve follows merges from a thread id to the thread that survives.
func (t *Threader) Resolve(id crm.ID) (crm.ID, error) {
	for range 1000 {
		into, ok, err := t.st.MergedInto(id)
		if err != nil {
			return "", fmt.Errorf("thread: resolve: %w", err)
		}
		if !ok || into == id {
			return id, nil
		}
		id = into
	}
	return "", fmt.Errorf("thread: resolve %s: merge chain too long: %w", id, crm.ErrConflict)
}

// ThreadOf returns the live thread of a message key.
func (t *Threader) ThreadOf(key string) (crm.ID, bool, error) { return t.threadOf(key) }
