package search

import (
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// The combined fields count, for every corpus message, the same terms,
// frequencies and length as Bleve's own fields, one per value, merged as
// the segment builder merges them.
func TestMultiFieldCountsAsBleveFieldsDo(t *testing.T) {
	ix, _ := openTestIndex(t, newMemLoader(), nil)
	for _, c := range loadCorpus(t) {
		multi := 0
		for _, field := range ix.messageDoc(c.msg).Fields {
			f, ok := field.(*multiField)
			if !ok {
				continue
			}
			multi++
			want, wantLen := index.TokenFrequencies{}, 0
			for i, v := range f.values {
				bf := document.NewTextFieldCustom(f.name, []uint64{uint64(i)}, append([]byte(nil), v.text...), f.opts, v.an)
				bf.Analyze()
				wantLen += bf.AnalyzedLength()
				want.MergeAll(f.name, bf.AnalyzedTokenFrequencies())
			}
			f.Analyze()
			if f.AnalyzedLength() != wantLen || len(f.AnalyzedTokenFrequencies()) != len(want) {
				t.Fatalf("%s, field %s: %d tokens, %d terms; want %d, %d", c.path, f.name,
					f.AnalyzedLength(), len(f.AnalyzedTokenFrequencies()), wantLen, len(want))
			}
			for term, tf := range want {
				got := f.AnalyzedTokenFrequencies()[term]
				if got == nil || got.Frequency() != tf.Frequency() || string(got.Term) != term {
					t.Fatalf("%s, field %s: term %x counted %v, want %d", c.path, f.name, term, got, tf.Frequency())
				}
			}
		}
		if multi != 2 {
			t.Fatalf("%s: %d combined fields, want text and facets", c.path, multi)
		}
	}
}
