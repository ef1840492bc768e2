package store

import (
	"context"
	"slices"
	"testing"
)

// A subject's entries come back by date window, oldest first, with the
// transaction's own writes, each message once however often it is filed.
func TestSubjectEntriesByDate(t *testing.T) {
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)
	put := func(tx *Tx, subject string, date int64, key string) {
		t.Helper()
		if err := tx.PutSubjectEntry(subject, date, key, []byte(key)); err != nil {
			t.Fatal(err)
		}
	}
	between := func(tx *Tx, subject string, from, to int64, limit int) []string {
		t.Helper()
		var out []string
		err := tx.SubjectEntriesBetween(subject, from, to, limit, func(raw []byte) error {
			out = append(out, string(raw))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	err := st.Update(ctx, func(tx *Tx) error {
		put(tx, "quote", 300, "c")
		put(tx, "quote", -50, "before-1970")
		put(tx, "quote", 100, "a")
		put(tx, "quote", 200, "b")
		put(tx, "quote", 200, "b") // filed again: still one entry
		put(tx, "quote for", 150, "other subject")
		if got := between(tx, "quote", 100, 200, 10); !slices.Equal(got, []string{"a", "b"}) {
			t.Errorf("pending window 100..200: %q", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st.View(ctx, func(tx *Tx) error {
		for _, c := range []struct {
			from, to int64
			limit    int
			want     []string
		}{
			{-100, 1000, 10, []string{"before-1970", "a", "b", "c"}},
			{101, 300, 10, []string{"b", "c"}},
			{-100, 1000, 2, []string{"before-1970", "a"}},
			{400, 500, 10, nil},
		} {
			if got := between(tx, "quote", c.from, c.to, c.limit); !slices.Equal(got, c.want) {
				t.Errorf("window %d..%d (limit %d): %q, want %q", c.from, c.to, c.limit, got, c.want)
			}
		}
		return nil
	})
}

// A subject list of the older layout is found after a reopen, handed out
// once and gone after that.
func TestLegacySubjectListIsTakenOnce(t *testing.T) {
	ctx := context.Background()
	dir, key := t.TempDir(), testKey(t)
	st := openTest(t, dir, key)
	if err := st.Update(ctx, func(tx *Tx) error { return WriteLegacySubjectList(tx, "quote", []byte(`[1]`)) }); err != nil {
		t.Fatal(err)
	}
	st.Close(ctx)
	st = openTest(t, dir, key)
	take := func() []byte {
		var raw []byte
		if err := st.Update(ctx, func(tx *Tx) (err error) {
			raw, err = tx.TakeLegacySubjectEntries("quote")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return raw
	}
	if got := string(take()); got != "[1]" {
		t.Fatalf("first take: %q", got)
	}
	if got := take(); got != nil {
		t.Fatalf("second take: %q", got)
	}
	st.Close(ctx)
}
