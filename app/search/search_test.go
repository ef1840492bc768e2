package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"parley/app/crm"
)

func sortedIDs(xs []crm.ID) []crm.ID {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func TestSearchSynthetic(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	m1 := msg("m_1", "anna.mueller@acme.de", "Angebot Pumpen", "Sehr geehrter Herr Müller, anbei das Angebot.", "2026-03-01")
	m1.From.Name = "Anna Müller"
	m1.Attachments = []crm.Attachment{{Name: "quote_v2.pdf"}}
	m1.AccountIDs = []crm.ID{"a_acme"}
	m2 := msg("m_2", "bob@example.com", "Quarterly report", "The quarterly report is attached. Running late.", "2025-01-10")
	m2.To = []crm.Address{{Name: "Zoë Ångström", Address: "zoe@acme.de"}}
	m2.AccountIDs = []crm.ID{"a_example"}
	m2.Direction, m2.Sources = crm.Outbound, []crm.Source{{Folder: "Sent"}}
	m1.ContactIDs = []crm.ID{"c_anna"}
	m3 := msg("m_3", "carol@example.com", "Re: report", "I ran the numbers.\n> The quarterly report is attached.", "2026-06-20")
	m3.QuoteStart = strings.Index(m3.Text, ">")
	m3.AccountIDs = []crm.ID{"a_example"}
	m3.Sources = []crm.Source{{Folder: "INBOX"}}
	note := &crm.Activity{ID: "n_1", Kind: crm.ActivityCall, Author: "Rep", At: day0("2026-06-01"), AccountID: "a_acme", Body: "Called about the pumps; Muller wants a discount.", Private: true}
	acct := &crm.Account{ID: "a_acme", Name: "Acme Pumpen GmbH", Domains: []string{"acme.de"}}
	feed(t, ix, l, m1, m2, m3, note, acct)
	if got := ix.LastSeq(); got != 5 {
		t.Fatalf("LastSeq = %d, want 5", got)
	}

	cases := []struct {
		q    string
		want []crm.ID
	}{
		{"muller", []crm.ID{"m_1", "n_1"}},                   // accent folding both ways
		{"MÜLLER", []crm.ID{"m_1", "n_1"}},                   // and case
		{`"quarterly report"`, []crm.ID{"m_2"}},              // phrase; m_3 has it only in quoted text
		{`"report quarterly"`, nil},                          // order matters
		{"run", []crm.ID{"m_2"}},                             // stemming: Running → run; "ran" is not stemmed to run
		{"report -quarterly", []crm.ID{"m_3"}},               // exclusion
		{"pumps OR numbers", []crm.ID{"m_3", "n_1"}},         // OR
		{"from:bob@example.com", []crm.ID{"m_2"}},            // exact address
		{"from:mueller", []crm.ID{"m_1"}},                    // part of an address
		{"from:anna", []crm.ID{"m_1"}},                       // display name
		{"to:angstrom", []crm.ID{"m_2"}},                     // folded display name
		{"quote", []crm.ID{"m_1"}},                           // part of an attachment name
		{"has:attachment", []crm.ID{"m_1"}},                  // keyword filter
		{"kind:call", []crm.ID{"n_1"}},                       // activity kind
		{"kind:email report", []crm.ID{"m_3", "m_2"}},        // kind with words
		{"subject:report", []crm.ID{"m_3", "m_2"}},           // subject only
		{"after:2026-01-01 report", []crm.ID{"m_3"}},         // date bound, inclusive start
		{"before:2025-01-10", []crm.ID{}},                    // exclusive end
		{"before:2025-01-11", []crm.ID{"m_2"}},               // ...
		{"account:a_acme", []crm.ID{"n_1", "m_1", "a_acme"}}, // by id, newest first
		{"pumpen", []crm.ID{"m_1", "a_acme"}},                // account name
		{"after:30d", []crm.ID{"m_3"}},                       // relative to testNow (2026-07-01)
		{"person:c_anna", []crm.ID{"m_1"}},                   // by contact id
		{"is:sent", []crm.ID{"m_2"}},                         // direction
		{"is:received report", []crm.ID{"m_3"}},              // ...
		{"in:sent", []crm.ID{"m_2"}},                         // folder, any case
		{"in:INBOX", []crm.ID{"m_3"}},                        // ...
		{"channel:phone", []crm.ID{"n_1"}},                   // a call
		{"is:private", []crm.ID{"n_1"}},                      // never synced
		{"muller -is:private", []crm.ID{"m_1"}},              // ...excluded
	}
	for _, c := range cases {
		got := ids(t, ix, Request{Query: c.q, Now: testNow})
		if len(got) == 0 && len(c.want) == 0 {
			continue
		}
		if c.q == "muller" || c.q == "MÜLLER" || c.q == "pumps OR numbers" || c.q == "pumpen" {
			if !slices.Equal(sortedIDs(got), sortedIDs(c.want)) {
				t.Errorf("%q: got %v, want %v", c.q, got, c.want)
			}
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.q, got, c.want)
		}
	}

	// Search inside one account.
	if got := ids(t, ix, Request{Query: "report", AccountID: "a_example", Now: testNow}); !slices.Equal(sortedIDs(got), []crm.ID{"m_2", "m_3"}) {
		t.Errorf("report in a_example: %v", got)
	}
	if got := ids(t, ix, Request{Query: "report", AccountID: "a_acme", Now: testNow}); len(got) != 0 {
		t.Errorf("report in a_acme: %v", got)
	}

	// Snippets: escaped source text with marks, from the loaded entity.
	res, err := ix.Search(context.Background(), Request{Query: "muller angebot", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].ID != "m_1" {
		t.Fatalf("muller angebot: %+v", res.Hits)
	}
	h := res.Hits[0]
	if want := "Sehr geehrter Herr <mark>Müller</mark>, anbei das <mark>Angebot</mark>."; h.Snippet != want {
		t.Errorf("snippet = %q, want %q", h.Snippet, want)
	}
	if want := "<mark>Angebot</mark> Pumpen"; h.Title != want {
		t.Errorf("title = %q, want %q", h.Title, want)
	}
	if res.Read != "muller, angebot" {
		t.Errorf("Read = %q", res.Read)
	}

	// Deletion through the feed.
	if err := ix.Apply(context.Background(), []Change{{Seq: 6, ID: "n_1"}}); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, ix, Request{Query: "muller", Now: testNow}); !slices.Equal(got, []crm.ID{"m_1"}) {
		t.Errorf("after delete: %v", got)
	}
	// Replays at or below LastSeq are skipped.
	if err := ix.Apply(context.Background(), []Change{{Seq: 2, ID: "m_2"}}); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, ix, Request{Query: "from:bob@example.com", Now: testNow}); len(got) != 1 {
		t.Errorf("a replayed delete removed m_2: %v", got)
	}
}

func TestSnippetEscapesHTML(t *testing.T) {
	an := newAnalyzers(testKey)
	terms := map[string]bool{}
	for _, p := range plainTerms(an.textPlain, "script") {
		terms[p[0]] = true
	}
	got := highlight(`a <script>alert("x")</script> b`, an.textPlain, terms, 100)
	want := `a &lt;<mark>script</mark>&gt;alert(&#34;x&#34;)&lt;/<mark>script</mark>&gt; b`
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
