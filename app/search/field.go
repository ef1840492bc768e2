package search

import (
	"crypto/aes"
	"hash"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
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
	// h, when set, makes the field keyed: its values are analysed to plain
	// words, and Analyze counts each word's keyed hash and the keyed hash
	// of each pair of adjacent words (phrases find pairs, with no
	// positions in the index), with no token made for either.
	h *hasher

	length int
	freqs  index.TokenFrequencies
}

type fieldValue struct {
	kind byte // which analyzer, for sum
	text []byte
	an   analysis.Analyzer // nil: text is one term
}

// add appends a value (none when empty); kind names its analyzer.
func (f *multiField) add(kind byte, text string, an analysis.Analyzer) {
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
	f.freqs = make(index.TokenFrequencies, 64)
	c := termCounter{freqs: f.freqs, count: !f.opts.SkipFreqNorm()}
	f.length = 0
	for _, v := range f.values {
		switch {
		case v.an == nil:
			c.add(v.text)
			f.length++
		case f.h == nil:
			ts := v.an.Analyze(v.text)
			for _, t := range ts {
				c.add(t.Term)
			}
			f.length += len(ts)
		default:
			f.length += c.addKeyed(f.h, v.an.Analyze(v.text))
		}
	}
}

// termCounter counts terms into frequencies. A new term's bytes go to a
// slab, where they stay unchanged, so the map is keyed by them without a
// copy; frequencies come from slabs too.
type termCounter struct {
	freqs  index.TokenFrequencies
	count  bool
	bytes  []byte
	tfs    []index.TokenFreq
	hashes []byte // scratch for addKeyed
}

func (c *termCounter) add(term []byte) {
	if len(term) == 0 {
		return
	}
	tf := c.freqs[string(term)]
	if tf == nil {
		if len(c.bytes)+len(term) > cap(c.bytes) {
			c.bytes = make([]byte, 0, max(4096, len(term)))
		}
		at := len(c.bytes)
		c.bytes = append(c.bytes, term...)
		kept := c.bytes[at:len(c.bytes):len(c.bytes)]
		if len(c.tfs) == cap(c.tfs) {
			c.tfs = make([]index.TokenFreq, 0, 256)
		}
		c.tfs = append(c.tfs, index.TokenFreq{Term: kept})
		tf = &c.tfs[len(c.tfs)-1]
		c.freqs[unsafe.String(&kept[0], len(kept))] = tf
	}
	if c.count {
		tf.SetFrequency(tf.Frequency() + 1)
	}
}

// addKeyed counts the keyed hash of each word of ts and of each pair of
// words at adjacent positions (every combination where compounds put
// several words at one position), and returns how many terms that was.
func (c *termCounter) addKeyed(h *hasher, ts analysis.TokenStream) int {
	if cap(c.hashes) < termSize*len(ts) {
		c.hashes = make([]byte, termSize*len(ts))
	}
	hashes := c.hashes[:termSize*len(ts)]
	hashOf := func(i int) []byte { return hashes[i*termSize : (i+1)*termSize] }
	for i, t := range ts {
		h.sum(hashOf(i), t.Term)
		c.add(hashOf(i))
	}
	n := len(ts)
	var pair [pairSize]byte
	var scratch [2 * aes.BlockSize]byte
	for i, t := range ts {
		for j := i + 1; j < len(ts) && ts[j].Position <= t.Position+1; j++ {
			if ts[j].Position == t.Position+1 {
				h.pairTerm(pair[:], hashOf(i), hashOf(j), scratch[:])
				c.add(pair[:])
				n++
			}
		}
	}
	return n
}
