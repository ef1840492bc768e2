package app

import (
	"bufio"
	"bytes"
	"context"
	netmail "net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"parley/app/crm"
	"parley/app/store"
)

// TestSearchAfterRealImport imports the whole corpus through the ingester
// (list mail counted as history, so every message is searchable) and
// checks search against answers worked out here from the raw files.
func TestSearchAfterRealImport(t *testing.T) {
	home := t.TempDir()
	ctx := context.Background()
	w := openTestWorkspace(t, home, "corpus passphrase")
	defer w.Close(ctx)
	st, _ := w.Store()
	var raws [][]byte
	for _, folder := range []string{"usrp-users", "linux-btrfs"} {
		raws = append(raws, corpusSlice(t, folder, 5000)...)
	}
	ingestAll(t, w, raws, 300)
	waitIndexed(t, w)
	svc := NewServices(w).Search
	all := func(q string) map[string]bool {
		t.Helper()
		out := map[string]bool{}
		for off := 0; ; off += 200 {
			res, err := svc.Search(SearchQuery{Query: q, Offset: off, Size: 200, Order: "newest"})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if h.Kind == "email" {
					out[h.ID] = true
				}
			}
			if len(res.Hits) < 200 {
				return out
			}
		}
	}
	headers := func(raw []byte) netmail.Header {
		m, err := netmail.ReadMessage(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return netmail.Header{}
		}
		return m.Header
	}
	byHeader := map[string][]crm.ID{}
	var msgs []*crm.Message
	st.View(ctx, func(tx *store.Tx) error {
		return tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			m := e.(*crm.Message)
			if m.History {
				msgs = append(msgs, m)
				byHeader[m.MessageID] = append(byHeader[m.MessageID], m.ID)
			}
			return true
		})
	})

	// A sender filter returns exactly that sender's messages (raw From).
	want := map[string]bool{}
	for _, raw := range raws {
		h := headers(raw)
		if a, err := netmail.ParseAddress(h.Get("From")); err == nil && strings.EqualFold(a.Address, "wqu@suse.com") {
			for _, id := range byHeader[crm.NormalizeMessageID(h.Get("Message-Id"))] {
				want[string(id)] = true
			}
		}
	}
	if got := all("from:wqu@suse.com"); !sameKeys(got, want) || len(want) < 100 {
		t.Errorf("from:wqu@suse.com: %d hits, raw headers say %d", len(got), len(want))
	}

	// A date range honours its bounds (raw Date headers; before: excludes its day).
	lo, hi := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	want = map[string]bool{}
	for _, raw := range raws {
		h := headers(raw)
		d, err := netmail.ParseDate(h.Get("Date"))
		if err != nil || d.Before(lo) || !d.Before(hi) {
			continue
		}
		for _, id := range byHeader[crm.NormalizeMessageID(h.Get("Message-Id"))] {
			want[string(id)] = true
		}
	}
	if got := all("after:2026-03-01 before:2026-03-15"); !sameKeys(got, want) || len(want) < 50 {
		t.Errorf("date range: %d hits, raw Date headers say %d", len(got), len(want))
	}

	// A phrase that occurs in exactly N messages' own text returns those N
	// (the index stems, so plural forms count).
	phrase := regexp.MustCompile(`(?i)\bdevices?\s+trees?\b`)
	want = map[string]bool{}
	for _, m := range msgs {
		own := m.Text[:min(max(m.QuoteStart, 0), len(m.Text), 32<<10)]
		if phrase.MatchString(m.Subject) || phrase.MatchString(own) {
			want[string(m.ID)] = true
		}
	}
	if got := all(`"device tree"`); !sameKeys(got, want) || len(want) < 3 {
		t.Errorf(`"device tree": %d hits, the text has it in %d messages`, len(got), len(want))
	}

	// The thread reader opened from that search marks the forms the index
	// matched in the thread, and only those.
	res, err := svc.Search(SearchQuery{Query: `"device tree"`, Size: 1})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf(`"device tree": %+v %v`, res.Hits, err)
	}
	words, err := svc.MatchedWords(`"device tree"`, res.Hits[0].ThreadID)
	if err != nil || len(words) < 2 {
		t.Fatalf("matched words in %s: %q %v", res.Hits[0].ThreadID, words, err)
	}
	for _, w := range words {
		if !regexp.MustCompile(`(?i)^(devices?|trees?)$`).MatchString(w) {
			t.Errorf("thread %s: %q marked for \"device tree\"", res.Hits[0].ThreadID, w)
		}
	}

	// Accent folding: a note about Brünnhildeqvist (a name the corpus
	// lacks) is found typed with or without accents, in any case, the
	// moment it is saved: no waiting for the indexer.
	if _, err := NewServices(w).Activity.Capture(ActivityInput{Kind: "note", Body: "Lunch with Jürgen Brünnhildeqvist at the plant"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"brunnhildeqvist", "BRÜNNHILDEQVIST", "Brünnhildeqvist"} {
		res, err := svc.Search(SearchQuery{Query: q})
		if err != nil || res.Total != 1 || res.Hits[0].Kind != "note" {
			t.Errorf("%q: %+v %v", q, res.Hits, err)
		}
	}
}

func sameKeys(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
