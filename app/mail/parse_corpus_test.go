package mail

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// corpusDir finds ../shared/corpus/public from the module root (the folder
// holding go.mod), as the working rules ask.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the package")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus", "public")
	if _, err := os.Stat(c); err != nil {
		tb.Fatalf("the shared corpus is missing: %v", err)
	}
	return c
}

type corpusMsg struct {
	path string
	raw  []byte
}

// loadCorpus reads every message of the public corpus, sorted by path.
func loadCorpus(tb testing.TB) []corpusMsg {
	tb.Helper()
	root := corpusDir(tb)
	var paths []string
	for _, folder := range []string{".usrp-users", ".linux-btrfs"} {
		m, err := filepath.Glob(filepath.Join(root, folder, "cur", "*"))
		if err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	out := make([]corpusMsg, 0, len(paths))
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, corpusMsg{path: p, raw: raw})
	}
	return out
}
