package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A write transaction's iterator sees what is committed merged with the
// transaction's own writes: over random transactions of sets (small,
// too big to remember, and in packs), deletes and failures, every walk
// from every start equals a model, in a write transaction and in a
// read-only view after it commits.
func TestIterateMergesOwnWrites(t *testing.T) {
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)

	r := rand.New(rand.NewPCG(3, 4))
	committed := map[string][]byte{}
	errFail := errors.New("fails on purpose")
	prefixes := []string{"test/a/", "test/b/", prefixBlob + "t/"}
	key := func() string {
		return fmt.Sprintf("%s%02d", prefixes[r.IntN(len(prefixes))], r.IntN(30))
	}
	value := func(k string, round int) []byte {
		n := []int{0, 12, 2000, recentValueMax + 1}[r.IntN(4)]
		return bytes.Repeat([]byte(fmt.Sprintf("%s@%d;", k, round)), n/8+1)[:n]
	}
	check := func(tx *Tx, want map[string][]byte, round int) error {
		prefix := prefixes[r.IntN(len(prefixes))]
		start := prefix
		if r.IntN(2) == 0 {
			start = fmt.Sprintf("%s%02d", prefix, r.IntN(32))
		}
		var wantKeys []string
		for k := range want {
			if strings.HasPrefix(k, prefix) && k >= start {
				wantKeys = append(wantKeys, k)
			}
		}
		slices.Sort(wantKeys)
		var gotKeys []string
		it := tx.iterate([]byte(prefix), []byte(start))
		defer it.Close()
		for ; it.Valid(); it.Next() {
			k := string(it.Key())
			v, err := it.Value()
			if err != nil {
				return err
			}
			if !bytes.Equal(v, want[k]) {
				return fmt.Errorf("round %d: %s has %d bytes, want %d", round, k, len(v), len(want[k]))
			}
			gotKeys = append(gotKeys, k)
		}
		if !slices.Equal(gotKeys, wantKeys) {
			return fmt.Errorf("round %d: walk of %s from %s gave %q, want %q", round, prefix, start, gotKeys, wantKeys)
		}
		return nil
	}
	for round := range 1500 {
		fail := r.IntN(6) == 0
		want := maps.Clone(committed)
		err := st.Update(ctx, func(tx *Tx) error {
			for range r.IntN(10) + 1 {
				k := key()
				switch r.IntN(4) {
				case 0:
					if err := tx.del([]byte(k)); err != nil {
						return err
					}
					delete(want, k)
				case 1, 2:
					v := value(k, round)
					if err := tx.set([]byte(k), v); err != nil {
						return err
					}
					want[k] = v
				default:
					if err := check(tx, want, round); err != nil {
						return err
					}
				}
			}
			if fail {
				return errFail
			}
			return nil
		})
		switch {
		case fail && !errors.Is(err, errFail):
			t.Fatalf("round %d: %v", round, err)
		case !fail && err != nil:
			t.Fatal(err)
		case !fail:
			committed = want
		}
		err = st.View(ctx, func(tx *Tx) error { return check(tx, committed, round) })
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(committed) < 20 {
		t.Fatalf("only %d keys survived: the walk checked too little", len(committed))
	}
}
