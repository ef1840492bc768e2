package mail

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"parley/app/crm"
	"parley/app/store"
)

func rawMail(id, from, to, subject, date, inReplyTo, body string) []byte {
	h := fmt.Sprintf("Message-ID: <%s>\r\nFrom: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\n", id, from, to, subject, date)
	if inReplyTo != "" {
		h += fmt.Sprintf("In-Reply-To: <%s>\r\nReferences: <%s>\r\n", inReplyTo, inReplyTo)
	}
	return []byte(h + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
}

var rep = crm.ClassifierConfig{MyAddresses: []string{"sam@vendor.test"}}

func ingestRaw(t *testing.T, g *Ingester, folder string, raws ...[]byte) BatchStats {
	t.Helper()
	var batch []Fetched
	for i, r := range raws {
		batch = append(batch, Fetched{Folder: folder, UIDValidity: 7, UID: uint32(i + 1), Raw: r})
	}
	s, err := g.Ingest(context.Background(), "work", batch, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestIngestDedupesCopiesAndIsIdempotent(t *testing.T) {
	st := openTestStore(t)
	g, err := NewIngester(st, IngestConfig{Classify: rep})
	if err != nil {
		t.Fatal(err)
	}
	q := rawMail("q1@acme.test", "Jane Roe <jane@acme.test>", "sam@vendor.test", "Quote for 40 units", "Mon, 2 Nov 2026 10:00:00 +0000", "", "Could you send a quote?")
	a := rawMail("a1@vendor.test", "Sam <sam@vendor.test>", "jane@acme.test", "Re: Quote for 40 units", "Mon, 2 Nov 2026 12:00:00 +0000", "q1@acme.test", "I'll send it by Friday.")
	s1 := ingestRaw(t, g, "INBOX", q)
	s2 := ingestRaw(t, g, "Sent", a, q) // the Sent copy of the thread holds the question too
	if s1.Imported != 1 || s2.Imported != 1 || s2.Duplicates != 1 {
		t.Fatalf("stats: %+v then %+v", s1, s2)
	}
	if s1.Accounts != 1 || s1.Contacts != 1 || s1.History != 1 {
		t.Fatalf("people: %+v", s1)
	}
	seq := st.LastSeq()
	if s := ingestRaw(t, g, "Sent", a, q); s.Imported != 0 || s.Duplicates != 2 {
		t.Fatalf("re-ingest: %+v", s)
	}
	if st.LastSeq() != seq {
		t.Fatalf("re-ingesting the same mail wrote %d changes", st.LastSeq()-seq)
	}
	st.View(context.Background(), func(tx *store.Tx) error {
		m := &crm.Message{ID: crm.MessageIDFor("q1@acme.test")}
		if err := tx.Get(m); err != nil {
			t.Fatal(err)
		}
		if len(m.Sources) != 2 || m.Direction != crm.Inbound || !m.History {
			t.Errorf("question: sources %v direction %s history %v", m.Sources, m.Direction, m.History)
		}
		r := &crm.Message{ID: crm.MessageIDFor("a1@vendor.test")}
		tx.Get(r)
		if r.ThreadID != m.ThreadID || r.Direction != crm.Outbound {
			t.Errorf("reply: thread %s vs %s, direction %s", r.ThreadID, m.ThreadID, r.Direction)
		}
		th := &crm.Thread{ID: m.ThreadID}
		tx.Get(th)
		if th.Count != 2 || th.Subject != "Quote for 40 units" || len(th.AccountIDs) != 1 {
			t.Errorf("thread: %+v", th)
		}
		acct := &crm.Account{ID: crm.AccountIDFor("acme.test")}
		if err := tx.Get(acct); err != nil || acct.Name != "Acme" {
			t.Errorf("account: %+v %v", acct, err)
		}
		return nil
	})
}

func TestIngestReusedMessageIDGetsItsOwnID(t *testing.T) {
	st := openTestStore(t)
	g, _ := NewIngester(st, IngestConfig{Classify: rep})
	one := rawMail("same@x.test", "jane@acme.test", "sam@vendor.test", "Pilot", "Mon, 2 Nov 2026 10:00:00 +0000", "", "first")
	two := rawMail("same@x.test", "bob@globex.test", "sam@vendor.test", "Invoice", "Tue, 3 Nov 2026 10:00:00 +0000", "", "second")
	if s := ingestRaw(t, g, "INBOX", one, two); s.Imported != 2 {
		t.Fatalf("two different messages with one Message-ID: %+v", s)
	}
}

func TestIngestLateLinkMergesThreads(t *testing.T) {
	st := openTestStore(t)
	g, _ := NewIngester(st, IngestConfig{Classify: rep})
	root := rawMail("r@acme.test", "jane@acme.test", "sam@vendor.test", "Pilot", "Mon, 2 Nov 2026 10:00:00 +0000", "", "start")
	mid := rawMail("m@vendor.test", "sam@vendor.test", "jane@acme.test", "Re: Pilot", "Mon, 2 Nov 2026 11:00:00 +0000", "r@acme.test", "middle")
	leaf := []byte(strings.Replace(string(rawMail("l@acme.test", "jane@acme.test", "sam@vendor.test", "Re: Pilot", "Mon, 2 Nov 2026 12:00:00 +0000", "", "end")),
		"Subject:", "In-Reply-To: <m@vendor.test>\r\nSubject:", 1))
	// The leaf and the root arrive first: two threads; the middle joins them.
	ingestRaw(t, g, "INBOX", leaf)
	ingestRaw(t, g, "INBOX", root)
	ingestRaw(t, g, "INBOX", mid)
	st.View(context.Background(), func(tx *store.Tx) error {
		ids := map[crm.ID]bool{}
		for _, h := range []string{"r@acme.test", "m@vendor.test", "l@acme.test"} {
			m := &crm.Message{ID: crm.MessageIDFor(h)}
			tx.Get(m)
			ids[m.ThreadID] = true
		}
		if len(ids) != 1 {
			t.Fatalf("messages in %d threads", len(ids))
		}
		for id := range ids {
			th := &crm.Thread{ID: id}
			tx.Get(th)
			msgs, _ := tx.ThreadMessages(id)
			if th.Count != 3 || len(msgs) != 3 || th.MergedInto != "" {
				t.Fatalf("merged thread: %+v, %d messages", th, len(msgs))
			}
		}
		return nil
	})
}

// TestIngestOrderIndependent: the corpus ingested in a shuffled order
// gives the same threads (as sets of messages) as in file order.
func TestIngestOrderIndependent(t *testing.T) {
	files := readCorpus(t)
	partition := func(fs []corpusFile) []string {
		st := openTestStore(t)
		ingestCorpus(t, st, fs, supportPersona)
		// Messages are named by a hash of their raw source: a Message-ID
		// two messages share goes to whichever came first, so ids alone
		// would differ between orders.
		groups := map[crm.ID][]string{}
		st.View(context.Background(), func(tx *store.Tx) error {
			return tx.Each(crm.KindMessage, func(e crm.Entity) bool {
				m := e.(*crm.Message)
				raw, err := tx.Raw(m.ID)
				if err != nil {
					t.Fatal(err)
				}
				sum := sha256.Sum256(raw)
				groups[m.ThreadID] = append(groups[m.ThreadID], hex.EncodeToString(sum[:8]))
				return true
			})
		})
		var out []string
		for _, g := range groups {
			sort.Strings(g)
			out = append(out, strings.Join(g, ","))
		}
		sort.Strings(out)
		return out
	}
	want := partition(files)
	shuffled := append([]corpusFile{}, files...)
	rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano()))).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	got := partition(shuffled)
	if len(got) != len(want) {
		t.Fatalf("%d threads shuffled, %d in order", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("thread partition differs at %d", i)
		}
	}
}

func TestReclassifyAppliesAnOverrideToStoredMail(t *testing.T) {
	st := openTestStore(t)
	g, _ := NewIngester(st, IngestConfig{Classify: rep})
	personal := rawMail("p1@freemail.test", "Max Mustermann <max@gmail.com>", "sam@vendor.test", "Farm sensors?", "Mon, 2 Nov 2026 10:00:00 +0000", "", "Do you sell to farms?")
	if s := ingestRaw(t, g, "INBOX", personal); s.History != 0 || s.LeftOut[crm.LeftOutPersonal] != 1 {
		t.Fatalf("free-mail stranger should be personal: %+v", s)
	}
	// The rep says: this sender is a customer.
	cfg := rep
	cfg.Include = []string{"max@gmail.com"}
	g2, err := NewIngester(st, IngestConfig{Classify: cfg})
	if err != nil {
		t.Fatal(err)
	}
	n, err := g2.Reclassify(context.Background(), func(m *crm.Message) bool { return m.From.Address == "max@gmail.com" })
	if err != nil || n != 1 {
		t.Fatalf("reclassify: %d %v", n, err)
	}
	st.View(context.Background(), func(tx *store.Tx) error {
		m := &crm.Message{ID: crm.MessageIDFor("p1@freemail.test")}
		tx.Get(m)
		th := &crm.Thread{ID: m.ThreadID}
		tx.Get(th)
		if !m.History || m.LeftOut != "" || len(m.ContactIDs) != 1 || !th.History {
			t.Fatalf("after the override: message %+v thread %+v", m, th)
		}
		if r := tx.Recent(10); len(r) != 1 || r[0].ID != th.ID {
			t.Fatalf("the thread is not on Today: %+v", r)
		}
		return nil
	})
}

func TestNameInText(t *testing.T) {
	cases := []struct{ domain, text, want string }{
		{"orbitalbrewing.test", "Cheers,\nJess Okoro\nHead Brewer, Orbital Brewing Co.\n", "Orbital Brewing"},
		{"cedar-ridge-farms.test", "Thanks\n-- \nCedar Ridge Farms, Route 9", "Cedar Ridge Farms"},
		{"acme.test", "Acme is great", ""}, // one word: nothing better than the domain
		{"globex.test", "no capitals here", ""},
		{"bluefin-foods.test", "Bluefin Food Services", ""}, // does not spell the label
		{"harborviewhealth.test", "Regards, HARBORVIEW Health", "HARBORVIEW Health"},
		{"acmelabs.test", "Acme Laboratories and Acme Labs Inc", "Acme Labs"},
		{"attlabs.test", "AT&T Labs", ""},
	}
	for _, c := range cases {
		if got := NameInText(c.domain, c.text); got != c.want {
			t.Errorf("NameInText(%q): %q, want %q", c.domain, got, c.want)
		}
	}
}
