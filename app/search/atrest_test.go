package search

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"parley/app/crm"
)

// TestIndexAtRestHoldsNoPlainText indexes messages with a unique marker
// word and a unique address, closes the index, and greps every file in its
// folder for both (and their folded forms): they must be absent, and
// searches must still find them.
func TestIndexAtRestHoldsNoPlainText(t *testing.T) {
	const marker = "Zyxwquorblat"
	const address = "hidden.person@secretcorp.example"
	l := newMemLoader()
	ix, dir := openTestIndex(t, l, nil)
	m1 := msg("m_a1", address, "Plans", "The "+marker+" project starts on Monday.", "2026-05-01")
	m1.From.Name = "Hidden Person"
	m2 := msg("m_a2", "other@example.com", marker+" follow-up", "Nothing else here.", "2026-05-02")
	m2.To = []crm.Address{{Name: "Qwzzyplex Vantablue", Address: address}}
	m2.Attachments = []crm.Attachment{{Name: "Frobnicatrix-offer.pdf"}}
	acct := &crm.Account{ID: "a_secret", Name: "Secretcorp Holdings", Domains: []string{"secretcorp.example"}}
	feed(t, ix, l, m1, m2, acct)
	if err := ix.Close(context.Background()); err != nil {
		t.Fatal(err)
	}

	needles := [][]byte{
		[]byte(marker), bytes.ToLower([]byte(marker)), []byte("zyxwquorbl"), // stem
		[]byte(address), []byte("secretcorp"), []byte("hidden.person"),
		[]byte("qwzzyplex"), []byte("vantablue"), []byte("frobnicatrix"), []byte("holdings"),
	}
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, n := range needles {
			if bytes.Contains(bytes.ToLower(b), bytes.ToLower(n)) {
				t.Errorf("%s holds %q in plain text", path, n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 2 {
		t.Fatalf("only %d files in the index folder: nothing was checked", files)
	}

	ix2, err := Open(context.Background(), dir, testKey, Options{Loader: l})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]crm.ID{
		marker:            {"m_a1", "m_a2"},
		"from:" + address: {"m_a1"},
		"to:" + address:   {"m_a2"},
		`"hidden person"`: {"m_a1"},
		"secretcorp":      {"a_secret", "m_a1", "m_a2"},
		"to:qwzzyplex":    {"m_a2"},
		"frobnicatrix":    {"m_a2"},
		"holdings":        {"a_secret"},
	} {
		if got := sortedIDs(ids(t, ix2, Request{Query: q})); !slices.Equal(got, want) {
			t.Errorf("%q after reopening: %v, want %v", q, got, want)
		}
	}

	// A second holder gets ErrLocked, not a wait without end.
	if _, err := Open(context.Background(), dir, testKey, Options{Loader: l}); !errors.Is(err, ErrLocked) {
		t.Errorf("second Open while open: %v, want ErrLocked", err)
	}
	if err := ix2.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Another key cannot use the index: the caller must rebuild.
	other := bytes.Repeat([]byte{7}, 32)
	if _, err := Open(context.Background(), dir, other, Options{Loader: l}); !errors.Is(err, ErrNeedsRebuild) {
		t.Errorf("opening with another key: %v, want ErrNeedsRebuild", err)
	}
}
