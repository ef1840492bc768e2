package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"parley/app/crm"
)

// bigMessage has text that does not compress, so its size shows where it went.
func bigMessage(n int) *crm.Message {
	noise := make([]byte, 6000)
	rand.Read(noise)
	text := "the quarterly numbers look fine " + base64.StdEncoding.EncodeToString(noise)
	return &crm.Message{ID: crm.MessageIDFor("<pack-" + string(rune('a'+n)) + "@test>"), Subject: "pack", Text: text}
}

func packFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "packs", "*"+packExt))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Large values live in packs, not in Badger, and read back after a reopen.
func TestLargeValuesLiveInPacks(t *testing.T) {
	ctx := context.Background()
	dir, key := t.TempDir(), testKey(t)
	st := openTest(t, dir, key)
	raw := bytes.Repeat([]byte("Received: from somewhere\r\n"), 300)
	m := bigMessage(0)
	if err := st.Update(ctx, func(tx *Tx) error { _, err := tx.Import(m, CompressRaw(raw), "me"); return err }); err != nil {
		t.Fatal(err)
	}
	st.Close(ctx)
	files := packFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("pack files %v, want one", files)
	}
	if fi, _ := os.Stat(files[0]); fi.Size() < int64(len(m.Text)) {
		t.Fatalf("pack holds %d bytes, less than the message text", fi.Size())
	}
	st = openTest(t, dir, key)
	defer st.Close(ctx)
	err := st.View(ctx, func(tx *Tx) error {
		got := &crm.Message{ID: m.ID}
		if err := tx.Get(got); err != nil {
			return err
		}
		if got.Text != m.Text {
			t.Error("message text differs after a reopen")
		}
		r, err := tx.Raw(m.ID)
		if err != nil {
			return err
		}
		if !bytes.Equal(r, raw) {
			t.Error("raw source differs after a reopen")
		}
		n := 0
		err = tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			n++
			if e.(*crm.Message).Text != m.Text {
				t.Error("a scan reads another text than a get")
			}
			return true
		})
		if n != 1 {
			t.Errorf("scan found %d messages", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A damaged pack is an error that says so, never wrong data.
func TestDamagedPackIsAnError(t *testing.T) {
	ctx := context.Background()
	dir, key := t.TempDir(), testKey(t)
	st := openTest(t, dir, key)
	m := bigMessage(1)
	if err := st.Update(ctx, func(tx *Tx) error { _, err := tx.Put(m, "me"); return err }); err != nil {
		t.Fatal(err)
	}
	st.Close(ctx)
	f := packFiles(t, dir)[0]
	b, _ := os.ReadFile(f)
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	st = openTest(t, dir, key)
	defer st.Close(ctx)
	err := st.View(ctx, func(tx *Tx) error { return tx.Get(&crm.Message{ID: m.ID}) })
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("read of a damaged pack: %v, want ErrDamaged", err)
	}
}

// A writer killed after appending but before its commit leaves bytes no
// pointer names; the next writer starts a new file and all committed
// values still read.
func TestCrashedAppendLeavesOnlyAnUnusedTail(t *testing.T) {
	ctx := context.Background()
	dir, key := t.TempDir(), testKey(t)
	st := openTest(t, dir, key)
	first := bigMessage(2)
	if err := st.Update(ctx, func(tx *Tx) error { _, err := tx.Put(first, "me"); return err }); err != nil {
		t.Fatal(err)
	}
	// A transaction that fails after its values went to the pack.
	boom := errors.New("boom")
	err := st.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Put(bigMessage(3), "me"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	st.Close(ctx)
	f := packFiles(t, dir)[0]
	fh, _ := os.OpenFile(f, os.O_WRONLY|os.O_APPEND, 0)
	fh.Write([]byte("half a record"))
	fh.Close()

	st = openTest(t, dir, key)
	defer st.Close(ctx)
	second := bigMessage(4)
	if err := st.Update(ctx, func(tx *Tx) error { _, err := tx.Put(second, "me"); return err }); err != nil {
		t.Fatal(err)
	}
	if n := len(packFiles(t, dir)); n != 2 {
		t.Errorf("pack files after a reopen: %d, want a new one", n)
	}
	err = st.View(ctx, func(tx *Tx) error {
		for _, m := range []*crm.Message{first, second} {
			got := &crm.Message{ID: m.ID}
			if err := tx.Get(got); err != nil || got.Text != m.Text {
				t.Errorf("%s: %v", m.ID, err)
			}
		}
		if err := tx.Get(&crm.Message{ID: bigMessage(3).ID}); !errors.Is(err, crm.ErrNotFound) {
			t.Errorf("the failed transaction's message: %v, want not found", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Message records are compressed in the pack; they read back whole.
func TestMessageRecordsAreCompressedInPacks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openTest(t, dir, testKey(t))
	defer st.Close(ctx)
	m := &crm.Message{ID: "m_compress", Subject: "pack", Text: string(bytes.Repeat([]byte("the quarterly numbers look fine\n"), 2000))}
	if err := st.Update(ctx, func(tx *Tx) error { _, err := tx.Put(m, "me"); return err }); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(packFiles(t, dir)[0])
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > int64(len(m.Text))/10 {
		t.Errorf("pack holds %d bytes for %d bytes of repetitive text", fi.Size(), len(m.Text))
	}
	got := &crm.Message{ID: m.ID}
	if err := st.View(ctx, func(tx *Tx) error { return tx.Get(got) }); err != nil || got.Text != m.Text {
		t.Fatalf("read back: %v", err)
	}
}

// Records of every form a pack has held read back: zstd (older stores),
// S2 and plain; a damaged or unknown body is ErrDamaged, never a panic.
func TestPackBodyForms(t *testing.T) {
	value := bytes.Repeat([]byte(`{"subject":"pack","text":"the quarterly numbers look fine"}`), 50)
	key := []byte(packMessages + "m_forms")
	enc, _ := codecs()
	for name, body := range map[string][]byte{
		"s2":    packBody(nil, key, value),
		"zstd":  enc.EncodeAll(value, []byte{bodyZstd}),
		"plain": append([]byte{bodyPlain}, value...),
	} {
		got, err := unpackBody(body)
		if err != nil || !bytes.Equal(got, value) {
			t.Errorf("%s: read back %d bytes, %v", name, len(got), err)
		}
	}
	if b := packBody([]byte("kept"), key, value)[4:]; b[0] != bodyS2 || len(b) > len(value)/5 {
		t.Errorf("message record packed as form %d, %d bytes for %d", b[0], len(b), len(value))
	}
	s2Body := packBody(nil, key, value)
	for name, body := range map[string][]byte{
		"empty": nil, "unknown form": {9, 1, 2}, "cut s2": s2Body[:len(s2Body)/2], "bad zstd": {bodyZstd, 1, 2, 3},
	} {
		if _, err := unpackBody(body); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want ErrDamaged", name, err)
		}
	}
}

// A transaction that fails takes back what it put in packs: a batch too
// big for one transaction is retried in halves and must not store its
// mail twice. What committed before and after reads back.
func TestFailedTransactionLeavesNoPackSpace(t *testing.T) {
	ctx := context.Background()
	dir, key := t.TempDir(), testKey(t)
	st := openTest(t, dir, key)
	defer st.Close(ctx)
	put := func(n int, fail error) error {
		return st.Update(ctx, func(tx *Tx) error {
			if _, err := tx.Import(bigMessage(n), nil, "me"); err != nil {
				return err
			}
			return fail
		})
	}
	if err := put(0, nil); err != nil {
		t.Fatal(err)
	}
	size := func() int64 {
		var n int64
		for _, f := range packFiles(t, dir) {
			fi, _ := os.Stat(f)
			n += fi.Size()
		}
		return n
	}
	before := size()
	errBoom := errors.New("boom")
	for i := 1; i <= 3; i++ {
		if err := put(i, errBoom); !errors.Is(err, errBoom) {
			t.Fatalf("failing transaction: %v", err)
		}
	}
	if after := size(); after != before {
		t.Fatalf("packs grew from %d to %d bytes for transactions that failed", before, after)
	}
	if err := put(4, nil); err != nil {
		t.Fatal(err)
	}
	err := st.View(ctx, func(tx *Tx) error {
		for _, n := range []int{0, 4} {
			got := &crm.Message{ID: bigMessage(n).ID}
			if err := tx.Get(got); err != nil {
				return err
			}
		}
		if ok, _ := tx.Has(crm.KindMessage, bigMessage(1).ID); ok {
			t.Error("a failed transaction's message is there")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A failed transaction that filled one pack and began others leaves the
// packs as they were: the files it began are gone, the one it appended to
// is cut back, and the next transaction writes and reads back.
func TestFailedTransactionAcrossPackFiles(t *testing.T) {
	defer func(max int64) { packFileMax = max }(packFileMax)
	packFileMax = 20 << 10 // a few messages a file
	ctx := context.Background()
	dir, key := t.TempDir(), testKey(t)
	st := openTest(t, dir, key)
	defer st.Close(ctx)
	if err := st.Update(ctx, func(tx *Tx) error { _, err := tx.Import(bigMessage(0), nil, "me"); return err }); err != nil {
		t.Fatal(err)
	}
	sizes := func() map[string]int64 {
		out := map[string]int64{}
		for _, f := range packFiles(t, dir) {
			fi, _ := os.Stat(f)
			out[filepath.Base(f)] = fi.Size()
		}
		return out
	}
	before := sizes()
	errBoom := errors.New("boom")
	err := st.Update(ctx, func(tx *Tx) error {
		for n := 1; n <= 12; n++ {
			if _, err := tx.Import(bigMessage(n), nil, "me"); err != nil {
				return err
			}
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("failing transaction: %v", err)
	}
	if after := sizes(); !maps.Equal(after, before) {
		t.Fatalf("packs %v after a failed transaction, want %v", after, before)
	}
	if err := st.Update(ctx, func(tx *Tx) error {
		for n := 13; n <= 16; n++ {
			if _, err := tx.Import(bigMessage(n), nil, "me"); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	err = st.View(ctx, func(tx *Tx) error {
		for _, n := range []int{0, 13, 16} {
			m := bigMessage(n)
			got := &crm.Message{ID: m.ID}
			if err := tx.Get(got); err != nil {
				return fmt.Errorf("message %d: %w", n, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
