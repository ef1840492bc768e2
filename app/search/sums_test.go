package search

import (
	"context"
	"slices"
	"testing"

	"parley/app/crm"
)

// An account or a person changed in nothing the index holds (a journey
// step, a phone number) is not indexed again; a change it holds (a new
// name) is, and a search finds it by the new name only.
func TestUnchangedAccountsAreNotReindexed(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	acme := &crm.Account{ID: "a_acme", Name: "Acme Pumpen", Domains: []string{"acme.de"}, Created: testNow.UnixMilli()}
	kim := &crm.Contact{ID: "c_kim", Name: "Kim Weber", Addresses: []string{"kim@acme.de"}, AccountID: "a_acme"}
	feed(t, ix, l, acme, kim)
	updates := func() uint64 {
		t.Helper()
		st, ok := ix.b.StatsMap()["index"].(map[string]any)
		if !ok {
			t.Fatalf("no index stats: %v", ix.b.StatsMap())
		}
		n, ok := st["TotUpdates"].(uint64)
		if !ok {
			t.Fatalf("no TotUpdates in %v", st)
		}
		return n
	}
	before := updates()
	a2, k2 := *acme, *kim
	a2.Journey, k2.Phone = "evaluation", "+49 30 1234"
	feed(t, ix, l, &a2, &k2)
	if got := updates(); got != before {
		t.Errorf("%d documents indexed again for changes the index does not hold", got-before)
	}
	a3 := a2
	a3.Name = "Acme Hydraulik"
	feed(t, ix, l, &a3)
	if got := updates(); got != before+1 {
		t.Errorf("renamed account: %d documents indexed, want 1", got-before)
	}
	if got := ids(t, ix, Request{Query: "hydraulik"}); !slices.Contains(got, crm.ID("a_acme")) {
		t.Errorf("new name: %v", got)
	}
	if got := ids(t, ix, Request{Query: "pumpen"}); slices.Contains(got, crm.ID("a_acme")) {
		t.Errorf("old name still finds the account: %v", got)
	}
	// Gone and back: the document is indexed again.
	seq := ix.LastSeq() + 1
	if err := ix.Apply(context.Background(), []Change{{Seq: seq, ID: "c_kim"}}); err != nil {
		t.Fatal(err)
	}
	feed(t, ix, l, &k2)
	if got := ids(t, ix, Request{Query: "weber"}); !slices.Contains(got, crm.ID("c_kim")) {
		t.Errorf("person deleted and added back is not found: %v", got)
	}
}
