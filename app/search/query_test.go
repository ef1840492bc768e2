package search

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"parley/app/crm"
)

// fixedResolver knows two accounts and one person by name.
type fixedResolver struct{}

func (fixedResolver) ResolveAccounts(v string) []crm.ID {
	switch strings.ToLower(v) {
	case "acme":
		return []crm.ID{"a_acme"}
	case "globex":
		return []crm.ID{"a_globex1", "a_globex2"}
	}
	return nil
}

func (fixedResolver) ResolvePeople(v string) []crm.ID {
	if strings.EqualFold(v, "Anna Müller") || v == "c_anna" {
		return []crm.ID{"c_anna"}
	}
	return nil
}

func TestParseQuery(t *testing.T) {
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		q, read string
		notes   int
	}{
		{"", "everything", 0},
		{"pump offer", "pump, offer", 0},
		{`"quarterly report" pump`, `"quarterly report", pump`, 0},
		{"pump -offer -from:bob", "pump, not offer, not from bob", 0},
		{"pump OR valve seal", "(pump or valve), seal", 0},
		{"a OR b OR c", "(a or b or c)", 0},
		{"from:anna@acme.de to:bob subject:invoice", "from anna@acme.de, to bob, subject has invoice", 0},
		{`from:"Anna Müller"`, `from "Anna Müller"`, 0},
		{"account:acme", `account "acme"`, 0},
		{"account:globex", `account "globex" (2 matches)`, 0},
		{`person:"Anna Müller"`, `person "Anna Müller"`, 0},
		{"after:2025-03-01 before:2025-04", "on or after 2025-03-01, before 2025-04-01", 0},
		{"after:30d", "on or after 2026-06-01", 0},
		{"after:6m before:1y", "on or after 2026-01-01, before 2025-07-01 (no date is both after 2026-01-01 and before 2025-07-01, so nothing can match)", 1},
		{"before:2025", "before 2025-01-01", 0},
		{"has:attachment kind:call", "with attachments, kind call", 0},
		{"kind:Meetings", "kind meeting", 0},
		{"is:sent in:Archive channel:call", `sent, in folder "archive", by phone`, 0},
		{"is:Private -is:inbound", "private, not received", 0},
		// Degrades: never an error, always words and a note.
		{`"unclosed phrase`, "unclosed, phrase (a quote was not closed, so its words were searched one by one)", 1},
		{"kind:fax", "kind:fax (kind:fax is not a kind (note, call, meeting, visit, email), so it was searched as words)", 1},
		{"has:cake", "has:cake (has:cake is not understood (try has:attachment), so it was searched as words)", 1},
		{"is:lost", "is:lost (is:lost is not understood (try is:sent, is:received, is:internal, is:private or is:shared), so it was searched as words)", 1},
		{"channel:fax", "channel:fax (channel:fax is not a channel (email, phone, in-person, note), so it was searched as words)", 1},
		{"before:tomorrow", `before:tomorrow ("tomorrow" is not a date (try 2025-03-01 or 30d), so it was searched as words)`, 1},
		{"account:initech", `account:initech (no account is called "initech", so it was searched as words)`, 1},
		{"OR pump", "pump (OR needs a search term on each side, so it was ignored)", 1},
		{"pump OR", "pump (OR needs a search term on each side, so it was ignored)", 1},
		{"from: pump", "pump (from: needs a value right after the colon, so it was ignored)", 1},
		{"pump OR after:30d", "pump, on or after 2026-06-01 (OR cannot join a date, so it was ignored)", 1},
		{"pump AND valve", "pump, valve", 0},
		{"(pump valve)", "pump, valve", 0},
		{"10:30 meeting", "10:30, meeting", 0},
		{"-after:30d", "on or after 2026-06-01 (the minus before after: was ignored)", 1},
	}
	for _, c := range cases {
		p := ParseQuery(c.q, now, time.UTC, fixedResolver{})
		if p.Read != c.read {
			t.Errorf("%q read as %q, want %q", c.q, p.Read, c.read)
		}
		if len(p.Notes) != c.notes {
			t.Errorf("%q: notes %q, want %d", c.q, p.Notes, c.notes)
		}
	}
}

func TestParseQueryStructure(t *testing.T) {
	p := ParseQuery(`pump OR valve -"old quote" account:globex from:bob`, time.Now(), time.UTC, fixedResolver{})
	if len(p.Clauses) != 3 || len(p.Clauses[0]) != 2 || p.Clauses[0][1].Text != "valve" {
		t.Fatalf("clauses %+v", p.Clauses)
	}
	if len(p.Exclude) != 1 || !p.Exclude[0].Phrase || p.Exclude[0].Text != "old quote" {
		t.Errorf("exclude %+v", p.Exclude)
	}
	if acc := p.Clauses[1][0]; acc.Field != FieldAccount || len(acc.IDs) != 2 {
		t.Errorf("account %+v", acc)
	}
	if !p.HasText() {
		t.Error("HasText false")
	}
	// Without a resolver account: takes an id as it is.
	p = ParseQuery("account:a_123", time.Now(), time.UTC, nil)
	if len(p.Clauses) != 1 || p.Clauses[0][0].IDs[0] != "a_123" || p.HasText() {
		t.Errorf("account by id: %+v", p.Clauses)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "pump", `"a b" -c OR d`, "from:x@y.z to:\"A B\" subject:hi", "after:2025-03-01 before:30d",
		"kind:note has:attachment", "account:acme person:c_1", "is:sent in:INBOX channel:phone -is:private", `-"`, `OR OR`, `from:"`, "((", "-(", "a:b:c",
		"before:99999999999d", "\x00\xff", "Müller ÅNGSTRÖM",
	} {
		f.Add(s)
	}
	now := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, q string) {
		p := ParseQuery(q, now, time.UTC, fixedResolver{})
		if p.Read == "" {
			t.Fatal("empty Read")
		}
		if !utf8.ValidString(p.Read) && utf8.ValidString(q) {
			t.Fatalf("Read %q is not UTF-8", p.Read)
		}
		for _, c := range p.Clauses {
			if len(c) == 0 {
				t.Fatal("empty clause")
			}
			for _, term := range c {
				if strings.TrimSpace(term.Text) == "" {
					t.Fatalf("empty term in %+v", p)
				}
			}
		}
		for _, term := range p.Exclude {
			if strings.TrimSpace(term.Text) == "" {
				t.Fatalf("empty exclusion in %+v", p)
			}
		}
		again := ParseQuery(q, now, time.UTC, fixedResolver{})
		if again.Read != p.Read {
			t.Fatal("parsing is not deterministic")
		}
	})
}

// Any query, compiled and run against a real index with the resolver the
// app uses, answers (maybe nothing) without a panic or an error, and so
// do its facets.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"", "pump", `"quarterly report" -x OR y`, "from:bob@example.com to:zoe", "subject:report after:30d before:2027",
		"kind:call has:attachment", "account:acme person:anna", "is:sent in:sent channel:email", `-is:private "a b c d"`,
		"\x00\xff", "Müller ÅNGSTRÖM", "a OR OR b", `from:"`, "-(x) -y -z",
	} {
		f.Add(s)
	}
	l := newMemLoader()
	ix, _ := openTestIndex(f, l, fixedResolver{})
	m1 := msg("m_1", "anna@acme.de", "Quarterly report", "The quarterly report on pumps.", "2026-03-01")
	m1.AccountIDs, m1.ContactIDs = []crm.ID{"a_acme"}, []crm.ID{"c_anna"}
	m2 := msg("m_2", "bob@example.com", "Re: pumps", "Müller will call.", "2026-05-01")
	m2.Direction, m2.Sources = crm.Outbound, []crm.Source{{Folder: "Sent"}}
	feed(f, ix, l, m1, m2, &crm.Activity{ID: "n_1", Kind: crm.ActivityCall, At: day0("2026-06-01"), AccountID: "a_acme", Body: "pumps"})
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		r := Request{Query: q, Now: testNow}
		if _, err := ix.Search(ctx, r); err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if _, err := ix.Facets(ctx, r); err != nil {
			t.Fatalf("facets %q: %v", q, err)
		}
	})
}
