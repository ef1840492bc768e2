package store

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"parley/app/crm"
)

// TestCrashChild is the writer the crash test kills; it does nothing
// unless started by TestKillNineLosesNothing.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("PARLEY_CRASH_DIR")
	if dir == "" {
		return
	}
	key, _ := hex.DecodeString(os.Getenv("PARLEY_CRASH_KEY"))
	ctx := context.Background()
	st, err := Open(ctx, Options{Dir: dir, Key: key})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		note := &crm.Activity{ID: crm.NewID("n_"), Kind: crm.ActivityNote, At: time.Now().UnixMilli(), AccountID: "a_1", Body: strings.Repeat("n", i%500)}
		err := st.Update(ctx, func(tx *Tx) error {
			if _, err := tx.Put(note, "me"); err != nil {
				return err
			}
			// A second entity in the same transaction: both or neither.
			_, err := tx.Put(&crm.Account{ID: "a_1", Name: fmt.Sprintf("Acme %d", i)}, "me")
			return err
		})
		if err != nil {
			fmt.Println("write failed:", err)
			os.Exit(4)
		}
		fmt.Fprintln(out, note.ID)
		out.Flush()
	}
}

// TestKillNineLosesNothing kills a writing child with SIGKILL 20 times and
// checks after each that every write it reported is there, that entities
// and ops match one to one, and that the sequences have no gap.
func TestKillNineLosesNothing(t *testing.T) {
	dir := t.TempDir()
	key := testKey(t)
	reported := map[crm.ID]bool{}
	for round := 0; round < 20; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "PARLEY_CRASH_DIR="+dir, "PARLEY_CRASH_KEY="+hex.EncodeToString(key))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		if round%2 == 0 {
			// Wait for the first commit, then kill at a random moment.
			first, ok := <-lines
			if !ok || !strings.HasPrefix(first, "n_") {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("round %d: child said %q", round, first)
			}
			reported[crm.ID(first)] = true
			time.Sleep(time.Duration(rand.IntN(150)) * time.Millisecond)
		} else {
			// Kill anywhere, opening the store included.
			time.Sleep(time.Duration(rand.IntN(60)) * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		for l := range lines {
			if strings.HasPrefix(l, "n_") {
				reported[crm.ID(l)] = true
			}
		}
		cmd.Wait()
		checkConsistent(t, dir, key, reported)
	}
	if len(reported) < 20 {
		t.Fatalf("only %d writes in 20 rounds: the child barely ran", len(reported))
	}
}

func checkConsistent(t *testing.T, dir string, key []byte, reported map[crm.ID]bool) {
	t.Helper()
	ctx := context.Background()
	st, err := Open(ctx, Options{Dir: dir, Key: key})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer st.Close(ctx)
	err = st.View(ctx, func(tx *Tx) error {
		notes := map[crm.ID]bool{}
		tx.Each(crm.KindActivity, func(e crm.Entity) bool { notes[e.EntityID()] = true; return true })
		for id := range reported {
			if !notes[id] {
				t.Errorf("reported write %s lost", id)
			}
		}
		ops, err := tx.Ops(0, 1<<30)
		if err != nil {
			return err
		}
		opFor := map[crm.ID]bool{}
		for i, op := range ops {
			if op.ClientSeq != uint64(i+1) {
				t.Fatalf("client sequence gap at %d: %d", i+1, op.ClientSeq)
			}
			opFor[op.Entity.ID] = true
			if op.Entity.Kind == crm.KindActivity && !notes[op.Entity.ID] {
				t.Errorf("op %d has no entity %s", op.ClientSeq, op.Entity.ID)
			}
		}
		for id := range notes {
			if !opFor[id] {
				t.Errorf("entity %s has no op", id)
			}
		}
		changes, err := tx.Changes(0, 1<<30)
		if err != nil {
			return err
		}
		for i, c := range changes {
			if c.Seq != uint64(i+1) {
				t.Fatalf("change sequence gap at %d: %d", i+1, c.Seq)
			}
		}
		if uint64(len(changes)) != st.LastSeq() {
			t.Errorf("%d changes, last seq %d", len(changes), st.LastSeq())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOpenAfterKillDuringStart: Badger creates log files before sizing
// them; a kill in between leaves empty ones, which must not lock the rep
// out of the workspace.
func TestOpenAfterKillDuringStart(t *testing.T) {
	dir := t.TempDir()
	key := testKey(t)
	st := openTest(t, dir, key)
	st.Close(context.Background())
	for _, name := range []string{"00009.mem", "000009.vlog"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	st = openTest(t, dir, key)
	st.Close(context.Background())
}
