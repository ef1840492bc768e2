package search

import (
	"runtime"

	"github.com/blevesearch/bleve/v2/analysis"
)

// wordAnalyzer is a plain analyzer whose token filters each map one word
// to terms at that word's position (folding, compound parts, stemming).
// So a word's keyed terms depend on the word alone, and keyWords gives
// the keyed terms of a text straight from its words, from a memory of the
// words it has seen: mail repeats its vocabulary, and folding, stemming
// and hashing every occurrence anew, through a token each, was a fifth
// of an import's CPU.
type wordAnalyzer struct {
	analysis.DefaultAnalyzer
	tok wordTokenizer
	h   *hasher
	// memories are the word memories not in use. Each analysis takes one,
	// so the analysis workers never wait for each other.
	memories chan *wordMemory
}

func newWordAnalyzer(h *hasher, tok wordTokenizer, cf []analysis.CharFilter, filters []analysis.TokenFilter) *wordAnalyzer {
	return &wordAnalyzer{
		DefaultAnalyzer: analysis.DefaultAnalyzer{CharFilters: cf, Tokenizer: tok, TokenFilters: filters},
		tok:             tok, h: h,
		memories: make(chan *wordMemory, runtime.GOMAXPROCS(0)+1),
	}
}

// keyedWords are a text's keyed terms in position order: keys[i] is at
// position pos[i], several keys sharing a position where a compound
// gives its parts.
type keyedWords struct {
	keys [][termSize]byte
	pos  []int
}

func (w *keyedWords) reset() { w.keys, w.pos = w.keys[:0], w.pos[:0] }

// wordKeyer is a plain analyzer that also gives the keyed terms of its
// words itself (keyWords appends them to out, after its last position).
type wordKeyer interface {
	analysis.Analyzer
	keyWords(text []byte, out *keyedWords)
}

// wordMemory maps words as written to their keyed terms.
type wordMemory struct {
	index map[string]wordKeys
	keys  [][termSize]byte
}

type wordKeys struct{ at, n uint32 }

// wordMemorySize bounds a memory; a full one starts over, and the words in
// use come back at once. Each holds about 3 MB when full.
const wordMemorySize = 1 << 15

func (a *wordAnalyzer) take() *wordMemory {
	select {
	case m := <-a.memories:
		return m
	default:
		return &wordMemory{index: make(map[string]wordKeys, 1024)}
	}
}

func (a *wordAnalyzer) give(m *wordMemory) {
	select {
	case a.memories <- m:
	default: // more analyses at once than cores: let this one go
	}
}

func (a *wordAnalyzer) keyWords(text []byte, out *keyedWords) {
	m := a.take()
	defer a.give(m)
	for _, cf := range a.CharFilters {
		text = cf.Filter(text)
	}
	pos := 0
	if n := len(out.pos); n > 0 {
		pos = out.pos[n-1]
	}
	a.tok.each(text, func(_ int, word []byte, typ analysis.TokenType) {
		pos++
		k, ok := m.index[string(word)]
		if !ok {
			k = m.learn(a, word, typ)
		}
		for _, key := range m.keys[k.at : k.at+k.n] {
			out.keys = append(out.keys, key)
			out.pos = append(out.pos, pos)
		}
	})
}

// learn runs the analyzer's filters on one word and remembers the keyed
// hashes of what they give.
func (m *wordMemory) learn(a *wordAnalyzer, word []byte, typ analysis.TokenType) wordKeys {
	if len(m.index) >= wordMemorySize {
		clear(m.index)
		m.keys = m.keys[:0]
	}
	w := string(word)
	ts := analysis.TokenStream{{Term: []byte(w), Start: 0, End: len(w), Position: 1, Type: typ}}
	for _, f := range a.TokenFilters {
		ts = f.Filter(ts)
	}
	k := wordKeys{at: uint32(len(m.keys)), n: uint32(len(ts))}
	for _, t := range ts {
		var key [termSize]byte
		a.h.sum(key[:], t.Term)
		m.keys = append(m.keys, key)
	}
	m.index[w] = k
	return k
}
