package search

import (
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

// Analyze counts every value's terms. Terms are keyed by their own bytes:
// keyed terms are written once by the analysis and never changed, and the
// frequencies come from one slab per 256 distinct terms.
func (f *multiField) Analyze() {
	streams := make([]analysis.TokenStream, len(f.values))
	n := 0
	for i, v := range f.values {
		if v.an == nil {
			streams[i] = analysis.TokenStream{{Term: v.text, End: len(v.text), Position: 1, Type: analysis.AlphaNumeric}}
		} else {
			streams[i] = v.an.Analyze(v.text)
		}
		n += len(streams[i])
	}
	f.length = n
	f.freqs = make(index.TokenFrequencies, n/2)
	var slab []index.TokenFreq
	count := !f.opts.SkipFreqNorm()
	for _, ts := range streams {
		for _, t := range ts {
			if len(t.Term) == 0 {
				continue
			}
			key := unsafe.String(&t.Term[0], len(t.Term))
			tf := f.freqs[key]
			if tf == nil {
				if len(slab) == cap(slab) {
					slab = make([]index.TokenFreq, 0, 256)
				}
				slab = append(slab, index.TokenFreq{Term: t.Term})
				tf = &slab[len(slab)-1]
				f.freqs[key] = tf
			}
			if count {
				tf.SetFrequency(tf.Frequency() + 1)
			}
		}
	}
}
