package mail_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"parley/app/crm"
	"parley/app/mail"
	"parley/app/store"
	"parley/internal/imaptest"
)

// sliceMaildir makes a Maildir++ tree with the first n messages of a
// corpus folder (hard links when possible).
func sliceMaildir(t *testing.T, folder string, n int) string {
	t.Helper()
	root := t.TempDir()
	cur := filepath.Join(root, "."+folder, "cur")
	if err := os.MkdirAll(cur, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range corpusFiles(t, folder)[:n] {
		dst := filepath.Join(cur, filepath.Base(f))
		if os.Link(f, dst) != nil {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}

// buildKillChild builds the helper once, without -race, so it runs at
// real speed.
func buildKillChild(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "killchild")
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the child: %v", err)
	}
	cmd := exec.Command(goBin, "build", "-o", bin, "parley/app/mail/internal/killchild")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build killchild: %v\n%s", err, out)
	}
	return bin
}

// A child importing from Dovecot is SIGKILLed at random points 20 times;
// resumed to completion, its store holds exactly what one clean import
// holds, and each message was committed once.
func TestSIGKILLAtRandomPointsLosesAndRepeatsNothing(t *testing.T) {
	const n, folder = 400, "usrp-users"
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{Maildir: sliceMaildir(t, folder, n)})
	bin := buildKillChild(t)
	key := newKey(t)
	child := func(dir string) *exec.Cmd {
		cmd := exec.Command(bin, dir, hex.EncodeToString(key), d.Addr(), d.User(), d.Password(), folder, "10")
		cmd.Stderr = &bytes.Buffer{}
		return cmd
	}
	clean := filepath.Join(t.TempDir(), "clean")
	start := time.Now()
	if out, err := child(clean).Output(); err != nil {
		t.Fatalf("clean import: %v %s", err, out)
	}
	full := time.Since(start)

	killed := filepath.Join(t.TempDir(), "killed")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	midway, advanced, last := 0, 0, 0
	var trail []int
	for i := 0; i < 20; i++ {
		cmd := child(killed)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a random number of committed batches (0: while it
		// connects; every fourth run: while the store itself opens).
		lines := bufio.NewReader(out)
		if i%4 == 3 {
			time.Sleep(time.Duration(rng.Int64N(int64(30 * time.Millisecond))))
		} else {
			for k := rng.IntN(4); k >= 0; k-- {
				if _, err := lines.ReadString('\n'); err != nil {
					break
				}
			}
			time.Sleep(time.Duration(rng.Int64N(int64(3 * time.Millisecond))))
		}
		cmd.Process.Kill()
		err = cmd.Wait()
		if err == nil {
			continue // finished before the kill
		}
		if es := cmd.Stderr.(*bytes.Buffer).String(); es != "" {
			t.Fatalf("child %d failed on its own: %s", i, es)
		}
		st := openStoreBriefly(t, killed, key)
		cp, lerr := mail.LoadCheckpoint(context.Background(), st, "work", folder)
		st.Close(context.Background())
		if lerr != nil {
			t.Fatal(lerr)
		}
		if !cp.Complete {
			midway++
		}
		if cp.Fetched > last {
			advanced++ // this run committed work before it died
		}
		last = cp.Fetched
		trail = append(trail, cp.Fetched)
	}
	if out, err := child(killed).Output(); err != nil {
		t.Fatalf("resume: %v %s %s", err, out, d.Log())
	}
	t.Logf("clean import %v; %d of 20 kills landed mid-import, %d after committing work; committed after each kill: %v", full, midway, advanced, trail)
	if midway < 5 || advanced < 3 {
		t.Fatalf("%d kills mid-import, %d after progress: the test proves too little", midway, advanced)
	}
	a, b := openStore(t, clean, key), openStore(t, killed, key)
	want := expectedIDs(t, corpusFiles(t, folder)[:n])
	sameSet(t, storedIDs(t, a), want)
	sameSet(t, storedIDs(t, b), want)
	if contentHash(t, a) != contentHash(t, b) {
		t.Fatal("content differs between the clean and the killed import")
	}
	if ca, cb := derivedHash(t, a), derivedHash(t, b); ca != cb {
		t.Fatalf("threads, accounts or contacts differ between the clean and the killed import:\n%s\n%s", ca, cb)
	}
	if got := fetchedCount(t, b, "work", folder); got != n {
		t.Fatalf("checkpoint counts %d messages committed, want %d: work was lost or repeated", got, n)
	}
}

// derivedHash summarises what the ingester derived: each message's thread,
// the accounts and the contacts, so two imports can be compared.
func derivedHash(t *testing.T, st *store.Store) string {
	t.Helper()
	var lines []string
	st.View(context.Background(), func(tx *store.Tx) error {
		tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			m := e.(*crm.Message)
			lines = append(lines, fmt.Sprintf("m %s t %s h %v", m.ID, m.ThreadID, m.History))
			return true
		})
		for _, k := range []crm.Kind{crm.KindAccount, crm.KindContact, crm.KindThread} {
			tx.Each(k, func(e crm.Entity) bool {
				lines = append(lines, fmt.Sprintf("%s %s", k, e.EntityID()))
				return true
			})
		}
		return nil
	})
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return fmt.Sprintf("%d lines %x", len(lines), sum[:8])
}

func openStoreBriefly(t *testing.T, dir string, key []byte) *store.Store {
	t.Helper()
	// With sync writes, as the product opens it: reopening a crashed
	// store with NoSync and closing it made the next open after a kill
	// fail in Badger v4.9.6 (a zero-length 00001.mem).
	st, err := store.Open(context.Background(), store.Options{Dir: dir, Key: key})
	if err != nil {
		ents, _ := os.ReadDir(dir)
		var ls []string
		for _, e := range ents {
			fi, _ := e.Info()
			ls = append(ls, e.Name()+"="+strconv.FormatInt(fi.Size(), 10))
		}
		t.Fatalf("open the store after a kill: %v\n%v", err, ls)
	}
	return st
}
