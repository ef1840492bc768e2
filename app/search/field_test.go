package search

import (
	"crypto/aes"
	"strings"
	"testing"

	"parley/app/crm"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// The combined fields count, for every corpus message, the same terms
// (keyed words and pairs included), frequencies and length as Bleve's own
// fields, one per value, merged as the segment builder merges them.
func TestMultiFieldCountsAsBleveFieldsDo(t *testing.T) {
	ix, _ := openTestIndex(t, newMemLoader(), nil)
	for _, c := range loadCorpus(t) {
		sameAsBleveFields(t, ix, c.path, c.msg)
	}
	// Words the corpus has few of: compounds, possessives, colons, accents,
	// scripts without spaces, broken UTF-8, blank values, repeats.
	tricky := msg("m_tricky", "o'neil.muller@ex-ample.co.uk", "Re:Re: Peter's quote_v2.pdf für Zoë", "reg:gnu 12:30 the the the rock'n'roll 日本語テキスト café \xff\xfe broken \xc3( bytes "+
		"e.g. U.S.A. Straße œuvre ÆSIR 'tis ’s end’s martin.braun@ettus.com x310. (btrfs), "+strings.Repeat("same ", 40), "2024-03-01")
	tricky.From.Name = "O'Neil Müller-Lüdenscheidt"
	tricky.To = []crm.Address{{Name: "  ", Address: " "}, {Name: "Ann_Lee+tag", Address: "ANN.LEE+tag@Example.COM"}}
	sameAsBleveFields(t, ix, "tricky", tricky)
}

// sameAsBleveFields checks m's combined fields against Bleve's own fields.
func sameAsBleveFields(t *testing.T, ix *Index, name string, m *crm.Message) {
	t.Helper()
	multi := 0
	for _, field := range ix.messageDoc(m).Fields {
		f, ok := field.(*multiField)
		if !ok {
			continue
		}
		multi++
		want, wantLen := index.TokenFrequencies{}, 0
		for i, v := range f.values {
			var an analysis.Analyzer = v.an
			if f.h != nil {
				an = filtered{inner: an, filter: pairFilter{h: f.h}}
			}
			bf := document.NewTextFieldCustom(f.name, []uint64{uint64(i)}, append([]byte(nil), v.text...), f.opts, an)
			bf.Analyze()
			wantLen += bf.AnalyzedLength()
			want.MergeAll(f.name, bf.AnalyzedTokenFrequencies())
		}
		f.Analyze()
		if f.AnalyzedLength() != wantLen || len(f.AnalyzedTokenFrequencies()) != len(want) {
			t.Fatalf("%s, field %s: %d tokens, %d terms; want %d, %d", name, f.name,
				f.AnalyzedLength(), len(f.AnalyzedTokenFrequencies()), wantLen, len(want))
		}
		for term, tf := range want {
			got := f.AnalyzedTokenFrequencies()[term]
			if got == nil || got.Frequency() != tf.Frequency() || string(got.Term) != term {
				t.Fatalf("%s, field %s: term %x counted %v, want %d", name, f.name, term, got, tf.Frequency())
			}
		}
	}
	if multi != 2 {
		t.Fatalf("%s: %d combined fields, want text and facets", name, multi)
	}
}

// The reference the combined field is checked against: the keyed hash of
// each word, then of each pair, as tokens for Bleve to count.

// filtered runs an analyzer and then one more token filter.
type filtered struct {
	inner  analysis.Analyzer
	filter analysis.TokenFilter
}

func (a filtered) Analyze(in []byte) analysis.TokenStream {
	return a.filter.Filter(a.inner.Analyze(in))
}

// pairFilter is the last filter of the combined text field's analyzers: it
// keeps each word's keyed hash and adds the keyed hash of every pair of
// words at adjacent positions (all combinations where compounds put several
// terms at one position). A phrase of two words is then one term, and a
// longer one a conjunction of pairs, with no positions in the index.
type pairFilter struct {
	h *hasher
}

func (f pairFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	npairs := 0
	for i := range ts {
		for j := i + 1; j < len(ts) && ts[j].Position <= ts[i].Position+1; j++ {
			if ts[j].Position == ts[i].Position+1 {
				npairs++
			}
		}
	}
	// Words first, each hashed once; pairs are made from their hashes.
	buf := make([]byte, termSize*len(ts)+pairSize*npairs)
	for i, t := range ts {
		dst := buf[i*termSize : (i+1)*termSize : (i+1)*termSize]
		f.h.sum(dst, t.Term)
		t.Term = dst
	}
	buf = buf[termSize*len(ts):]
	out := make(analysis.TokenStream, len(ts), len(ts)+npairs)
	copy(out, ts)
	toks := make([]analysis.Token, npairs)
	scratch := make([]byte, 2*aes.BlockSize)
	k := 0
	for i, t := range ts {
		for j := i + 1; j < len(ts) && ts[j].Position <= t.Position+1; j++ {
			if ts[j].Position != t.Position+1 {
				continue
			}
			p := &toks[k]
			p.Term = buf[k*pairSize : (k+1)*pairSize : (k+1)*pairSize]
			p.Position, p.Start, p.End, p.Type = t.Position, t.Start, ts[j].End, t.Type
			f.h.pairTerm(p.Term, t.Term, ts[j].Term, scratch)
			out = append(out, p)
			k++
		}
	}
	return out
}
