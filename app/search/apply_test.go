package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"parley/app/crm"
)

// Changes applied in small batches, two side by side where they touch
// different entities, leave the index as one batch does: the newest state
// of an entity changed in neighbouring batches wins, deletions hold, and
// the change sequence reaches the last change and survives a reopen.
func TestApplyInBatchesSideBySide(t *testing.T) {
	ctx := context.Background()
	var changes []Change
	add := func(id crm.ID, e crm.Entity) {
		changes = append(changes, Change{Seq: uint64(len(changes) + 1), ID: id, Entity: e})
	}
	for i := range 40 {
		id := fmt.Sprintf("m_%02d", i)
		add(crm.ID(id), msg(id, "ann@acme.com", "quarterly order", fmt.Sprintf("word%d shared", i), "2026-03-01"))
		switch {
		case i%7 == 3: // the same message again, in this batch or the next
			add(crm.ID(id), msg(id, "ann@acme.com", "renewal", fmt.Sprintf("word%d shared", i), "2026-03-01"))
		case i%9 == 5:
			add(crm.ID(id), (*crm.Message)(nil))
		case i%5 == 0:
			add(crm.ID(fmt.Sprintf("t_%02d", i)), notIndexedThread)
		}
	}
	last := changes[len(changes)-1].Seq
	loader := newMemLoader() // the store: each entity as it is in the end
	for _, c := range changes {
		if m, ok := c.Entity.(*crm.Message); ok && m != nil {
			loader.put(m)
		}
	}

	queries := []string{"shared", "renewal", "quarterly", "word3", "word5", "word10", "from:ann@acme.com"}
	results := func(batchSize int) (map[string][]crm.ID, string) {
		dir := t.TempDir() + "/index"
		ix, err := Open(ctx, dir, testKey, Options{Loader: loader, Location: time.UTC, BatchSize: batchSize})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close(ctx)
		if err := ix.Apply(ctx, changes); err != nil {
			t.Fatal(err)
		}
		if ix.LastSeq() != last {
			t.Fatalf("batches of %d: index at change %d, want %d", batchSize, ix.LastSeq(), last)
		}
		out := map[string][]crm.ID{}
		for _, q := range queries {
			got := ids(t, ix, Request{Query: q})
			slices.Sort(got)
			out[q] = got
		}
		return out, dir
	}
	whole, _ := results(1000)
	if len(whole["shared"]) == 0 || len(whole["renewal"]) == 0 {
		t.Fatalf("the reference index found too little: %v", whole)
	}
	for _, size := range []int{1, 3, 4, 7} {
		got, dir := results(size)
		for _, q := range queries {
			if !slices.Equal(got[q], whole[q]) {
				t.Errorf("batches of %d: %q found %v, one batch found %v", size, q, got[q], whole[q])
			}
		}
		ix, err := Open(ctx, dir, testKey, Options{Loader: newMemLoader(), Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		if ix.LastSeq() != last {
			t.Errorf("batches of %d: reopened at change %d, want %d", size, ix.LastSeq(), last)
		}
		ix.Close(ctx)
	}
}

// notIndexedThread is a kind the index does not hold.
var notIndexedThread crm.Entity = &crm.Thread{ID: "t_x"}

// Neighbouring runs go side by side only when no entity is in both.
func TestDisjoint(t *testing.T) {
	run := func(ids ...crm.ID) []Change {
		out := make([]Change, len(ids))
		for i, id := range ids {
			out[i] = Change{Seq: uint64(i + 1), ID: id}
		}
		return out
	}
	cases := []struct {
		a, b []Change
		want bool
	}{
		{run("m_1", "m_2"), run("m_3"), true},
		{run("m_1", "a_1"), run("m_3", "a_1"), false},
		{run("m_1"), nil, false},
	}
	for i, c := range cases {
		if got := disjoint(c.a, c.b); got != c.want {
			t.Errorf("case %d: disjoint = %v, want %v", i, got, c.want)
		}
	}
}

// An account changed and changed back within one run of changes is
// indexed as it ends, not as the first change left it.
func TestApplyChangedBackInOneRun(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	widgets := &crm.Account{ID: "a_acme", Name: "Acme Widgets"}
	feed(t, ix, l, widgets)
	gadgets := &crm.Account{ID: "a_acme", Name: "Acme Gadgets"}
	l.put(widgets) // the store ends with the first name again
	seq := ix.LastSeq()
	err := ix.Apply(context.Background(), []Change{
		{Seq: seq + 1, ID: gadgets.ID, Entity: gadgets},
		{Seq: seq + 2, ID: widgets.ID, Entity: widgets},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(t, ix, Request{Query: "gadgets"}); len(got) != 0 {
		t.Errorf("the name the account no longer has finds %v", got)
	}
	if got := ids(t, ix, Request{Query: "widgets"}); !slices.Equal(got, []crm.ID{"a_acme"}) {
		t.Errorf("the name the account has finds %v, want [a_acme]", got)
	}
}
