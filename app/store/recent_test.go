package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"
)

// Write transactions read small values through the store's recent values.
// Over thousands of random transactions (sets of every size, deletes,
// reads before and after writing, transactions that fail, callers that
// append to what they read, generations rolling over), every read equals
// what a model of committed writes says, and Badger read directly agrees.
func TestRecentValuesFollowCommits(t *testing.T) {
	defer func(n int) { recentBytes = n }(recentBytes)
	recentBytes = 64 << 10 // roll generations over often
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)

	r := rand.New(rand.NewPCG(7, 8))
	committed := map[string][]byte{}
	errFail := errors.New("fails on purpose")
	value := func(k string, round int) []byte {
		n := []int{0, 10, 300, 5000, recentValueMax, recentValueMax + 1, 20000}[r.IntN(7)]
		return bytes.Repeat([]byte(fmt.Sprintf("%s@%d;", k, round)), n/8+1)[:n]
	}
	for round := range 3000 {
		fail := r.IntN(5) == 0
		want := maps.Clone(committed)
		err := st.Update(ctx, func(tx *Tx) error {
			for range r.IntN(8) + 1 {
				k := fmt.Sprintf("test/%d", r.IntN(60))
				switch r.IntN(4) {
				case 0:
					if err := tx.del([]byte(k)); err != nil {
						return err
					}
					delete(want, k)
				case 1:
					v := value(k, round)
					if err := tx.set([]byte(k), v); err != nil {
						return err
					}
					want[k] = v
				default:
					got, err := tx.get([]byte(k))
					if err != nil {
						return err
					}
					if !bytes.Equal(got, want[k]) || (got == nil) != (want[k] == nil) {
						return fmt.Errorf("round %d: %s read %d bytes (nil %v), want %d (nil %v)", round, k, len(got), got == nil, len(want[k]), want[k] == nil)
					}
					_ = append(got, "must not reach the remembered value"...)
				}
			}
			if fail {
				return errFail
			}
			return nil
		})
		if fail && errors.Is(err, errFail) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		committed = want
	}
	err := st.View(ctx, func(tx *Tx) error {
		for i := range 60 {
			k := fmt.Sprintf("test/%d", i)
			got, err := tx.get([]byte(k))
			if err != nil {
				return err
			}
			if !bytes.Equal(got, committed[k]) {
				return fmt.Errorf("%s: Badger has %d bytes, want %d", k, len(got), len(committed[k]))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.recent.old) == 0 {
		t.Error("the recent values never rolled over a generation: the test did not reach it")
	}
}

// A transaction Badger refuses as too big (a batch the importer then
// retries in halves) leaves none of its writes in the recent values.
func TestRecentValuesIgnoreARefusedTransaction(t *testing.T) {
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)
	if err := st.Update(ctx, func(tx *Tx) error { return tx.set([]byte("test/a"), []byte("one")) }); err != nil {
		t.Fatal(err)
	}
	if err := st.Update(ctx, func(tx *Tx) error { _, err := tx.get([]byte("test/a")); return err }); err != nil {
		t.Fatal(err)
	}
	if _, ok := st.recent.get([]byte("test/a")); !ok {
		t.Fatal("a value read by a write transaction was not remembered")
	}
	err := st.Update(ctx, func(tx *Tx) error {
		if err := tx.set([]byte("test/a"), []byte("two")); err != nil {
			return err
		}
		for i := 0; ; i++ {
			if err := tx.set(fmt.Appendf(nil, "test/fill/%d", i), make([]byte, 900)); err != nil {
				return err
			}
		}
	})
	if !errors.Is(err, ErrTooBig) {
		t.Fatalf("filling a transaction: %v, want ErrTooBig", err)
	}
	err = st.Update(ctx, func(tx *Tx) error {
		got, err := tx.get([]byte("test/a"))
		if err == nil && string(got) != "one" {
			err = fmt.Errorf("read %q after a refused transaction, want %q", got, "one")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
