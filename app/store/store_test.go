package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/app/crm"
)

func testKey(t testing.TB) []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func openTest(t testing.TB, dir string, key []byte) *Store {
	t.Helper()
	st, err := Open(context.Background(), Options{Dir: dir, Key: key})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return st
}

func TestPutWritesEntityOpAndChangeTogether(t *testing.T) {
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)

	acct := &crm.Account{ID: crm.AccountIDFor("acme.test"), Name: "Acme", Domains: []string{"acme.test"}}
	err := st.Update(ctx, func(tx *Tx) error {
		_, err := tx.Put(acct, "me")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// An identical write changes nothing.
	err = st.Update(ctx, func(tx *Tx) error {
		changed, err := tx.Put(&crm.Account{ID: acct.ID, Name: "Acme", Domains: []string{"acme.test"}}, "me")
		if changed {
			t.Error("identical put reported a change")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	acct.Name = "Acme Corp"
	if err := st.Update(ctx, func(tx *Tx) error { _, err := tx.Put(acct, "me"); return err }); err != nil {
		t.Fatal(err)
	}
	if st.LastSeq() != 2 {
		t.Fatalf("seq = %d, want 2", st.LastSeq())
	}
	err = st.View(ctx, func(tx *Tx) error {
		got := &crm.Account{ID: acct.ID}
		if err := tx.Get(got); err != nil {
			return err
		}
		if got.Name != "Acme Corp" {
			t.Errorf("name %q", got.Name)
		}
		if id, err := tx.AccountByDomain("acme.test"); err != nil || id != acct.ID {
			t.Errorf("by domain: %v %v", id, err)
		}
		ops, err := tx.Ops(0, 10)
		if err != nil {
			return err
		}
		if len(ops) != 2 || ops[0].ClientSeq != 1 || ops[1].ClientSeq != 2 {
			t.Fatalf("ops: %+v", ops)
		}
		second := ops[1]
		if second.BaseVersion != 1 || second.Author != "me" || second.ClientID != st.ClientID() || second.SchemaVersion != crm.SchemaVersion {
			t.Errorf("op fields: %+v", second)
		}
		if len(second.Fields) != 1 || string(second.Fields["name"]) != `"Acme Corp"` {
			t.Errorf("changed fields: %v", second.Fields)
		}
		if !ops[0].Clock.Before(second.Clock) {
			t.Errorf("clock did not advance: %v %v", ops[0].Clock, second.Clock)
		}
		changes, err := tx.Changes(0, 10)
		if err != nil {
			return err
		}
		if len(changes) != 2 || changes[1].Seq != 2 || changes[1].Entity.ID != acct.ID || changes[1].OpSeq != 2 {
			t.Errorf("changes: %+v", changes)
		}
		if n, _ := tx.Count(crm.KindAccount); n != 1 {
			t.Errorf("count %d", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestImportKeepsNoBodyInOpAndDedupes(t *testing.T) {
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)
	m := &crm.Message{ID: crm.MessageIDFor("<1@x.test>"), ThreadID: crm.ThreadIDFor("1@x.test"), Subject: "Quote", Text: "secret body text", Date: 1000}
	raw := []byte("Subject: Quote\r\n\r\nsecret body text")
	for i := 0; i < 2; i++ {
		err := st.Update(ctx, func(tx *Tx) error {
			created, err := tx.Import(m, CompressRaw(raw), "me")
			if created != (i == 0) {
				t.Errorf("import %d: created=%v", i, created)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := st.View(ctx, func(tx *Tx) error {
		ops, _ := tx.Ops(0, 10)
		if len(ops) != 1 || ops[0].Action != crm.ActionImport || ops[0].Fields != nil {
			t.Errorf("import ops: %+v", ops)
		}
		got, err := tx.Raw(m.ID)
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("raw: %q %v", got, err)
		}
		msgs, err := tx.ThreadMessages(m.ThreadID)
		if err != nil || len(msgs) != 1 || msgs[0].Text != m.Text {
			t.Errorf("thread messages: %v %v", msgs, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestIndexesFollowChanges(t *testing.T) {
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)
	a := crm.AccountIDFor("acme.test")
	th := &crm.Thread{ID: "t_1", Subject: "Pilot", AccountIDs: []crm.ID{a}, LastAt: 100, History: true}
	note := &crm.Activity{ID: "n_1", Kind: crm.ActivityNote, AccountID: a, At: 200, Body: "met Jane"}
	c := &crm.Contact{ID: crm.ContactIDFor("jane@acme.test"), Name: "Jane", Addresses: []string{"jane@acme.test"}, AccountID: a}
	put := func(es ...crm.Entity) {
		t.Helper()
		if err := st.Update(ctx, func(tx *Tx) error {
			for _, e := range es {
				if _, err := tx.Put(e, "me"); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	put(th, note, c)
	th.LastAt = 300 // the thread moves to the top
	put(th)
	st.View(ctx, func(tx *Tx) error {
		tl := tx.Timeline(a, 10)
		if len(tl) != 2 || tl[0].ID != "t_1" || tl[1].ID != "n_1" {
			t.Errorf("timeline: %+v", tl)
		}
		if r := tx.Recent(1); len(r) != 1 || r[0].ID != "t_1" {
			t.Errorf("recent: %+v", r)
		}
		if id, err := tx.ContactByAddress("JANE@acme.test"); err != nil || id != c.ID {
			t.Errorf("by address: %v %v", id, err)
		}
		if ids, _ := tx.AccountContacts(a); len(ids) != 1 || ids[0] != c.ID {
			t.Errorf("account contacts: %v", ids)
		}
		return nil
	})
	if err := st.Update(ctx, func(tx *Tx) error { return tx.Delete(crm.KindActivity, "n_1", "me") }); err != nil {
		t.Fatal(err)
	}
	st.View(ctx, func(tx *Tx) error {
		if tl := tx.Timeline(a, 10); len(tl) != 1 {
			t.Errorf("timeline after delete: %+v", tl)
		}
		if _, err := tx.Load(crm.Ref{Kind: crm.KindActivity, ID: "n_1"}); !errors.Is(err, crm.ErrNotFound) {
			t.Errorf("deleted still loads: %v", err)
		}
		ch, _ := tx.Changes(st.LastSeq()-1, 10)
		if len(ch) != 1 || !ch[0].Deleted {
			t.Errorf("delete change: %+v", ch)
		}
		return nil
	})
}

func TestSecondOpenIsLockedAndWrongKeyFails(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	key := testKey(t)
	st := openTest(t, dir, key)
	if _, err := Open(ctx, Options{Dir: dir, Key: key}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	st.Close(ctx)
	if _, err := Open(ctx, Options{Dir: dir, Key: testKey(t)}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("wrong key: %v, want ErrWrongKey", err)
	}
	st = openTest(t, dir, key)
	st.Close(ctx)
}

// TestNoPlaintextAtRest writes more than one memtable of data carrying a
// marker, reads it back after a reopen (so flushed, encrypted tables are
// read), and checks that no file holds the marker in plain text.
func TestNoPlaintextAtRest(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	key := testKey(t)
	const marker = "ZEBRAFISH-MARKER-7731"
	st, err := Open(ctx, Options{Dir: dir, Key: key, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	filler := strings.Repeat("quarterly pipeline review ", 400) // ~10 KB, compressible
	noise := make([]byte, 4096)
	for batch := 0; batch < 50; batch++ {
		err := st.Update(ctx, func(tx *Tx) error {
			for i := 0; i < 100; i++ {
				rand.Read(noise)
				m := &crm.Message{ID: crm.MessageIDFor(strings.Repeat("x", batch+1) + string(rune('a'+i%26)) + filler[:i%50]), Subject: marker, Text: marker + filler + string(noise)}
				m.ID = crm.ID(string(m.ID) + string(rune('a'+batch)) + string(rune('a'+i/26)) + string(rune('a'+i%26)))
				if _, err := tx.Import(m, CompressRaw([]byte("Subject: "+marker+"\r\n\r\n"+string(noise))), "me"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Update(ctx, func(tx *Tx) error { return tx.PutSecret("imap/work", map[string]string{"password": marker}) }); err != nil {
		t.Fatal(err)
	}
	st.Close(ctx)
	st = openTest(t, dir, key)
	var n int
	st.View(ctx, func(tx *Tx) error {
		n, _ = tx.Count(crm.KindMessage)
		return tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			if !strings.HasPrefix(e.(*crm.Message).Text, marker) {
				t.Fatal("read back wrong text")
			}
			return true
		})
	})
	st.Close(ctx)
	if n != 5000 {
		t.Fatalf("count %d, want 5000", n)
	}
	var total int64
	ssts := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		total += int64(len(b))
		if strings.HasSuffix(path, ".sst") {
			ssts++
		}
		if bytes.Contains(b, []byte(marker)) || bytes.Contains(b, []byte("quarterly pipeline")) {
			t.Errorf("%s holds plain text", path)
		}
		return nil
	})
	if ssts == 0 || total < 32<<20 {
		t.Fatalf("%d tables, %d bytes: the test must read back flushed tables", ssts, total)
	}
}

func TestWaitChange(t *testing.T) {
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)
	woke := make(chan error, 1)
	go func() { woke <- st.WaitChange(ctx, 0) }()
	select {
	case <-woke:
		t.Fatal("woke before any change")
	case <-time.After(50 * time.Millisecond):
	}
	if err := st.Update(ctx, func(tx *Tx) error {
		_, err := tx.Put(&crm.Activity{ID: "n_1", Kind: crm.ActivityNote, Body: "x"}, "me")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-woke:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("not woken by a commit")
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := st.WaitChange(short, st.LastSeq()); err == nil {
		t.Fatal("returned without a change")
	}
}

func TestReadOnlyOpen(t *testing.T) {
	ctx := context.Background()
	dir, key := t.TempDir(), testKey(t)
	st := openTest(t, dir, key)
	st.Update(ctx, func(tx *Tx) error {
		_, err := tx.Put(&crm.Account{ID: "a_1", Name: "Acme"}, "me")
		return err
	})
	st.Close(ctx)
	ro, err := Open(ctx, Options{Dir: dir, Key: key, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close(ctx)
	err = ro.View(ctx, func(tx *Tx) error { return tx.Get(&crm.Account{ID: "a_1"}) })
	if err != nil || ro.LastSeq() != 1 {
		t.Fatalf("read-only read: %v, seq %d", err, ro.LastSeq())
	}
	if err := ro.Update(ctx, func(*Tx) error { return nil }); !errors.Is(err, ErrNeedsWrite) {
		t.Fatalf("write on a read-only store: %v", err)
	}
	// Readers share the workspace; a writer waits for them to finish.
	ro2, err := Open(ctx, Options{Dir: dir, Key: key, ReadOnly: true})
	if err != nil {
		t.Fatalf("a second reader: %v", err)
	}
	ro2.Close(ctx)
	if _, err := Open(ctx, Options{Dir: dir, Key: key}); !errors.Is(err, ErrLocked) {
		t.Fatalf("a writer beside a reader: %v, want ErrLocked", err)
	}
	if _, err := Open(ctx, Options{Dir: t.TempDir(), Key: key, ReadOnly: true}); !errors.Is(err, ErrNeedsWrite) {
		t.Fatalf("read-only open of a new store: %v", err)
	}
}

// Writing one entity several times in a transaction is one op and one
// change, whose fields are everything that changed since the transaction
// began; the version moves one step.
func TestRepeatedPutsInOneTransactionAreOneOp(t *testing.T) {
	ctx := context.Background()
	st := openTest(t, t.TempDir(), testKey(t))
	defer st.Close(ctx)

	acct := &crm.Account{ID: crm.AccountIDFor("acme.test"), Name: "Acme", Domains: []string{"acme.test"}, LastAt: 1}
	if err := st.Update(ctx, func(tx *Tx) error { _, err := tx.Put(acct, "me"); return err }); err != nil {
		t.Fatal(err)
	}
	err := st.Update(ctx, func(tx *Tx) error {
		for at := int64(2); at <= 5; at++ {
			a := *acct
			a.LastAt = at
			if at >= 3 {
				a.Name = "Acme Corp"
			}
			if _, err := tx.Put(&a, "me"); err != nil {
				return err
			}
		}
		contact := &crm.Contact{ID: "c_x", Name: "X", Addresses: []string{"x@acme.test"}}
		if _, err := tx.Put(contact, "me"); err != nil {
			return err
		}
		contact.Title = "CTO"
		_, err := tx.Put(contact, "me")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.View(ctx, func(tx *Tx) error {
		ops, err := tx.Ops(0, 10)
		if err != nil {
			return err
		}
		if len(ops) != 3 {
			t.Fatalf("ops: %d, want 3 (create, one amended update, one contact)", len(ops))
		}
		upd := ops[1]
		if upd.BaseVersion != 1 || len(upd.Fields) != 2 || string(upd.Fields["lastAt"]) != "5" || string(upd.Fields["name"]) != `"Acme Corp"` {
			t.Errorf("amended op: base %d fields %v", upd.BaseVersion, upd.Fields)
		}
		if c := ops[2]; c.BaseVersion != 0 || string(c.Fields["title"]) != `"CTO"` || string(c.Fields["name"]) != `"X"` {
			t.Errorf("new contact op: %+v", c)
		}
		version, _, err := tx.getRecord(crm.KindAccount, acct.ID)
		if err != nil || version != 2 {
			t.Errorf("version %d, want 2 (%v)", version, err)
		}
		changes, err := tx.Changes(0, 10)
		if err != nil {
			return err
		}
		if len(changes) != 3 || changes[1].OpSeq != 2 || changes[2].OpSeq != 3 {
			t.Errorf("changes: %+v", changes)
		}
		if id, err := tx.ContactByAddress("x@acme.test"); err != nil || id != "c_x" {
			t.Errorf("address index: %v %v", id, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.LastSeq() != 3 {
		t.Errorf("seq %d", st.LastSeq())
	}
}
