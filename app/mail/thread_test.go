package mail

import (
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"parley/app/crm"
)

func TestAncestors(t *testing.T) {
	tests := []struct {
		name string
		own  string
		refs []string
		irt  string
		want []string
	}{
		{"none", "a@x", nil, "", []string{}},
		{"in-reply-to only", "b@x", nil, "a@x", []string{"a@x"}},
		{"references then in-reply-to", "d@x", []string{"a@x", "b@x"}, "c@x", []string{"a@x", "b@x", "c@x"}},
		{"in-reply-to already referenced", "c@x", []string{"a@x", "b@x"}, "b@x", []string{"a@x", "b@x"}},
		{"self and repeats removed", "c@x", []string{"a@x", "c@x", "a@x", "<b@X>"}, "c@x", []string{"a@x", "b@x"}},
		{"malformed dropped", "c@x", []string{"", "bad id@x", "<>", "a@x"}, "has space", []string{"a@x"}},
		{"domain case ignored", "c@x", []string{"a@EXAMPLE.com"}, "<a@example.com>", []string{"a@example.com"}},
	}
	for _, tt := range tests {
		got := Ancestors(tt.own, tt.refs, tt.irt)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Ancestors = %v, want %v", tt.name, got, tt.want)
		}
	}
	if r := RootCandidate("c@x", []string{"a@x", "b@x"}, "b@x"); r != "a@x" {
		t.Errorf("root candidate %q, want the first reference", r)
	}
	if r := RootCandidate("c@x", nil, "b@x"); r != "b@x" {
		t.Errorf("root candidate %q, want In-Reply-To", r)
	}
	if r := RootCandidate("<c@X>", nil, ""); r != "c@x" {
		t.Errorf("root candidate %q, want own id", r)
	}
}

func addAll(t *testing.T, th *Threader, msgs ...ThreadMsg) {
	t.Helper()
	for _, m := range msgs {
		if _, _, err := th.Add(m); err != nil {
			t.Fatal(err)
		}
	}
}

func threadOf(t testing.TB, th *Threader, key string) crm.ID {
	t.Helper()
	id, ok, err := th.ThreadOf(key)
	if err != nil || !ok {
		t.Fatalf("no thread for %s: %v", key, err)
	}
	return id
}

func TestThreaderLateLinkMergesAndSmallerSurvives(t *testing.T) {
	th := NewThreader(NewMemoryThreadState())
	// C names only its parent B; A arrives alone; B links them late.
	c := ThreadMsg{Key: "c@x", InReplyTo: "b@x"}
	a := ThreadMsg{Key: "a@x"}
	b := ThreadMsg{Key: "b@x", References: []string{"a@x"}, InReplyTo: "a@x"}
	tc, _, _ := th.Add(c)
	ta, _, _ := th.Add(a)
	if tc != crm.ThreadIDFor("b@x") || ta != crm.ThreadIDFor("a@x") {
		t.Fatalf("natural ids: c %s a %s", tc, ta)
	}
	tb, merges, err := th.Add(b)
	if err != nil {
		t.Fatal(err)
	}
	want := crm.SurvivorOf(crm.ThreadIDFor("a@x"), crm.ThreadIDFor("b@x"))
	loser := crm.ThreadIDFor("a@x")
	if want == loser {
		loser = crm.ThreadIDFor("b@x")
	}
	if tb != want {
		t.Fatalf("b in %s, want the survivor %s", tb, want)
	}
	if !reflect.DeepEqual(merges, []Merge{{From: loser, Into: want}}) {
		t.Fatalf("merges %v, want %s into %s", merges, loser, want)
	}
	for _, k := range []string{"a@x", "b@x", "c@x"} {
		if got := threadOf(t, th, k); got != want {
			t.Fatalf("%s in %s, want %s", k, got, want)
		}
	}
	// Adding again changes nothing.
	again, merges, _ := th.Add(c)
	if again != want || len(merges) != 0 {
		t.Fatalf("re-adding c: %s %v", again, merges)
	}
}

func TestThreaderSiblingsShareAMissingParent(t *testing.T) {
	th := NewThreader(NewMemoryThreadState())
	addAll(t, th,
		ThreadMsg{Key: "r1@x", References: []string{"root@x", "gone@x"}},
		ThreadMsg{Key: "r2@x", InReplyTo: "root@x"},
		ThreadMsg{Key: "other@x"},
	)
	if threadOf(t, th, "r1@x") != threadOf(t, th, "r2@x") {
		t.Fatal("replies to the same absent root are in different threads")
	}
	if threadOf(t, th, "r1@x") != crm.ThreadIDFor("root@x") {
		t.Fatal("thread id is not derived from the root")
	}
	if threadOf(t, th, "other@x") == threadOf(t, th, "r1@x") {
		t.Fatal("an unrelated message joined")
	}
}

// subjectCase is one case of the subject fallback: does m join orig?
type subjectCase struct {
	name string
	m    ThreadMsg
	join bool
}

// subjectCases returns the subject fallback's cases, around an original
// message with no reply prefix (key "o@x"; the others are "r@x").
func subjectCases() (orig ThreadMsg, cases []subjectCase) {
	day := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	orig = ThreadMsg{Key: "o@x", Subject: "Quote for 20 radios", Participants: []string{"jane@acme.com", "rep@me.com"}, Date: day}
	return orig, []subjectCase{
		{"reply whose client dropped the headers", ThreadMsg{Key: "r@x", Subject: "RE: [acme] Quote for 20  radios", Participants: []string{"rep@me.com", "jane@acme.com"}, Date: day.Add(48 * time.Hour)}, true},
		{"reply a month earlier", ThreadMsg{Key: "r@x", Subject: "Re: Quote for 20 radios", Participants: []string{"jane@acme.com"}, Date: day.Add(-29 * 24 * time.Hour)}, true},
		{"same subject, no reply prefix", ThreadMsg{Key: "r@x", Subject: "Quote for 20 radios", Participants: []string{"rep@me.com"}, Date: day.Add(time.Hour)}, false},
		{"no shared participant", ThreadMsg{Key: "r@x", Subject: "Re: Quote for 20 radios", Participants: []string{"bob@other.com"}, Date: day.Add(time.Hour)}, false},
		{"outside 30 days", ThreadMsg{Key: "r@x", Subject: "Re: Quote for 20 radios", Participants: []string{"jane@acme.com"}, Date: day.Add(31 * 24 * time.Hour)}, false},
		{"has references elsewhere", ThreadMsg{Key: "r@x", References: []string{"elsewhere@x"}, Subject: "Re: Quote for 20 radios", Participants: []string{"jane@acme.com"}, Date: day.Add(time.Hour)}, false},
	}
}

func TestThreaderSubjectFallback(t *testing.T) {
	orig, cases := subjectCases()
	for _, tt := range cases {
		for _, reversed := range []bool{false, true} {
			th := NewThreader(NewMemoryThreadState())
			if reversed {
				addAll(t, th, tt.m, orig)
			} else {
				addAll(t, th, orig, tt.m)
			}
			joined := threadOf(t, th, "o@x") == threadOf(t, th, "r@x")
			if joined != tt.join {
				t.Errorf("%s (reversed=%v): joined=%v, want %v", tt.name, reversed, joined, tt.join)
			}
		}
	}
}

func TestThreaderRejectsEmptyKey(t *testing.T) {
	if _, _, err := NewThreader(NewMemoryThreadState()).Add(ThreadMsg{}); err == nil {
		t.Fatal("empty key accepted")
	}
}

// threadCorpus threads msgs in the given order and returns each key's
// final thread.
func threadCorpus(t testing.TB, msgs []ThreadMsg) map[string]crm.ID {
	th := NewThreader(NewMemoryThreadState())
	for _, m := range msgs {
		if _, _, err := th.Add(m); err != nil {
			t.Fatal(err)
		}
	}
	out := make(map[string]crm.ID, len(msgs))
	for _, m := range msgs {
		out[m.Key] = threadOf(t, th, m.Key)
	}
	return out
}

func TestThreaderCorpus(t *testing.T) {
	corpus := loadParseCorpus(t)
	msgs := make([]ThreadMsg, 0, len(corpus))
	byKey := map[string]ThreadMsg{}
	for _, c := range corpus {
		p, err := Parse(c.raw, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		m := p.ThreadMsg()
		if _, dup := byKey[m.Key]; dup {
			continue // the same message in two folders threads once
		}
		byKey[m.Key] = m
		msgs = append(msgs, m)
	}
	got := threadCorpus(t, msgs)

	threads := map[crm.ID]int{}
	parented := 0
	for _, m := range msgs {
		threads[got[m.Key]]++
		if _, ok := byKey[m.InReplyTo]; ok && m.InReplyTo != "" {
			parented++
			if got[m.Key] != got[m.InReplyTo] {
				t.Errorf("%s is not in its parent %s's thread", m.Key, m.InReplyTo)
			}
		}
	}
	t.Logf("%d messages, %d replies with their parent present, %d threads", len(msgs), parented, len(threads))
	if parented < 2000 {
		t.Fatalf("only %d replies have their parent in the corpus; expected over 2,000", parented)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 3 {
		shuffled := append([]ThreadMsg(nil), msgs...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again := threadCorpus(t, shuffled)
		for k, id := range got {
			if again[k] != id {
				t.Fatalf("round %d: %s threads to %s shuffled, %s in order", round, k, again[k], id)
			}
		}
	}
}

func TestParsedThreadHelpers(t *testing.T) {
	p := &Parsed{MessageID: "c@x", References: []string{"a@x", "c@x"}, InReplyTo: "b@x"}
	if got := p.Ancestors(); !reflect.DeepEqual(got, []string{"a@x", "b@x"}) {
		t.Fatalf("ancestors %v", got)
	}
	if p.RootCandidate() != "a@x" {
		t.Fatalf("root %q", p.RootCandidate())
	}
	orphan := &Parsed{Subject: "s", digest: []byte{1}}
	if orphan.RootCandidate() != ContentKey(orphan.ID()) || orphan.ThreadKey() != orphan.RootCandidate() {
		t.Fatalf("a message without ids roots itself: %q", orphan.RootCandidate())
	}
}

func TestAncestorsBoundsHostileLists(t *testing.T) {
	refs := make([]string, 20_000)
	for i := range refs {
		refs[i] = strconv.Itoa(i) + "@x"
	}
	got := Ancestors("own@x", append(refs, refs...), "parent@x")
	if len(got) != maxAncestors || got[0] != "0@x" || got[len(got)-1] != "parent@x" || got[len(got)-2] != "19999@x" {
		t.Fatalf("%d ancestors, first %q, last %q", len(got), got[0], got[len(got)-1])
	}
}

// TestThreaderMergesAreEnoughForTheCaller replays what an importer does:
// it stores each message under the thread Add returns and, for each merge,
// moves every message of From into Into. The result must equal the
// threader's own view, in any arrival order.
func TestThreaderMergesAreEnoughForTheCaller(t *testing.T) {
	var msgs []ThreadMsg
	seen := map[string]bool{}
	for _, c := range loadParseCorpus(t) {
		p, _ := Parse(c.raw, Limits{})
		if m := p.ThreadMsg(); !seen[m.Key] {
			seen[m.Key] = true
			msgs = append(msgs, m)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 3 {
		if round > 0 {
			rng.Shuffle(len(msgs), func(i, j int) { msgs[i], msgs[j] = msgs[j], msgs[i] })
		}
		th := NewThreader(NewMemoryThreadState())
		stored := map[string]crm.ID{}
		members := map[crm.ID][]string{}
		for _, m := range msgs {
			tid, merges, err := th.Add(m)
			if err != nil {
				t.Fatal(err)
			}
			for _, mg := range merges {
				for _, k := range members[mg.From] {
					stored[k] = mg.Into
				}
				members[mg.Into] = append(members[mg.Into], members[mg.From]...)
				delete(members, mg.From)
			}
			stored[m.Key] = tid
			members[tid] = append(members[tid], m.Key)
		}
		for _, m := range msgs {
			if want := threadOf(t, th, m.Key); stored[m.Key] != want {
				t.Fatalf("round %d: %s stored in %s, threader says %s", round, m.Key, stored[m.Key], want)
			}
		}
	}
}

// A resent patch can reuse its Message-ID with new References (the corpus
// has one). Threading both copies under the one key stays order-independent.
func TestThreaderReusedMessageIDIsOrderIndependent(t *testing.T) {
	first := ThreadMsg{Key: "patch@x"}
	resend := ThreadMsg{Key: "patch@x", InReplyTo: "cover@x", References: []string{"cover@x"}}
	cover := ThreadMsg{Key: "cover@x"}
	other := ThreadMsg{Key: "reply@x", InReplyTo: "patch@x"}
	orders := [][]ThreadMsg{
		{first, resend, cover, other},
		{other, resend, first, cover},
		{cover, other, first, resend},
		{resend, other, cover, first},
	}
	var want crm.ID
	for i, order := range orders {
		th := NewThreader(NewMemoryThreadState())
		addAll(t, th, order...)
		got := threadOf(t, th, "patch@x")
		for _, k := range []string{"cover@x", "reply@x"} {
			if threadOf(t, th, k) != got {
				t.Fatalf("order %d: %s not in the patch's thread", i, k)
			}
		}
		if i == 0 {
			want = got
		} else if got != want {
			t.Fatalf("order %d: thread %s, want %s", i, got, want)
		}
	}
}
