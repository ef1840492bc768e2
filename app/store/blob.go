package store

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"

	"parley/app/crm"
)

var (
	zOnce sync.Once
	zEnc  *zstd.Encoder
	zDec  *zstd.Decoder
)

func codecs() (*zstd.Encoder, *zstd.Decoder) {
	zOnce.Do(func() {
		// One encoder and decoder per core: EncodeAll and DecodeAll take
		// one from a pool of this size, so a pool of one made the parse
		// workers and a page's readers queue behind each other.
		// No frame checksum: every pack record is sealed with AES-GCM,
		// which already detects any change. A 1 MiB window (8 by default)
		// is more than almost any mail needs, and each encoder keeps its
		// window's worth of history: 2 MB against 16 on two cores.
		zEnc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)),
			zstd.WithEncoderCRC(false), zstd.WithWindowSize(1<<20))
		zDec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(256<<20))
	})
	return zEnc, zDec
}

// compress returns b compressed, in a slice of its own size: the encoder,
// given none, would make one as big as b, and raw sources wait in import
// batches.
func compress(b []byte) []byte {
	enc, _ := codecs()
	scratch := compressBuffers.Get().(*[]byte)
	z := enc.EncodeAll(b, (*scratch)[:0])
	out := append([]byte(nil), z...)
	if cap(z) <= 1<<20 {
		*scratch = z
		compressBuffers.Put(scratch)
	}
	return out
}

var compressBuffers = sync.Pool{New: func() any { return new([]byte) }}

// RawSource is a message's raw source compressed for the store. Making it
// is most of what storing mail costs, so importers make it on their parse
// workers, outside the write transaction.
type RawSource struct{ z []byte }

// CompressRaw prepares a raw source for Import.
func CompressRaw(raw []byte) *RawSource { return &RawSource{z: compress(raw)} }

// Raw returns the raw source of an imported message, or crm.ErrNotFound.
func (tx *Tx) Raw(id crm.ID) ([]byte, error) {
	b, err := tx.get(keyRaw(id))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("store: raw %s: %w", id, crm.ErrNotFound)
	}
	_, dec := codecs()
	return dec.DecodeAll(b, nil)
}

// PutAttachment keeps the content of attachment n of a message.
func (tx *Tx) PutAttachment(id crm.ID, n int, content []byte) error {
	return tx.set(keyBlob(id, n), compress(content))
}

// Attachment returns kept attachment content, or crm.ErrNotFound.
func (tx *Tx) Attachment(id crm.ID, n int) ([]byte, error) {
	b, err := tx.get(keyBlob(id, n))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("store: attachment %s/%d: %w", id, n, crm.ErrNotFound)
	}
	_, dec := codecs()
	return dec.DecodeAll(b, nil)
}

// GetJSON reads a JSON value stored under a local key kind ("k" checkpoint,
// "s" secret, "p" preference); it returns crm.ErrNotFound when absent.
func (tx *Tx) getJSON(key []byte, v any) error {
	b, err := tx.get(key)
	if err != nil {
		return err
	}
	if b == nil {
		return crm.ErrNotFound
	}
	return unmarshal(b, v)
}

func (tx *Tx) putJSON(key []byte, v any) error {
	b, err := marshal(v)
	if err != nil {
		return err
	}
	return tx.set(key, b)
}

// Checkpoint reads a folder's import checkpoint into v.
func (tx *Tx) Checkpoint(account, folder string, v any) error {
	return tx.getJSON(keyCheckpoint(account, folder), v)
}

// PutCheckpoint writes a folder's import checkpoint, in the same
// transaction as the messages it covers.
func (tx *Tx) PutCheckpoint(account, folder string, v any) error {
	return tx.putJSON(keyCheckpoint(account, folder), v)
}

// DeleteCheckpoint forgets a folder's checkpoint.
func (tx *Tx) DeleteCheckpoint(account, folder string) error {
	return tx.del(keyCheckpoint(account, folder))
}

// Secret reads a secret (a mail password, a token) into v.
func (tx *Tx) Secret(name string, v any) error { return tx.getJSON(keySecret(name), v) }

// PutSecret stores a secret inside the encrypted store.
func (tx *Tx) PutSecret(name string, v any) error { return tx.putJSON(keySecret(name), v) }

// DeleteSecret removes a secret.
func (tx *Tx) DeleteSecret(name string) error { return tx.del(keySecret(name)) }

// Pref reads a preference into v.
func (tx *Tx) Pref(name string, v any) error { return tx.getJSON(keyPref(name), v) }

// PutPref stores a preference.
func (tx *Tx) PutPref(name string, v any) error { return tx.putJSON(keyPref(name), v) }
