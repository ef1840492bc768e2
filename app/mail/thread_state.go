package mail

import "parley/app/crm"

// ThreadState is the memory of a Threader: which thread each Message-ID
// (seen, or only named as an ancestor) belongs to, which threads were
// merged into which, and the subject index of the fallback. The store
// implements it inside its import transaction; MemoryThreadState is the
// in-memory one for tests and one-shot runs. Errors are the backend's.
type ThreadState interface {
	ThreadOf(msgID string) (crm.ID, bool, error)
	SetThread(msgID string, t crm.ID) error
	// MergedInto returns the thread a merged-away thread joined.
	MergedInto(t crm.ID) (crm.ID, bool, error)
	SetMerged(from, into crm.ID) error
	// LooseEntries returns the entries of a normalised subject's loose
	// messages (SubjectEntry.Loose), the only ones a message with
	// references can join by subject. SubjectEntries returns the entries of
	// every message of the subject dated from..to (Unix ms), which a loose
	// message may join. An implementation may keep or read only some of a
	// very large subject group, which costs order independence there.
	LooseEntries(subject string) ([]SubjectEntry, error)
	SubjectEntries(subject string, from, to int64) ([]SubjectEntry, error)
	// AddSubjectEntry files a message under its subject; filing the same
	// message (the same Key) again changes nothing.
	AddSubjectEntry(subject string, e SubjectEntry) error
}

// SubjectEntry is one message in the subject fallback's index.
type SubjectEntry struct {
	Key          string   `json:"key"`
	Participants []string `json:"participants"`
	Date         int64    `json:"date"` // Unix ms
	NoRefs       bool     `json:"noRefs,omitempty"`
	ReplySubject bool     `json:"replySubject,omitempty"`
}

// Loose says whether the message has no references but a reply prefix
// ("Re: x" whose client dropped the headers): only such a message joins
// others by subject.
func (e SubjectEntry) Loose() bool { return e.NoRefs && e.ReplySubject }

// MemoryThreadState is a ThreadState in maps. Not safe for concurrent use.
type MemoryThreadState struct {
	threads  map[string]crm.ID
	merged   map[crm.ID]crm.ID
	subjects map[string][]SubjectEntry
}

// NewMemoryThreadState returns an empty in-memory state.
func NewMemoryThreadState() *MemoryThreadState {
	return &MemoryThreadState{
		threads:  map[string]crm.ID{},
		merged:   map[crm.ID]crm.ID{},
		subjects: map[string][]SubjectEntry{},
	}
}

func (m *MemoryThreadState) ThreadOf(msgID string) (crm.ID, bool, error) {
	t, ok := m.threads[msgID]
	return t, ok, nil
}

func (m *MemoryThreadState) SetThread(msgID string, t crm.ID) error {
	m.threads[msgID] = t
	return nil
}

func (m *MemoryThreadState) MergedInto(t crm.ID) (crm.ID, bool, error) {
	into, ok := m.merged[t]
	return into, ok, nil
}

func (m *MemoryThreadState) SetMerged(from, into crm.ID) error {
	m.merged[from] = into
	return nil
}

func (m *MemoryThreadState) LooseEntries(subject string) ([]SubjectEntry, error) {
	var out []SubjectEntry
	for _, e := range m.subjects[subject] {
		if e.Loose() {
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *MemoryThreadState) SubjectEntries(subject string, from, to int64) ([]SubjectEntry, error) {
	var out []SubjectEntry
	for _, e := range m.subjects[subject] {
		if e.Date >= from && e.Date <= to {
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *MemoryThreadState) AddSubjectEntry(subject string, e SubjectEntry) error {
	for _, x := range m.subjects[subject] {
		if x.Key == e.Key {
			return nil
		}
	}
	m.subjects[subject] = append(m.subjects[subject], e)
	return nil
}
