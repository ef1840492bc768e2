package search

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

// termSize is the length of an indexed term: HMAC-SHA256 truncated to 96
// bits, enough that distinct words never collide in a mailbox-sized
// vocabulary, small enough to keep the term dictionary lean.
const termSize = 12

// MinKeySize is the shortest index key Open accepts.
const MinKeySize = 32

// ErrBadKey means the index key is missing or too short.
var ErrBadKey = errors.New("search: index key must be at least 32 bytes")

// DeriveKey derives the index key from the workspace master key with
// HKDF-SHA256, so the index never holds a key that also opens the store.
// Callers pass the result to Open and Rebuild.
func DeriveKey(masterKey []byte) ([]byte, error) {
	if len(masterKey) == 0 {
		return nil, ErrBadKey
	}
	key, err := hkdf.Key(sha256.New, masterKey, nil, "parley search index terms v1", MinKeySize)
	if err != nil {
		return nil, fmt.Errorf("search: derive key: %w", err)
	}
	return key, nil
}

// hasher turns plain terms into keyed terms. It is safe for concurrent use:
// Bleve analyses documents on several goroutines.
type hasher struct {
	pool sync.Pool
}

func newHasher(key []byte) *hasher {
	k := append([]byte(nil), key...)
	h := &hasher{}
	h.pool.New = func() any { return hmac.New(sha256.New, k) }
	return h
}

// sum writes the keyed hash of term into dst, which must hold termSize bytes.
func (h *hasher) sum(dst, term []byte) {
	mac := h.pool.Get().(hash.Hash)
	mac.Reset()
	mac.Write(term)
	var full [sha256.Size]byte
	copy(dst, mac.Sum(full[:0]))
	h.pool.Put(mac)
}

// term returns the keyed form of one plain term, as queries need it.
func (h *hasher) term(plain string) string {
	var out [termSize]byte
	h.sum(out[:], []byte(plain))
	return string(out[:])
}

// keyedFilter is the last token filter of every analyzer: it replaces each
// term with its keyed hash. The hashes go into one buffer owned by the
// filter call, never into the token's old slice, which may alias the
// document's text.
type keyedFilter struct {
	h *hasher
}

func (f keyedFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	buf := make([]byte, termSize*len(ts))
	for i, t := range ts {
		dst := buf[i*termSize : (i+1)*termSize : (i+1)*termSize]
		f.h.sum(dst, t.Term)
		t.Term = dst
	}
	return ts
}
