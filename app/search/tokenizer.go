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
// Words never span ASCII white space, so the text is cut there into pieces,
// and an ASCII piece further at punctuation that joins no word (piece). A
// run of ASCII letters, digits and "_" with only punctuation around it
// ("(btrfs),", "x310.", "fs_info") is one word (plainWord). Everything
// else goes through the Unicode tokenizer.
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
		w.piece(input[start:i], start, fn)
	}
}

// piece gives the words of one piece of text without white space, which
// starts at offset start. An ASCII piece is cut further at punctuation
// that joins no word ("->", "(", "="; everything but letters, digits, "_",
// ".", ",", ";", ":" and "'"), so code such as "fs_info->sectorsize" takes
// the fast path word by word.
func (w wordTokenizer) piece(p []byte, start int, fn func(start int, term []byte, typ analysis.TokenType)) {
	if !isASCII(p) {
		w.slowWords(p, start, fn)
		return
	}
	for j := 0; j < len(p); {
		for j < len(p) && joinsNoWord(p[j]) {
			j++
		}
		s := j
		for j < len(p) && !joinsNoWord(p[j]) {
			j++
		}
		if s == j {
			return
		}
		from, to, typ, simple := plainWord(p[s:j])
		switch {
		case !simple:
			w.slowWords(p[s:j], start+s, fn)
		case from < to: // else punctuation only
			fn(start+s+from, p[s+from:s+to], typ)
		}
	}
}

func (w wordTokenizer) slowWords(p []byte, start int, fn func(start int, term []byte, typ analysis.TokenType)) {
	for _, t := range w.slow.Tokenize(p) {
		fn(start+t.Start, t.Term, t.Type)
	}
}

func isASCII(p []byte) bool {
	for _, c := range p {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// joinsNoWord says whether an ASCII byte is one that the word rules never
// join to a neighbour: not a letter, digit or "_", nor one of the marks
// that join letters or digits on both sides (".", ",", ";", ":", "'").
func joinsNoWord(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return false
	}
	switch c {
	case '_', '.', ',', ';', ':', '\'':
		return false
	}
	return true
}

// plainWord reports whether piece is at most one word by the simple rule:
// ASCII, and letters, digits and "_" in one run with only other
// punctuation around it. It returns where that run is (empty when there
// is none; a run of only "_" is a word too, as Bleve has it) and whether
// it is a number. Nothing
// breaks such a run: "_" joins letters, digits and itself (snake_case
// names in code are one word), and the other punctuation joins a word
// only between letters or digits.
func plainWord(piece []byte) (from, to int, typ analysis.TokenType, simple bool) {
	from, to = -1, -1
	digitsOnly, alnum := true, false
	for i, c := range piece {
		switch {
		case c >= utf8.RuneSelf:
			return 0, 0, 0, false
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			digitsOnly, alnum = false, true
		case '0' <= c && c <= '9':
			alnum = true
		case c == '_':
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
	if digitsOnly && alnum {
		typ = analysis.Numeric
	}
	return from, to, typ, true
}
