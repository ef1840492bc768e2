package search

import (
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
)

// stemFilter is Bleve's Porter stemmer with a memory: words repeat (a
// mailbox's vocabulary is small next to its text), and stemming every
// occurrence anew was a sixth of indexing. It stems exactly as the
// stemmer it wraps.
//
// A remembered stem is shared between tokens: filters after this one must
// replace a token's term, never write into it (the keyed filters do).
type stemFilter struct {
	inner analysis.TokenFilter
	cache *stemCache
}

func newStemFilter() stemFilter {
	return stemFilter{inner: porter.NewPorterStemmer(), cache: newStemCache()}
}

func (f stemFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for _, t := range ts {
		if t.KeyWord {
			continue
		}
		if stem, ok := f.cache.get(t.Term); ok {
			t.Term = stem
			continue
		}
		word := string(t.Term)
		f.inner.Filter(analysis.TokenStream{t})
		f.cache.put(word, t.Term)
	}
	return ts
}

// stemCache maps words to their stems, in shards so that analysis workers
// on several cores rarely wait for each other. A full shard starts over:
// the words that matter come back at once.
type stemCache struct {
	seed   maphash.Seed
	shards [stemShards]stemShard
}

const (
	stemShards   = 16
	stemPerShard = 4096
)

type stemShard struct {
	mu sync.RWMutex
	m  map[string][]byte
}

func newStemCache() *stemCache {
	c := &stemCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string][]byte, stemPerShard)
	}
	return c
}

func (c *stemCache) shard(word []byte) *stemShard {
	return &c.shards[maphash.Bytes(c.seed, word)%stemShards]
}

func (c *stemCache) get(word []byte) ([]byte, bool) {
	s := c.shard(word)
	s.mu.RLock()
	stem, ok := s.m[string(word)]
	s.mu.RUnlock()
	return stem, ok
}

func (c *stemCache) put(word string, stem []byte) {
	if len(word) > 64 {
		return // long tokens (hashes, ids) rarely repeat
	}
	s := c.shard([]byte(word))
	s.mu.Lock()
	if len(s.m) >= stemPerShard {
		s.m = make(map[string][]byte, stemPerShard)
	}
	s.m[word] = stem
	s.mu.Unlock()
}
