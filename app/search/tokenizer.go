package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// wordTokenizer splits text into words exactly as Bleve's Unicode
// tokenizer does (UAX #29 word boundaries), faster: segmenting every byte
// with the full Unicode machine was a tenth of indexing.
//
// Words never span ASCII white space, so the text is cut there into pieces.
// A piece of plain ASCII letters and digits, with punctuation only around
// it ("(btrfs),", "x310."), is one word; punctuation there never joins a
// word (the joining rules need a letter or digit on both sides, and "_"
// always goes the slow way). Every other piece goes through the Unicode
// tokenizer.
type wordTokenizer struct {
	slow analysis.Tokenizer
}

func newWordTokenizer() wordTokenizer {
	return wordTokenizer{slow: unitok.NewUnicodeTokenizer()}
}

func (w wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)/6+1)
	var block []analysis.Token
	w.each(input, func(start int, term []byte, typ analysis.TokenType) {
		if len(block) == 0 {
			// Tokens come in blocks, but no bigger than the rest of the
			// input can fill (a word and a space each): snippets analyse
			// one short piece at a time.
			block = make([]analysis.Token, min(256, (len(input)-start)/2+1))
		}
		t := &block[0]
		block = block[1:]
		t.Term, t.Start, t.End, t.Position, t.Type = term, start, start+len(term), len(out)+1, typ
		out = append(out, t)
	})
	return out
}

// each calls fn with every word of input in order, where it starts, and
// its type, with no token made: the words Tokenize gives, at positions 1,
// 2, 3 and so on.
func (w wordTokenizer) each(input []byte, fn func(start int, term []byte, typ analysis.TokenType)) {
	if !utf8.Valid(input) {
		// The Unicode segmenter lets a broken byte swallow what follows,
		// white space included: only it knows where its words end.
		for _, t := range w.slow.Tokenize(input) {
			fn(t.Start, t.Term, t.Type)
		}
		return
	}
	for i := 0; i < len(input); {
		for i < len(input) && isSpaceByte(input[i]) {
			i++
		}
		start := i
		for i < len(input) && !isSpaceByte(input[i]) {
			i++
		}
		if start == i {
			break
		}
		from, to, typ, simple := plainWord(input[start:i])
		if !simple {
			for _, t := range w.slow.Tokenize(input[start:i]) {
				fn(start+t.Start, t.Term, t.Type)
			}
			continue
		}
		if from < to { // else punctuation only
			fn(start+from, input[start+from:start+to], typ)
		}
	}
}

// plainWord reports whether piece is at most one word by the simple rule:
// ASCII, no "_", and letters and digits in one run with only other
// punctuation around it. It returns where that run is (empty when there
// is none) and whether it is a number.
func plainWord(piece []byte) (from, to int, typ analysis.TokenType, simple bool) {
	from, to = -1, -1
	digitsOnly := true
	for i, c := range piece {
		switch {
		case c >= utf8.RuneSelf || c == '_':
			return 0, 0, 0, false
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			digitsOnly = false
		case '0' <= c && c <= '9':
		default:
			continue
		}
		if from < 0 {
			from = i
		} else if to != i {
			return 0, 0, 0, false // a second run, or punctuation inside the word
		}
		to = i + 1
	}
	if from < 0 {
		return 0, 0, 0, true
	}
	typ = analysis.AlphaNumeric
	if digitsOnly {
		typ = analysis.Numeric
	}
	return from, to, typ, true
}
