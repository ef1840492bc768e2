package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/s2"

	"parley/app/applog"
	"parley/app/crm"
)

// Packs keep the store's large, write-once values (message records, raw
// sources, attachments) outside Badger, in append-only files read and written with
// plain system calls. Badger maps its own files into memory, so a
// mailbox's worth of bodies in its value log becomes the process's
// resident memory; in a pack it is only the kernel's page cache.
//
// Each value is sealed with AES-256-GCM under a key derived from the
// master key, with the Badger key as additional data, so a value cannot
// be read or moved to another key without the master key. Badger holds
// only a pointer (file, offset, length), flagged by its entry's user meta.
//
// A value is appended before the transaction that points at it commits,
// and the file is synced first, so a crash leaves at worst an unreferenced
// tail, never a pointer to nothing. Space of values overwritten or deleted
// is not reclaimed yet.

const (
	// packMin is the size from which a value goes to a pack.
	packMin = 1 << 10
	// metaPacked marks a Badger entry whose value is a pack pointer.
	metaPacked byte = 1
	packExt         = ".pack"
	ptrLen          = 4 + 8 + 4
)

// packFileMax is when the writer starts a new file (tests lower it).
var packFileMax int64 = 256 << 20

// ErrDamaged means stored data failed its integrity check.
var ErrDamaged = errors.New("stored data is damaged")

type packs struct {
	dir  string
	aead cipher.AEAD

	mu    sync.RWMutex
	files map[uint32]*os.File // every pack, open for reading

	// The writer's file and where it appends; guarded by the store's
	// writer lock (Update), not mu.
	cur     *os.File
	curID   uint32
	curSize int64
	dirty   bool
	// body and rec are the writer's buffers for a record being made.
	body, rec []byte
}

// packMessages is the key prefix of message records.
var packMessages = prefixEntity + string(crm.KindMessage) + "/"

// packable reports whether a key's value may live in a pack: mail, which
// is written once. Entities rewritten often (threads, accounts) stay in
// Badger, whose compactions reclaim their old versions.
func packable(key []byte) bool {
	s := string(key)
	return strings.HasPrefix(s, packMessages) || strings.HasPrefix(s, prefixRaw) || strings.HasPrefix(s, prefixBlob)
}

func openPacks(dir string, master []byte, readOnly bool) (*packs, error) {
	mac := hmac.New(sha256.New, master)
	mac.Write([]byte("parley store packs v1"))
	block, err := aes.NewCipher(mac.Sum(nil))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	p := &packs{dir: dir, aead: aead, files: map[uint32]*os.File{}}
	if !readOnly {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: create pack folder: %w", err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("store: read pack folder: %w", err)
	}
	for _, e := range entries {
		id, ok := packID(e.Name())
		if !ok {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			p.close()
			return nil, fmt.Errorf("store: open pack: %w", err)
		}
		p.files[id] = f
		p.curID = max(p.curID, id)
	}
	return p, nil
}

func packName(id uint32) string { return fmt.Sprintf("%08d%s", id, packExt) }

func packID(name string) (uint32, bool) {
	base, ok := strings.CutSuffix(name, packExt)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(base, 10, 32)
	return uint32(n), err == nil && n > 0
}

// append seals value for key at the end of the current pack and returns
// the pointer Badger keeps.
func (p *packs) append(key, value []byte) ([]byte, error) {
	if err := p.writer(); err != nil {
		return nil, err
	}
	// Body and record are made in buffers the pack keeps: writers are
	// serialised (Store.Update), and both are garbage once written.
	p.body = packBody(p.body[:0], key, value)
	if need := p.aead.NonceSize() + len(p.body) + p.aead.Overhead(); cap(p.rec) < need {
		p.rec = make([]byte, 0, need)
	}
	defer p.dropBigBuffers()
	nonce := p.rec[:p.aead.NonceSize()]
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	rec := p.aead.Seal(nonce, nonce, p.body, key)
	if _, err := p.cur.WriteAt(rec, p.curSize); err != nil {
		return nil, fmt.Errorf("store: write pack: %w", err)
	}
	ptr := make([]byte, ptrLen)
	binary.BigEndian.PutUint32(ptr, p.curID)
	binary.BigEndian.PutUint64(ptr[4:], uint64(p.curSize))
	binary.BigEndian.PutUint32(ptr[12:], uint32(len(rec)))
	p.curSize += int64(len(rec))
	p.dirty = true
	return ptr, nil
}

// dropBigBuffers lets go of buffers a big value (an attachment) grew.
func (p *packs) dropBigBuffers() {
	if cap(p.body) > 1<<20 {
		p.body = nil
	}
	if cap(p.rec) > 1<<20 {
		p.rec = nil
	}
}

// writer makes sure there is a current file with room, starting a new one
// after the newest (whose tail may hold a crashed writer's leftovers).
func (p *packs) writer() error {
	if p.cur != nil && p.curSize < packFileMax {
		return nil
	}
	if p.cur != nil {
		if err := p.sync(); err != nil {
			return err
		}
		p.cur.Close()
		p.cur = nil
	}
	id := p.curID + 1
	f, err := os.OpenFile(filepath.Join(p.dir, packName(id)), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("store: create pack: %w", err)
	}
	r, err := os.Open(f.Name())
	if err != nil {
		f.Close()
		return fmt.Errorf("store: open pack: %w", err)
	}
	p.mu.Lock()
	p.files[id] = r
	p.mu.Unlock()
	p.cur, p.curID, p.curSize = f, id, 0
	return nil
}

// packMark is where the writer stood: the current file and its size.
type packMark struct {
	id   uint32
	size int64
	open bool // a file was open for appending
}

func (p *packs) mark() packMark {
	return packMark{id: p.curID, size: p.curSize, open: p.cur != nil}
}

// rollback drops what was appended since m: files begun since are
// removed, the file then current is cut back to its size. Nothing points
// there (the transaction did not commit). Failing only leaves unreferenced
// bytes, so it is logged, not returned.
func (p *packs) rollback(m packMark, log *slog.Logger) {
	if p.curID == m.id && p.curSize == m.size {
		return
	}
	fail := func(err error) {
		log.Warn("store: could not drop pack space of a failed transaction", applog.KeyErr, err)
	}
	for id := m.id + 1; id <= p.curID; id++ {
		p.mu.Lock()
		if f := p.files[id]; f != nil {
			f.Close()
			delete(p.files, id)
		}
		p.mu.Unlock()
		if err := os.Remove(filepath.Join(p.dir, packName(id))); err != nil {
			fail(err)
		}
	}
	if p.curID != m.id {
		if p.cur != nil {
			p.cur.Close()
		}
		p.cur, p.curID, p.curSize, p.dirty = nil, m.id, 0, false
		if m.open {
			if err := os.Truncate(filepath.Join(p.dir, packName(m.id)), m.size); err != nil {
				fail(err)
			}
		}
		return
	}
	if err := os.Truncate(filepath.Join(p.dir, packName(m.id)), m.size); err != nil {
		fail(err)
		return
	}
	p.curSize = m.size
}

// sync makes what was appended durable; Update calls it before commit.
func (p *packs) sync() error {
	if !p.dirty {
		return nil
	}
	if err := p.cur.Sync(); err != nil {
		return fmt.Errorf("store: sync pack: %w", err)
	}
	p.dirty = false
	return nil
}

// read opens the value a pointer names for key.
func (p *packs) read(key, ptr []byte) ([]byte, error) {
	if len(ptr) != ptrLen {
		return nil, fmt.Errorf("store: %w: pointer of %d bytes", ErrDamaged, len(ptr))
	}
	id := binary.BigEndian.Uint32(ptr)
	off := int64(binary.BigEndian.Uint64(ptr[4:]))
	n := binary.BigEndian.Uint32(ptr[12:])
	p.mu.RLock()
	f := p.files[id]
	p.mu.RUnlock()
	if f == nil {
		return nil, fmt.Errorf("store: %w: pack %d is missing", ErrDamaged, id)
	}
	rec := make([]byte, n)
	if _, err := f.ReadAt(rec, off); err != nil {
		return nil, fmt.Errorf("store: %w: read pack %d: %v", ErrDamaged, id, err)
	}
	ns := p.aead.NonceSize()
	if len(rec) < ns {
		return nil, fmt.Errorf("store: %w: short record in pack %d", ErrDamaged, id)
	}
	body, err := p.aead.Open(rec[ns:ns], rec[:ns], rec[ns:], key)
	if err != nil {
		return nil, fmt.Errorf("store: %w: record in pack %d fails its check", ErrDamaged, id)
	}
	return unpackBody(body)
}

// A sealed body starts with how the value is kept: as it is (raw sources
// and attachments arrive zstd-compressed) or, for message records,
// compressed here. Message records are read whenever a thread or a search
// hit is shown, and written in the import's one write transaction: they
// are compressed with S2, several times faster both ways than zstd (which
// older stores used) for a somewhat bigger file.
const (
	bodyPlain byte = 0
	bodyZstd  byte = 1
	bodyS2    byte = 2
)

// packBody appends the body of value's record to dst.
func packBody(dst, key, value []byte) []byte {
	if strings.HasPrefix(string(key), packMessages) {
		dst = append(dst, bodyS2)
		n := len(dst)
		dst = slices.Grow(dst, s2.MaxEncodedLen(len(value)))
		return dst[:n+len(s2.Encode(dst[n:n+s2.MaxEncodedLen(len(value))], value))]
	}
	return append(append(dst, bodyPlain), value...)
}

func unpackBody(body []byte) ([]byte, error) {
	if len(body) == 0 {
		return nil, fmt.Errorf("store: %w: empty pack record", ErrDamaged)
	}
	var out []byte
	var err error
	switch body[0] {
	case bodyPlain:
		return body[1:], nil
	case bodyZstd:
		_, dec := codecs()
		out, err = dec.DecodeAll(body[1:], nil)
	case bodyS2:
		out, err = s2.Decode(nil, body[1:])
	default:
		return nil, fmt.Errorf("store: %w: pack record of unknown form %d", ErrDamaged, body[0])
	}
	if err != nil {
		return nil, fmt.Errorf("store: %w: %v", ErrDamaged, err)
	}
	return out, nil
}

func (p *packs) close() error {
	var first error
	if p.cur != nil {
		first = p.sync()
		p.cur.Close()
		p.cur = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, f := range p.files {
		f.Close()
		delete(p.files, id)
	}
	return first
}
