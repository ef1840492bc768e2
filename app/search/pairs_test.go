package search

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"slices"
	"strconv"
	"strings"
	"testing"

	"parley/app/crm"
)

// Phrases are pair terms in the combined field: exact for two words, and
// for longer phrases exact on the page once the store's text is checked.
func TestPhrasesByPairs(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	m1 := msg("m_1", "a@x.com", "Plan", "the pump station needs a new valve", "2026-03-01")
	m2 := msg("m_2", "b@x.com", "Other", "the pump failed; the station needs power and a new pump", "2026-03-02")
	m3 := msg("m_3", "c@x.com", "Pump station", "nothing here", "2026-03-03")
	m3.To = []crm.Address{{Name: "Station Needs", Address: "sn@x.com"}}
	m4 := msg("m_4", "d@x.com", "Words", "pump then station then needs", "2026-03-04")
	feed(t, ix, l, m1, m2, m3, m4)
	for _, c := range []struct {
		q    string
		want []crm.ID
	}{
		{`"pump station"`, []crm.ID{"m_1", "m_3"}},         // in the body, and in the subject
		{`"station pump"`, nil},                            // order matters
		{`"station needs"`, []crm.ID{"m_1", "m_2", "m_3"}}, // m_3: a recipient's name
		// m_2 holds "pump" "station" and "station needs" but not the three
		// in a row; m_3 holds its pairs in two values (subject, recipient).
		{`"pump station needs"`, []crm.ID{"m_1"}},
		{`"needs a new"`, []crm.ID{"m_1"}}, // m_2: "needs power and a new"
	} {
		res, err := ix.Search(context.Background(), Request{Query: c.q, Now: testNow, Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		var got []crm.ID
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if !slices.Equal(sortedIDs(got), c.want) {
			t.Errorf("%s: got %v, want %v", c.q, got, c.want)
		}
	}
}

// Facets are counted from the index over every hit, and accounts and
// people come back as ids.
func TestFacetsFromIndex(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	m1 := msg("m_1", "a@acme.de", "Pumps", "pumps and valves", "2025-03-01")
	m1.AccountIDs, m1.ContactIDs = []crm.ID{"a_acme"}, []crm.ID{"c_anna"}
	m2 := msg("m_2", "b@acme.de", "Pumps again", "more pumps", "2026-03-02")
	m2.AccountIDs, m2.ContactIDs = []crm.ID{"a_acme"}, []crm.ID{"c_anna", "c_bob"}
	m3 := msg("m_3", "z@zeta.com", "Pumps", "pumps at zeta", "2026-04-02")
	m3.AccountIDs = []crm.ID{"a_zeta"}
	call := &crm.Activity{ID: "n_1", Kind: crm.ActivityCall, At: day0("2026-05-01"), AccountID: "a_acme", ContactIDs: []crm.ID{"c_bob"}, Body: "pumps on the phone"}
	acme := &crm.Account{ID: "a_acme", Name: "Acme"}
	zeta := &crm.Account{ID: "a_zeta", Name: "Zeta"}
	anna := &crm.Contact{ID: "c_anna", Name: "Anna", AccountID: "a_acme"}
	bob := &crm.Contact{ID: "c_bob", Name: "Bob", AccountID: "a_acme"}
	feed(t, ix, l, m1, m2, m3, call, acme, zeta, anna, bob)
	f, err := ix.Facets(context.Background(), Request{Query: "pumps", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := Facets{
		Total: 4, Scanned: 4,
		Accounts: []FacetCount{{"a_acme", 3}, {"a_zeta", 1}},
		People:   []FacetCount{{"c_anna", 2}, {"c_bob", 2}},
		Kinds:    []FacetCount{{KindEmail, 3}, {KindCall, 1}},
		Years:    []FacetCount{{"2026", 3}, {"2025", 1}},
	}
	slices.SortFunc(f.People, func(a, b FacetCount) int { return cmpString(a.Value, b.Value) })
	if !facetsEqual(f, want) {
		t.Errorf("facets %+v, want %+v", f, want)
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func facetsEqual(a, b Facets) bool {
	return a.Total == b.Total && a.Scanned == b.Scanned && slices.Equal(a.Accounts, b.Accounts) &&
		slices.Equal(a.People, b.People) && slices.Equal(a.Kinds, b.Kinds) && slices.Equal(a.Years, b.Years)
}

// The term cache gives the same hashes as computing them afresh, across
// shard refills.
func TestHasherCache(t *testing.T) {
	h := newHasher(testKey)
	fresh := func(w string) string {
		mac := hmac.New(sha256.New, testKey)
		mac.Write([]byte(w))
		return string(mac.Sum(nil)[:termSize])
	}
	words := make([]string, cacheShardSize*cacheShards*2)
	for i := range words {
		words[i] = string(rune('a'+i%26)) + string(rune('a'+(i/26)%26)) + string(rune('a'+(i/676)%26)) + string(rune('a'+(i/17576)%26))
	}
	for round := range 2 {
		for _, w := range words {
			if got, want := h.term(w), fresh(w); got != want {
				t.Fatalf("round %d: %q hashes to %x cached, %x fresh", round, w, got, want)
			}
		}
	}
	if h.pair("a", "b") == h.pair("ab", "") || h.pair("a", "b") == h.pair("b", "a") || h.pair("a", "b") == h.term("ab") {
		t.Error("pair hashes collide with other inputs")
	}
}

// Doc values separate terms with 0xff: dates and facet terms never hold it,
// and dates keep their order.
func TestDocValueTerms(t *testing.T) {
	h := newHasher(testKey)
	for i := range 5000 {
		if ft := h.facetTerm(tagContact, "c_"+strconv.Itoa(i)); strings.IndexByte(ft, 0xff) >= 0 {
			t.Fatalf("facet term %x holds 0xff", ft)
		}
	}
	prev := ""
	for _, ms := range []int64{-1 << 40, -1, 0, 1, 255, 1 << 20, 1700000000000, 1700000000255, 1 << 62} {
		w := string(whenTerm(ms))
		if strings.IndexByte(w, 0xff) >= 0 || whenOf(w) != ms || w <= prev {
			t.Fatalf("date %d: term %x, back %d, after %x", ms, w, whenOf(w), prev)
		}
		prev = w
	}
}

// Snippets mark a match past the part of a long text scanned first.
func TestFindMarksLongText(t *testing.T) {
	an := newAnalyzers(testKey).textPlain
	filler := strings.Repeat("lorem ipsum dolor ", 2*markScan/18+10)
	late := filler + "the pumps failed"
	marks := findMarks(late, an, map[string]bool{"pump": true})
	if len(marks) != 1 || late[marks[0].Start:marks[0].End] != "pumps" {
		t.Fatalf("late match: %v", marks)
	}
	early := "pump first " + late
	marks = findMarks(early, an, map[string]bool{"pump": true})
	if len(marks) != 1 || marks[0].Start != 0 {
		t.Fatalf("early match: %v", marks)
	}
	if h := highlight(late, an, map[string]bool{"pump": true}, snippetLen); !strings.Contains(h, "<mark>pumps</mark>") {
		t.Errorf("snippet %q does not mark the late match", h)
	}
	// Stemmed and folded words past the first part are found too.
	for word, term := range map[string]string{"HAPPY": "happi", "Müller's": "muller", "relational": "relat", "toy": "toi"} {
		text := filler + " the " + word + " end"
		marks := findMarks(text, an, map[string]bool{term: true})
		if len(marks) != 1 {
			t.Errorf("%s (%s) past the first part: %d marks", word, term, len(marks))
		}
	}
}

// kind:email excludes the other kinds rather than matching email; both
// ways of asking give the kinds asked for.
func TestKindsByExclusion(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	m := msg("m_1", "a@x.com", "Report", "the report", "2026-03-01")
	note := &crm.Activity{ID: "n_1", Kind: crm.ActivityNote, At: day0("2026-03-02"), Body: "report notes"}
	call := &crm.Activity{ID: "n_2", Kind: crm.ActivityCall, At: day0("2026-03-03"), Body: "report call"}
	acct := &crm.Account{ID: "a_1", Name: "Report Works"}
	feed(t, ix, l, m, note, call, acct)
	for _, c := range []struct {
		r    Request
		want []crm.ID
	}{
		{Request{Query: "kind:email report"}, []crm.ID{"m_1"}},
		{Request{Query: "kind:note report"}, []crm.ID{"n_1"}},
		{Request{Query: "report", Kinds: []string{KindEmail, KindCall}}, []crm.ID{"m_1", "n_2"}},
		{Request{Query: "report", Kinds: []string{KindAccount}}, []crm.ID{"a_1"}},
		{Request{Query: "kind:email"}, []crm.ID{"m_1"}},
	} {
		if got := sortedIDs(ids(t, ix, c.r)); !slices.Equal(got, c.want) {
			t.Errorf("%+v: got %v, want %v", c.r, got, c.want)
		}
	}
}
