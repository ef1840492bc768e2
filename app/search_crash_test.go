package app

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"math/rand/v2"

	"parley/app/applog"
	"parley/app/crm"
	"parley/app/mail"
	"parley/app/settings"
	"parley/app/store"
)

// corpusSlice returns up to n raw corpus messages of one folder.
func corpusSlice(t testing.TB, folder string, n int) [][]byte {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		dir = filepath.Dir(dir)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "..", "shared", "corpus", "public", "."+folder, "cur", "*"))
	if len(files) == 0 {
		t.Fatal("corpus not found")
	}
	sort.Strings(files)
	var out [][]byte
	for _, f := range files[:min(n, len(files))] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// openTestWorkspace opens (creating) a workspace under home with no mail
// import running, failing the test when it cannot.
func openTestWorkspace(t testing.TB, home, passphrase string) *Workspace {
	t.Helper()
	w := NewWorkspace(Config{Paths: settings.Paths{Data: home + "/data", Logs: home + "/logs"}, Passphrase: passphrase, NoImport: true})
	if err := w.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	return w
}

// ingestAll ingests raw messages into the workspace's store in batches.
func ingestAll(t testing.TB, w *Workspace, raws [][]byte, batchSize int) {
	t.Helper()
	st, _ := w.Store()
	g, _ := mail.NewIngester(st, mail.IngestConfig{Classify: listIsHistory})
	for i := 0; i < len(raws); i += batchSize {
		var batch []mail.Fetched
		for j, r := range raws[i:min(i+batchSize, len(raws))] {
			batch = append(batch, mail.Fetched{Folder: "corpus", UIDValidity: 1, UID: uint32(i + j + 1), Raw: r})
		}
		if _, err := g.Ingest(context.Background(), "work", batch, nil); err != nil {
			t.Fatal(err)
		}
	}
}

var listIsHistory = crm.ClassifierConfig{MyAddresses: []string{"martin.braun@ettus.com"},
	InternalDomains: []string{"ettus.com", "ni.com", "emerson.com"}, ListMailIsHistory: true}

// TestIndexCrashChild ingests corpus mail while the indexer follows; the
// parent kills it. It does nothing unless started by the crash test.
func TestIndexCrashChild(t *testing.T) {
	home := os.Getenv("PARLEY_INDEX_CRASH_HOME")
	if home == "" {
		return
	}
	w := openTestWorkspace(t, home, "crash test passphrase")
	raws := corpusSlice(t, "usrp-users", 400)
	for i := 0; i < len(raws); i += 25 {
		ingestAll(t, w, raws[i:min(i+25, len(raws))], 25)
		st, _ := w.Store()
		indexed := uint64(0)
		if ix := w.Indexer().Index(); ix != nil {
			indexed = ix.LastSeq()
		}
		fmt.Fprintf(os.Stdout, "batch %d %d\n", st.LastSeq(), indexed) // store and index sequences
	}
	// Keep indexing until killed.
	time.Sleep(time.Minute)
}

// TestIndexConvergesAfterKills kills the app with SIGKILL while it
// imports and indexes, restarts it, and checks the index converges to the
// store: the same document count, and every stored message found by a
// word only it contains.
func TestIndexConvergesAfterKills(t *testing.T) {
	home := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	behind := 0
	for round := 0; round < 6; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIndexCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "PARLEY_INDEX_CRASH_HOME="+home)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(out)
		for k := rng.IntN(8); k >= 0; k-- {
			line, err := r.ReadString('\n')
			if err != nil {
				break
			}
			var stored, indexed uint64
			if _, err := fmt.Sscanf(line, "batch %d %d", &stored, &indexed); err == nil && k == 0 && indexed < stored {
				behind++ // the kill follows a line that showed the index behind the store
			}
		}
		time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}
	if behind == 0 {
		t.Fatal("no kill followed a moment when the index was behind the store")
	}
	// Restart: finish the import, let the index catch up.
	ctx := context.Background()
	w := openTestWorkspace(t, home, "crash test passphrase")
	defer w.Close(ctx)
	st, _ := w.Store()
	raws := corpusSlice(t, "usrp-users", 400)
	ingestAll(t, w, raws, len(raws))
	waitIndexed(t, w)

	var want uint64
	msgs := map[crm.ID]*crm.Message{}
	st.View(ctx, func(tx *store.Tx) error {
		for _, k := range indexedKinds {
			tx.Each(k, func(e crm.Entity) bool {
				if m, ok := e.(*crm.Message); ok {
					if !m.History {
						return true
					}
					msgs[m.ID] = m
				}
				want++
				return true
			})
		}
		return nil
	})
	got, err := w.Indexer().Index().DocCount()
	if err != nil || got != want || len(msgs) < len(raws)/2 {
		t.Fatalf("index holds %d documents, the store %d searchable entities (%d messages of %d): %v", got, want, len(msgs), len(raws), err)
	}
	// Every stored message is found: by a word only it holds, or else by
	// its sender and day.
	svc := NewServices(w)
	words, unique := uniqueWords(msgs), 0
	for id, m := range msgs {
		q, ok := words[id]
		if ok {
			unique++
		} else {
			day := time.UnixMilli(m.Date).In(time.Local)
			day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.Local)
			q = fmt.Sprintf("from:%s after:%s before:%s", m.From.Address, day.Format("2006-01-02"), day.AddDate(0, 0, 1).Format("2006-01-02"))
		}
		res, err := svc.Search.Search(SearchQuery{Query: q, Size: 200})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range res.Hits {
			found = found || h.ID == string(id)
		}
		if !found {
			t.Errorf("message %s not found by %q", id, q)
		}
	}
	t.Logf("%d messages found, %d by a word of their own; %d of 6 kills followed a line showing the index behind", len(msgs), unique, behind)
	if unique < len(msgs)/4 {
		t.Errorf("only %d of %d messages had a word of their own", unique, len(msgs))
	}
}

func waitIndexed(t *testing.T, w *Workspace) {
	t.Helper()
	st, _ := w.Store()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if ix := w.Indexer().Index(); ix != nil && ix.LastSeq() >= st.LastSeq() && w.Indexer().State().State == "ready" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the index did not catch up: %+v", w.Indexer().State())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var wordRE = regexp.MustCompile(`^[a-z]{7,14}$`)

// plainWords are the whitespace-separated words of s that are letters
// only once common punctuation is trimmed, so the tokenizer sees them as
// the same single word.
func plainWords(s string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(s)) {
		f = strings.Trim(f, `,.;:!?()"'`)
		if wordRE.MatchString(f) {
			out = append(out, f)
		}
	}
	return out
}

// uniqueWords picks, for each message, a plain word of its own text (the
// part before quoted replies) that no other message's text contains.
func uniqueWords(msgs map[crm.ID]*crm.Message) map[crm.ID]string {
	df := map[string]int{}
	words := map[crm.ID][]string{}
	for id, m := range msgs {
		seen := map[string]bool{}
		// Any appearance in any form counts against uniqueness.
		for _, w := range regexp.MustCompile(`[a-z]+`).FindAllString(strings.ToLower(m.Subject+" "+m.Text), -1) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
		words[id] = plainWords(m.Text[:min(max(m.QuoteStart, 0), len(m.Text), 16<<10)])
	}
	out := map[crm.ID]string{}
	for id, ws := range words {
		for _, w := range ws {
			if df[w] == 1 {
				out[id] = w
				break
			}
		}
	}
	return out
}

// TestDamagedIndexRebuilds damages, or deletes, the index of a closed
// workspace; on the next start the index is rebuilt from the store in the
// background and search gives the same answers as before.
func TestDamagedIndexRebuilds(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string)
		logged string // what the log says happened
	}{
		{"segments overwritten", func(t *testing.T, dir string) {
			damaged := 0
			filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
				if err == nil && !info.IsDir() && strings.HasSuffix(p, ".zap") {
					os.WriteFile(p, []byte("not a segment"), 0o600)
					damaged++
				}
				return nil
			})
			if damaged == 0 {
				t.Fatal("found no index segments to damage")
			}
		}, "search index needs a rebuild"},
		{"index deleted", func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}, "search index missing: rebuilding it from the store"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			home := t.TempDir()
			paths := settings.Paths{Data: home + "/data", Logs: home + "/logs"}
			logPath := filepath.Join(home, "test.log")
			log, err := os.Create(logPath) // an *os.File takes writes from many goroutines
			if err != nil {
				t.Fatal(err)
			}
			defer log.Close()
			open := func() *Workspace {
				w := NewWorkspace(Config{Paths: paths, Passphrase: "damage test passphrase", NoImport: true, Logger: applog.New(log, slog.LevelInfo)})
				if err := w.Open(context.Background()); err != nil {
					t.Fatal(err)
				}
				return w
			}
			answers := func(w *Workspace) []string {
				t.Helper()
				res, err := NewServices(w).Search.Search(SearchQuery{Query: "btrfs", Size: 200, Order: "newest"})
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, h := range res.Hits {
					ids = append(ids, h.ID)
				}
				slices.Sort(ids) // messages of the same minute may swap places
				return ids
			}
			w := open()
			ingestAll(t, w, corpusSlice(t, "linux-btrfs", 150), 150)
			waitIndexed(t, w)
			before := answers(w)
			if len(before) < 100 {
				t.Fatalf("only %d messages found before the damage", len(before))
			}
			w.Close(context.Background())

			dir := filepath.Join(paths.Data, "demo", "index")
			c.damage(t, dir)
			w = open()
			defer w.Close(context.Background())
			waitIndexed(t, w)
			if after := answers(w); !slices.Equal(after, before) {
				t.Fatalf("after the rebuild %d messages found, before %d", len(after), len(before))
			}
			if logged, _ := os.ReadFile(logPath); !bytes.Contains(logged, []byte(c.logged)) {
				t.Errorf("the log does not say %q", c.logged)
			}
			if c.name == "segments overwritten" {
				if _, err := os.Stat(dir + ".broken"); err != nil {
					t.Errorf("the damaged index was not kept aside: %v", err)
				}
			}
		})
	}
}
