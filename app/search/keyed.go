package search

import (
	"crypto/aes"
	"crypto/cipher"
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

// pairSize is the length of a word pair's term. Pairs are far more
// numerous than words, and each distinct term costs the dictionary its
// bytes; 64 bits keep a false phrase match from colliding pairs out of
// reach (a chance of about 1 in 10^11 per phrase among a hundred million
// distinct pairs).
const pairSize = 8

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
// Bleve analyses documents on several goroutines. Recent terms are cached:
// mail repeats its words, and the HMAC was about a tenth of import CPU.
type hasher struct {
	pool  sync.Pool
	cache [cacheShards]cacheShard
	// pairs is the keyed function of word pairs (see pairTerm).
	pairs cipher.Block
}

const (
	cacheShards = 16
	// cacheShardSize bounds each shard; a full shard is emptied and
	// refills with the words in use (about 10 MB in all when full).
	cacheShardSize = 8192
)

type cacheShard struct {
	mu sync.Mutex
	m  map[string][termSize]byte
}

func newHasher(key []byte) *hasher {
	k := append([]byte(nil), key...)
	h := &hasher{}
	h.pool.New = func() any { return hmac.New(sha256.New, k) }
	pk, err := hkdf.Key(sha256.New, k, nil, "parley search index pairs v1", 32)
	if err != nil {
		panic(err) // only for an output length HKDF cannot give
	}
	h.pairs, err = aes.NewCipher(pk)
	if err != nil {
		panic(err) // only for a key length AES does not take
	}
	return h
}

// sum writes the keyed hash of term into dst, which must hold termSize bytes.
func (h *hasher) sum(dst, term []byte) {
	sh := &h.cache[shardOf(term)]
	sh.mu.Lock()
	v, ok := sh.m[string(term)]
	sh.mu.Unlock()
	if ok {
		copy(dst, v[:])
		return
	}
	mac := h.pool.Get().(hash.Hash)
	mac.Reset()
	mac.Write(term)
	var full [sha256.Size]byte
	copy(v[:], mac.Sum(full[:0]))
	h.pool.Put(mac)
	copy(dst, v[:])
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= cacheShardSize {
		sh.m = make(map[string][termSize]byte, cacheShardSize)
	}
	sh.m[string(term)] = v
	sh.mu.Unlock()
}

// shardOf spreads terms over the cache's shards (FNV-1a).
func shardOf(b []byte) int {
	x := uint32(2166136261)
	for _, c := range b {
		x = (x ^ uint32(c)) * 16777619
	}
	return int(x % cacheShards)
}

// term returns the keyed form of one plain term, as queries need it.
func (h *hasher) term(plain string) string {
	var out [termSize]byte
	h.sum(out[:], []byte(plain))
	return string(out[:])
}

// facetTerm returns the facet field's term of one value: its tag byte and
// the value's keyed hash with the top bit of each byte cleared (84 bits
// left), because doc values separate terms with 0xff.
func (h *hasher) facetTerm(tag byte, value string) string {
	var out [1 + termSize]byte
	out[0] = tag
	h.sum(out[1:], []byte(value))
	for i := 1; i < len(out); i++ {
		out[i] &= 0x7f
	}
	return string(out[:])
}

// pair returns the keyed term of two adjacent plain terms, as queries need it.
func (h *hasher) pair(a, b string) string {
	var ha, hb [termSize]byte
	var out [pairSize]byte
	h.sum(ha[:], []byte(a))
	h.sum(hb[:], []byte(b))
	h.pairTerm(out[:], ha[:], hb[:], make([]byte, 2*aes.BlockSize))
	return string(out[:])
}

// pairTerm writes the keyed term of a word pair, from the words' keyed
// hashes, into dst (pairSize bytes): AES under a key of its own (derived
// from the index key) over the first 8 bytes of each, a keyed
// pseudo-random function like the words' HMAC, but one block cipher call
// per pair: pairs are as many as words and rarely repeat, so they miss the
// cache. A pair term cannot be told apart from a word term, nor linked to
// its words, without the key. scratch (2 AES blocks) is the caller's, so
// nothing is allocated per pair.
func (h *hasher) pairTerm(dst, ha, hb, scratch []byte) {
	in, out := scratch[:aes.BlockSize], scratch[aes.BlockSize:2*aes.BlockSize]
	copy(in[:8], ha)
	copy(in[8:], hb)
	h.pairs.Encrypt(out, in)
	copy(dst, out[:pairSize])
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
