package mail_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"

	"parley/app/crm"
	"parley/app/mail"
	"parley/app/store"
	"parley/internal/imaptest"
)

func openStore(t testing.TB, dir string, key []byte) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{Dir: dir, Key: key, NoSync: true})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })
	return st
}

func newKey(t testing.TB) []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

func tempStore(t testing.TB) *store.Store { return openStore(t, t.TempDir(), newKey(t)) }

func corpusPublic(t testing.TB) string {
	return filepath.Join(imaptest.FindShared(t), "corpus", "public")
}

// corpusFiles lists the message files of a corpus folder ("usrp-users").
func corpusFiles(t testing.TB, folder string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusPublic(t), "."+folder, "cur", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("corpus folder %s: %v (%d files)", folder, err, len(files))
	}
	slices.Sort(files)
	return files
}

// expectedIDs derives, on its own, the message ids the files must produce.
func expectedIDs(t testing.TB, files []string) map[crm.ID]bool {
	t.Helper()
	out := map[crm.ID]bool{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[mail.RawMessageID(raw)] = true
	}
	return out
}

func storedIDs(t testing.TB, st *store.Store) map[crm.ID]bool {
	t.Helper()
	out := map[crm.ID]bool{}
	err := st.View(context.Background(), func(tx *store.Tx) error {
		return tx.Each(crm.KindMessage, func(e crm.Entity) bool { out[e.EntityID()] = true; return true })
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// contentHash hashes the sorted ids with the raw source of each.
func contentHash(t testing.TB, st *store.Store) string {
	t.Helper()
	ids := storedIDs(t, st)
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, string(id))
	}
	slices.Sort(sorted)
	h := sha256.New()
	err := st.View(context.Background(), func(tx *store.Tx) error {
		for _, id := range sorted {
			raw, err := tx.Raw(crm.ID(id))
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s %x\n", id, sha256.Sum256(raw))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func sameSet(t testing.TB, got, want map[crm.ID]bool) {
	t.Helper()
	missing, extra := 0, 0
	for id := range want {
		if !got[id] {
			missing++
		}
	}
	for id := range got {
		if !want[id] {
			extra++
		}
	}
	if missing > 0 || extra > 0 {
		t.Fatalf("stored %d messages, want %d: %d missing, %d unexpected", len(got), len(want), missing, extra)
	}
}

func dovecotAccount(t testing.TB, addr, user string, folders ...string) mail.MailAccount {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := strconv.Atoi(port)
	return mail.MailAccount{ID: "work", Host: host, Port: p, Security: mail.SecurityPlain, Username: user, Folders: folders}
}

// countingSink wraps RawSink and counts each (folder, UIDVALIDITY, UID)
// it committed, to prove that nothing is delivered twice.
type countingSink struct {
	mail.RawSink
	mu        sync.Mutex
	delivered map[string]int
	onBatch   func(n int)
}

func (s *countingSink) Store(ctx context.Context, acct string, batch []mail.Fetched, commit func(*store.Tx) error) (mail.BatchStats, error) {
	stats, err := s.RawSink.Store(ctx, acct, batch, commit)
	if err != nil {
		return stats, err
	}
	s.mu.Lock()
	if s.delivered == nil {
		s.delivered = map[string]int{}
	}
	for _, f := range batch {
		s.delivered[fmt.Sprintf("%s/%d/%d", f.Folder, f.UIDValidity, f.UID)]++
	}
	total := len(s.delivered)
	s.mu.Unlock()
	if s.onBatch != nil {
		s.onBatch(total)
	}
	return stats, nil
}

func (s *countingSink) twice(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, n := range s.delivered {
		if n > 1 {
			t.Fatalf("%s committed %d times", k, n)
		}
	}
}

func fetchedCount(t testing.TB, st *store.Store, acct string, folders ...string) int {
	t.Helper()
	n := 0
	for _, f := range folders {
		cp, err := mail.LoadCheckpoint(context.Background(), st, acct, f)
		if err != nil {
			t.Fatal(err)
		}
		n += cp.Fetched
	}
	return n
}
