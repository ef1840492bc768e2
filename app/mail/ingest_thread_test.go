package mail

import (
	"context"
	"testing"

	gojson "github.com/goccy/go-json"

	"parley/app/crm"
	"parley/app/store"
)

// storeThreads threads messages over the store's state, each call in a
// transaction of its own, as import batches are.
type storeThreads struct {
	t  *testing.T
	st *store.Store
}

func (s storeThreads) add(msgs ...ThreadMsg) {
	s.t.Helper()
	err := s.st.Update(context.Background(), func(tx *store.Tx) error {
		state := storeThreadState{tx: tx, loose: map[string][]SubjectEntry{}, dirty: map[string]bool{}}
		th := NewThreader(state)
		for _, m := range msgs {
			if _, _, err := th.Add(m); err != nil {
				return err
			}
		}
		return state.flush()
	})
	if err != nil {
		s.t.Fatal(err)
	}
}

func (s storeThreads) threadOf(key string) crm.ID {
	s.t.Helper()
	var id crm.ID
	err := s.st.View(context.Background(), func(tx *store.Tx) error {
		th := NewThreader(storeThreadState{tx: tx, loose: map[string][]SubjectEntry{}, dirty: map[string]bool{}})
		var ok bool
		var err error
		id, ok, err = th.ThreadOf(key)
		if err == nil && !ok {
			s.t.Fatalf("no thread for %s", key)
		}
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return id
}

// The store's subject index gives the fallback's answers across
// transactions, in either order, and filing a message twice changes
// nothing.
func TestStoreThreadStateSubjectFallback(t *testing.T) {
	orig, cases := subjectCases()
	for _, tt := range cases {
		for _, reversed := range []bool{false, true} {
			s := storeThreads{t: t, st: openTestStore(t)}
			first, second := orig, tt.m
			if reversed {
				first, second = second, first
			}
			s.add(first)
			s.add(second, first)
			s.add(second)
			if joined := s.threadOf("o@x") == s.threadOf("r@x"); joined != tt.join {
				t.Errorf("%s (reversed=%v): joined=%v, want %v", tt.name, reversed, joined, tt.join)
			}
		}
	}
}

// Subject lists an older version wrote (every message of a subject in one
// list) still answer the fallback after the upgrade.
func TestStoreThreadStateReadsLegacyLists(t *testing.T) {
	orig, cases := subjectCases()
	reply := cases[0].m // loose: joins orig
	for _, legacyFirst := range []ThreadMsg{orig, reply} {
		ctx := context.Background()
		dir, key := t.TempDir(), make([]byte, 32)
		open := func() *store.Store {
			st, err := store.Open(ctx, store.Options{Dir: dir, Key: key, NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		st := open()
		entry := SubjectEntry{Key: legacyFirst.Key, Participants: legacyFirst.Participants, Date: legacyFirst.Date.UnixMilli(),
			NoRefs: true, ReplySubject: crm.HasReplyPrefix(legacyFirst.Subject)}
		raw, _ := gojson.Marshal([]SubjectEntry{entry})
		err := st.Update(ctx, func(tx *store.Tx) error {
			if err := tx.SetThreadOfKey(legacyFirst.Key, crm.ThreadIDFor(legacyFirst.Key)); err != nil {
				return err
			}
			return store.WriteLegacySubjectList(tx, crm.NormalizeSubject(legacyFirst.Subject), raw)
		})
		if err != nil {
			t.Fatal(err)
		}
		st.Close(ctx)
		st = open() // the store notices older lists when it opens
		defer st.Close(ctx)
		s := storeThreads{t: t, st: st}
		other := reply
		if legacyFirst.Key == reply.Key {
			other = orig
		}
		s.add(other)
		if s.threadOf("o@x") != s.threadOf("r@x") {
			t.Errorf("%s from an older version's list: the new message did not join it", legacyFirst.Key)
		}
	}
}
