package search

import (
	"crypto/aes"
	"encoding/binary"
	"hash"
	"sync"
	"unsafe"

	index "github.com/blevesearch/bleve_index_api"
)

// multiField is one document's field of many values without positions
// (the combined text field, the facet field): each value is analysed with
// its own analyzer, or is one term when it has none, and all are counted
// into one set of term frequencies. Bleve would make a field per value,
// count each in a map with an allocation per term, then merge the maps
// while building the segment; the segment is the same either way.
type multiField struct {
	name   string
	opts   index.FieldIndexingOptions
	values []fieldValue
	bytes  uint64
	// h is the keyed pair function for values with an analyzer: Analyze
	// counts each word's keyed term and the keyed term of each pair of
	// adjacent words (phrases find pairs, with no positions in the index),
	// with no token made for either.
	h *hasher

	length int
	freqs  index.TokenFrequencies
}

type fieldValue struct {
	kind byte // which analyzer, for sum
	text []byte
	an   wordKeyer // nil: text is one term
}

// add appends a value (none when empty); kind names its analyzer.
func (f *multiField) add(kind byte, text string, an wordKeyer) {
	if text == "" {
		return
	}
	f.values = append(f.values, fieldValue{kind, []byte(text), an})
	f.bytes += uint64(len(text))
}

// sum writes what the field gives the index to h (see docSum).
func (f *multiField) sum(h hash.Hash) {
	for _, v := range f.values {
		h.Write([]byte{v.kind, byte(len(v.text)), byte(len(v.text) >> 8), byte(len(v.text) >> 16)})
		h.Write(v.text)
	}
}

func (f *multiField) Name() string                                     { return f.name }
func (f *multiField) ArrayPositions() []uint64                         { return nil }
func (f *multiField) Options() index.FieldIndexingOptions              { return f.opts }
func (f *multiField) Value() []byte                                    { return nil } // never stored
func (f *multiField) NumPlainTextBytes() uint64                        { return f.bytes }
func (f *multiField) EncodedFieldType() byte                           { return 't' }
func (f *multiField) AnalyzedLength() int                              { return f.length }
func (f *multiField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

func (f *multiField) Size() int {
	n := int(unsafe.Sizeof(*f)) + len(f.name)
	for _, v := range f.values {
		n += len(v.text) + int(unsafe.Sizeof(v))
	}
	return n
}

// Analyze counts every value's terms, each distinct term copied once.
func (f *multiField) Analyze() {
	c := counterPool.Get().(*termCounter)
	defer counterPool.Put(c)
	c.reset()
	f.length = 0
	for _, v := range f.values {
		if v.an == nil {
			c.add(v.text)
			f.length++
			continue
		}
		c.words.reset()
		v.an.keyWords(v.text, &c.words)
		f.length += c.addKeyed(f.h, &c.words)
	}
	f.freqs = c.frequencies(!f.opts.SkipFreqNorm())
}

// termCounter counts a field's terms in a table of its own, then makes
// Bleve's map of them at its final size: a map that grows as terms come
// costs more to fill, and one made big enough beforehand costs Bleve more
// to walk. Counters are reused, so counting allocates nothing.
type termCounter struct {
	slots []int32 // open addressing: 1 + an index into terms, 0 when free
	terms []countedTerm
	bytes []byte // every distinct term's bytes, one after another
	words keyedWords
}

type countedTerm struct {
	hash    uint64
	at, len uint32
	freq    int
}

var counterPool = sync.Pool{New: func() any { return new(termCounter) }}

func (c *termCounter) reset() {
	if len(c.slots) == 0 || len(c.slots) > 1<<16 {
		c.slots = make([]int32, 1024) // a big field's table is not kept
	} else {
		clear(c.slots)
	}
	c.terms, c.bytes = c.terms[:0], c.bytes[:0]
}

// termHash spreads terms over the table. Every term here is a keyed hash
// (facet terms behind a tag byte), random already; the mixing only keeps
// the table sound should a plain term ever come.
func termHash(b []byte) uint64 {
	var x uint64
	if len(b) >= 8 {
		x = binary.LittleEndian.Uint64(b) ^ binary.LittleEndian.Uint64(b[len(b)-8:])<<1
	} else {
		for _, c := range b {
			x = x<<8 | uint64(c)
		}
	}
	return (x ^ uint64(len(b))) * 0x9e3779b97f4a7c15
}

func (c *termCounter) add(term []byte) {
	if len(term) == 0 {
		return
	}
	if 2*len(c.terms) >= len(c.slots) {
		c.grow()
	}
	h := termHash(term)
	mask := uint64(len(c.slots) - 1)
	for i := h >> 32 & mask; ; i = (i + 1) & mask {
		s := c.slots[i]
		if s == 0 {
			c.terms = append(c.terms, countedTerm{hash: h, at: uint32(len(c.bytes)), len: uint32(len(term)), freq: 1})
			c.bytes = append(c.bytes, term...)
			c.slots[i] = int32(len(c.terms))
			return
		}
		t := &c.terms[s-1]
		if t.hash == h && string(c.bytes[t.at:t.at+t.len]) == string(term) {
			t.freq++
			return
		}
	}
}

// grow doubles the table and places every term again.
func (c *termCounter) grow() {
	c.slots = make([]int32, 2*len(c.slots))
	mask := uint64(len(c.slots) - 1)
	for n, t := range c.terms {
		i := t.hash >> 32 & mask
		for c.slots[i] != 0 {
			i = (i + 1) & mask
		}
		c.slots[i] = int32(n + 1)
	}
}

// frequencies returns the counted terms as Bleve takes them, each term's
// bytes copied once into one slab; count false leaves frequencies at 0
// (fields without norms).
func (c *termCounter) frequencies(count bool) index.TokenFrequencies {
	freqs := make(index.TokenFrequencies, len(c.terms))
	tfs := make([]index.TokenFreq, len(c.terms))
	slab := append([]byte(nil), c.bytes...)
	for i, t := range c.terms {
		term := slab[t.at : t.at+t.len : t.at+t.len]
		tfs[i].Term = term
		if count {
			tfs[i].SetFrequency(t.freq)
		}
		freqs[unsafe.String(&term[0], len(term))] = &tfs[i]
	}
	return freqs
}

// addKeyed counts each keyed word of w and the keyed term of each pair of
// words at adjacent positions (every combination where compounds put
// several words at one position), and returns how many terms that was.
func (c *termCounter) addKeyed(h *hasher, w *keyedWords) int {
	for i := range w.keys {
		c.add(w.keys[i][:])
	}
	n := len(w.keys)
	var pair [pairSize]byte
	var scratch [2 * aes.BlockSize]byte
	for i, p := range w.pos {
		for j := i + 1; j < len(w.pos) && w.pos[j] <= p+1; j++ {
			if w.pos[j] == p+1 {
				h.pairTerm(pair[:], w.keys[i][:], w.keys[j][:], scratch[:])
				c.add(pair[:])
				n++
			}
		}
	}
	return n
}
