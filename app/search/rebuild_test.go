package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"parley/app/crm"
)

// TestDamagedIndexIsRebuilt damages index files in three ways; each time
// Open must say a rebuild is needed, and Rebuild must give an index that
// answers correctly once fed.
func TestDamagedIndexIsRebuilt(t *testing.T) {
	damages := map[string]func(t *testing.T, dir string){
		"flipped byte in a segment": func(t *testing.T, dir string) {
			seg := segments(t, dir)[0]
			b, err := os.ReadFile(seg)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 0xff
			if err := os.WriteFile(seg, b, 0o600); err != nil {
				t.Fatal(err)
			}
		},
		"truncated segment": func(t *testing.T, dir string) {
			seg := segments(t, dir)[0]
			if err := os.Truncate(seg, 100); err != nil {
				t.Fatal(err)
			}
		},
		"metadata gone": func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "index_meta.json")); err != nil {
				t.Fatal(err)
			}
		},
		"root file garbage": func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "store", "root.bolt"), []byte("not a bolt file at all, sorry"), 0o600); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			l, dir, es := closedIndex(t, 50)
			damage(t, dir)

			_, err := Open(ctx, dir, testKey, Options{Loader: l})
			if !errors.Is(err, ErrNeedsRebuild) {
				t.Fatalf("Open of a damaged index: %v, want ErrNeedsRebuild", err)
			}
			t.Logf("Open said: %v", err)

			re, err := Rebuild(ctx, dir, testKey, Options{Loader: l})
			if err != nil {
				t.Fatal(err)
			}
			if !re.Rebuilding() || re.LastSeq() != 0 {
				t.Fatalf("new index: rebuilding=%v seq=%d", re.Rebuilding(), re.LastSeq())
			}
			if _, err := os.Stat(dir + ".broken"); err != nil {
				t.Errorf("the damaged index was not moved aside: %v", err)
			}
			if err := re.Add(ctx, es); err != nil {
				t.Fatal(err)
			}
			if err := re.FinishRebuild(ctx, 50); err != nil {
				t.Fatal(err)
			}
			got := ids(t, re, Request{Query: "turbine"})
			if len(got) != 50 {
				t.Errorf("turbine after rebuild: %d hits, want 50", len(got))
			}
			if got := ids(t, re, Request{Query: `subject:"hello 7"`}); !slices.Equal(got, []crm.ID{"m_7"}) {
				t.Errorf(`subject:"hello 7" after rebuild: %v`, got)
			}
			if err := re.Close(ctx); err != nil {
				t.Fatal(err)
			}
			again, err := Open(ctx, dir, testKey, Options{Loader: l})
			if err != nil {
				t.Fatalf("reopen after rebuild: %v", err)
			}
			defer again.Close(ctx)
			if again.LastSeq() != 50 || again.Rebuilding() {
				t.Errorf("after reopen: seq %d rebuilding %v", again.LastSeq(), again.Rebuilding())
			}
		})
	}
}

// TestUnfinishedRebuildNeedsRebuild: a crash while feeding a rebuild must
// not leave a half index that claims to be complete.
func TestUnfinishedRebuildNeedsRebuild(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir() + "/index"
	l := newMemLoader()
	re, err := Rebuild(ctx, dir, testKey, Options{Loader: l})
	if err != nil {
		t.Fatal(err)
	}
	if err := re.Add(ctx, []crm.Entity{msg("m_1", "a@b.c", "s", "t", "2026-01-01")}); err != nil {
		t.Fatal(err)
	}
	if err := re.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, dir, testKey, Options{Loader: l}); !errors.Is(err, ErrNeedsRebuild) {
		t.Fatalf("Open after an unfinished rebuild: %v, want ErrNeedsRebuild", err)
	}
}

// TestSeqSurvivesReopen: the sequence is written with the documents.
func TestSeqSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	l := newMemLoader()
	ix, dir := openTestIndex(t, l, nil)
	feed(t, ix, l, msg("m_1", "a@b.c", "alpha", "beta", "2026-01-01"), msg("m_2", "a@b.c", "gamma", "delta", "2026-01-01"))
	if err := ix.Apply(ctx, []Change{{Seq: 7, ID: "t_x", Entity: &crm.Thread{ID: "t_x"}}}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(ctx); err != nil {
		t.Fatal(err)
	}
	ix2, err := Open(ctx, dir, testKey, Options{Loader: l})
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close(ctx)
	if ix2.LastSeq() != 7 {
		t.Errorf("LastSeq after reopen = %d, want 7", ix2.LastSeq())
	}
	if n, _ := ix2.DocCount(); n != 2 {
		t.Errorf("DocCount = %d, want 2 (a thread is not indexed)", n)
	}
}

func segments(t *testing.T, dir string) []string {
	t.Helper()
	segs, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil || len(segs) == 0 {
		t.Fatalf("no segments in %s (%v)", dir, err)
	}
	return segs
}

// Segment files cut short under an open index: the search that reads them
// faults on the memory map, and that is an error wrapping ErrNeedsRebuild
// and a closed Damaged channel, not a crash. (Read-only, as a one-shot
// search opens it: no background merger reads the files meanwhile.)
func TestSegmentsCutShortUnderAnOpenIndex(t *testing.T) {
	ctx := context.Background()
	l, dir, _ := closedIndex(t, 200)
	ro, err := Open(ctx, dir, testKey, Options{Loader: l, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close(ctx)
	if got := ids(t, ro, Request{Query: "turbine"}); len(got) != 200 {
		t.Fatalf("before: %d hits", len(got))
	}
	for _, seg := range segments(t, dir) {
		if err := os.Truncate(seg, 0); err != nil {
			t.Fatal(err)
		}
	}
	_, err = ro.Search(ctx, Request{Query: "turbine blades", Size: 50})
	if !errors.Is(err, ErrNeedsRebuild) {
		t.Fatalf("search over cut segments: %v, want ErrNeedsRebuild", err)
	}
	select {
	case <-ro.Damaged():
	default:
		t.Error("Damaged is not closed")
	}
	if _, err := ro.Search(ctx, Request{Query: "turbine"}); !errors.Is(err, ErrNeedsRebuild) {
		t.Errorf("the next search: %v, want ErrNeedsRebuild", err)
	}
}

// An index written by an older build (another mapping version) or with
// another key is not trusted: Open asks for a rebuild and says why.
func TestOlderMappingOrOtherKeyNeedsRebuild(t *testing.T) {
	ctx := context.Background()
	l := newMemLoader()
	ix, dir := openTestIndex(t, l, nil)
	feed(t, ix, l, msg("m_1", "x@example.com", "hello", "turbine", "2026-01-02"))
	if err := ix.b.SetInternal(keyMapping, []byte(strconv.Itoa(MappingVersion-1))); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, dir, testKey, Options{Loader: l})
	if !errors.Is(err, ErrNeedsRebuild) || !strings.Contains(err.Error(), "mapping version") {
		t.Fatalf("Open of an older mapping: %v", err)
	}

	ix, dir = openTestIndex(t, l, nil)
	if err := ix.Close(ctx); err != nil {
		t.Fatal(err)
	}
	other := slices.Clone(testKey)
	other[0] ^= 1
	_, err = Open(ctx, dir, other, Options{Loader: l})
	if !errors.Is(err, ErrNeedsRebuild) || !strings.Contains(err.Error(), "another key") {
		t.Fatalf("Open with another key: %v", err)
	}
}

// closedIndex indexes n messages ("hello i", all about turbine blades) and
// closes the index, for tests that damage its files.
func closedIndex(t *testing.T, n int) (*memLoader, string, []crm.Entity) {
	t.Helper()
	l := newMemLoader()
	ix, dir := openTestIndex(t, l, nil)
	var es []crm.Entity
	for i := range n {
		es = append(es, msg("m_"+strconv.Itoa(i), "x@example.com", "hello "+strconv.Itoa(i), "common words and turbine blades", "2026-01-02"))
	}
	feed(t, ix, l, es...)
	if err := ix.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	return l, dir, es
}
