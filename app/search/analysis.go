package search

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"golang.org/x/text/unicode/norm"
)

// The analyzers. Each exists in a plain form (queries and snippets use it
// to find which words match) and a keyed form (the plain form plus the
// keyedFilter, used only for indexing). Keeping one definition for both
// is what makes query terms, index terms and highlights agree.
//
//   - text (subject, body): Unicode words, case and accent folding, English
//     possessives and Porter stemming. No stop words: phrases stay exact.
//   - name (people, attachment names, account names): folding, no stemming.
//     At index time compound words ("martin.braun", "quote_v2.pdf") also
//     yield their parts at the same position, so "braun" and "quote" match.
//   - address: the whole folded address as one term, then its name tokens,
//     so from:a@b.com is an exact match and from:braun a partial one.
//   - keyword (ids and enums): the value unchanged, one term.
//
// The combined text field, where free words and phrases are searched, has
// its own forms of the three (textPlain, anyNamePlain, anyAddressPlain):
// every source stemmed as text is, compounds split in names, the whole
// address kept. The field hashes their words itself and adds each pair of
// adjacent words as one more term (multiField).
type analyzers struct {
	h *hasher

	textPlain *wordAnalyzer
	namePlain analysis.Analyzer

	text, name, address, keyword analysis.Analyzer

	// anyNamePlain and anyAddressPlain analyse names and addresses for
	// the combined field, and check long phrases against the store's text.
	anyNamePlain    *wordAnalyzer
	anyAddressPlain addressAnalyzer
}

func newAnalyzers(key []byte) *analyzers {
	h := newHasher(key)
	tok := newWordTokenizer()
	stem := newStemFilter()
	keyed := keyedFilter{h: h}
	textFilters := []analysis.TokenFilter{foldFilter{}, en.NewPossessiveFilter(), stem}
	cf := []analysis.CharFilter{colonFilter{}}
	nameIndex := &analysis.DefaultAnalyzer{CharFilters: cf, Tokenizer: tok, TokenFilters: []analysis.TokenFilter{foldFilter{}, subwordFilter{}}}
	// Names in the combined field are stemmed like text, so a free word
	// (analysed as text) finds them; compounds still yield their parts.
	anyNameFilters := []analysis.TokenFilter{foldFilter{}, subwordFilter{}, en.NewPossessiveFilter(), stem}
	anyNamePlain := newWordAnalyzer(h, tok, cf, anyNameFilters)
	return &analyzers{
		h:         h,
		textPlain: newWordAnalyzer(h, tok, cf, textFilters),
		namePlain: &analysis.DefaultAnalyzer{CharFilters: cf, Tokenizer: tok, TokenFilters: []analysis.TokenFilter{foldFilter{}}},
		text:      &analysis.DefaultAnalyzer{CharFilters: cf, Tokenizer: tok, TokenFilters: append(append([]analysis.TokenFilter(nil), textFilters...), keyed)},
		name:      &analysis.DefaultAnalyzer{CharFilters: cf, Tokenizer: tok, TokenFilters: []analysis.TokenFilter{foldFilter{}, subwordFilter{}, keyed}},
		address:   keyedAnalyzer{inner: addressAnalyzer{name: nameIndex}, keyed: keyed},
		keyword:   keyedAnalyzer{inner: keywordAnalyzer{}, keyed: keyed},

		anyNamePlain:    anyNamePlain,
		anyAddressPlain: addressAnalyzer{name: anyNamePlain},
	}
}

// colonFilter turns colons into spaces before tokenizing: Unicode word
// rules keep "Re:GNU" or "reg:gnu" as one word, which no one searches for.
// Same length, so token offsets still point into the source text.
type colonFilter struct{}

func (colonFilter) Filter(in []byte) []byte {
	if bytes.IndexByte(in, ':') < 0 {
		return in
	}
	out := bytes.ReplaceAll(in, []byte{':'}, []byte{' '})
	return out
}

// keyedAnalyzer runs an analyzer and then hashes its terms.
type keyedAnalyzer struct {
	inner analysis.Analyzer
	keyed keyedFilter
}

func (a keyedAnalyzer) Analyze(in []byte) analysis.TokenStream {
	return a.keyed.Filter(a.inner.Analyze(in))
}

// keywordAnalyzer makes the whole input one term.
type keywordAnalyzer struct{}

func (keywordAnalyzer) Analyze(in []byte) analysis.TokenStream {
	return analysis.TokenStream{{Term: in, Start: 0, End: len(in), Position: 1, Type: analysis.AlphaNumeric}}
}

// addressAnalyzer indexes a mail address whole and by its parts.
type addressAnalyzer struct {
	name analysis.Analyzer
}

// keyWords gives the keyed terms Analyze's tokens hash to, when the name
// analyzer is a wordAnalyzer (the combined field's is).
func (a addressAnalyzer) keyWords(in []byte, out *keyedWords) {
	name := a.name.(*wordAnalyzer)
	pos := 1
	if n := len(out.pos); n > 0 {
		pos = out.pos[n-1] + 1
	}
	var whole [termSize]byte
	name.h.sum(whole[:], foldBytes(append([]byte(nil), strings.TrimSpace(string(in))...)))
	out.keys = append(out.keys, whole)
	out.pos = append(out.pos, pos)
	name.keyWords(in, out)
}

func (a addressAnalyzer) Analyze(in []byte) analysis.TokenStream {
	whole := foldBytes(append([]byte(nil), strings.TrimSpace(string(in))...))
	out := analysis.TokenStream{{Term: whole, Start: 0, End: len(in), Position: 1, Type: analysis.AlphaNumeric}}
	for _, t := range a.name.Analyze(in) {
		t.Position++
		out = append(out, t)
	}
	return out
}

// foldFilter lower-cases and strips accents, so "Müller" and "MULLER" are
// the same term.
type foldFilter struct{}

func (foldFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for _, t := range ts {
		t.Term = foldBytes(t.Term)
	}
	return ts
}

// foldBytes folds b, in place when b is ASCII (the common case), into a new
// slice otherwise.
func foldBytes(b []byte) []byte {
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return b
	}
	return []byte(foldString(string(b)))
}

// letterFolds are letters that Unicode decomposition leaves alone but that
// people type without their accent.
var letterFolds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l", 'þ': "th", 'ı': "i",
}

// foldString is foldBytes for strings.
func foldString(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	var dec []byte
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			sb.WriteRune(r)
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := letterFolds[r]; ok {
			sb.WriteString(f)
			continue
		}
		dec = norm.NFKD.AppendString(dec[:0], string(r))
		for _, d := range string(dec) {
			if !unicode.Is(unicode.Mn, d) {
				sb.WriteRune(unicode.ToLower(d))
			}
		}
	}
	return sb.String()
}

// subwordFilter adds the parts of compound tokens ("martin.braun",
// "quote_v2.pdf", "ettus.com") after the compound, at the same position.
type subwordFilter struct{}

func isSubwordSep(r rune) bool {
	return r == '.' || r == '_' || r == '-' || r == '+' || r == '\'' || r == '@'
}

func (subwordFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for i, t := range ts {
		if !strings.ContainsFunc(string(t.Term), isSubwordSep) {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make(analysis.TokenStream, 0, len(ts)+4), ts[:i]...)
		}
		out = append(out, t)
		term := t.Term
		start := 0
		for j := 0; j <= len(term); j++ {
			if j < len(term) && !isSubwordSep(rune(term[j])) {
				continue
			}
			if j > start && j-start < len(term) {
				out = append(out, &analysis.Token{
					Term: term[start:j:j], Start: t.Start + start, End: t.Start + j,
					Position: t.Position, Type: t.Type,
				})
			}
			start = j + 1
		}
	}
	if out == nil {
		return ts
	}
	return out
}

// plainTerms analyses s with a plain analyzer and returns its terms grouped
// by position, first term of each position first. Queries use it.
func plainTerms(a analysis.Analyzer, s string) [][]string {
	var out [][]string
	last := -1
	for _, t := range a.Analyze([]byte(s)) {
		if t.Position != last {
			out = append(out, nil)
			last = t.Position
		}
		out[len(out)-1] = append(out[len(out)-1], string(t.Term))
	}
	return out
}
