package search

import (
	"bytes"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"parley/app/crm"
)

// snippetLen is the length of a snippet, in bytes of source text.
const snippetLen = 240

// hitFor builds the presentable part of a hit from its entity.
func (ix *Index) hitFor(e crm.Entity, c *compiled) Hit {
	h := Hit{Entity: e}
	text, names := ix.an.textPlain, ix.an.namePlain
	switch e := e.(type) {
	case *crm.Message:
		body, capped := IndexedText(e)
		h.Kind, h.Date, h.AccountIDs, h.Capped = KindEmail, e.Date, e.AccountIDs, capped
		h.Title = highlight(e.Subject, text, c.textTerms, len(e.Subject))
		h.Snippet = highlight(body, text, c.textTerms, snippetLen)
	case *crm.Activity:
		body, capped := capText(e.Body)
		h.Kind, h.Date, h.Capped = string(e.Kind), e.At, capped
		if e.AccountID != "" {
			h.AccountIDs = []crm.ID{e.AccountID}
		}
		first, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
		h.Title = highlight(first, text, c.textTerms, 100)
		h.Snippet = highlight(body, text, c.textTerms, snippetLen)
	case *crm.Account:
		h.Kind, h.Date, h.AccountIDs = KindAccount, max(e.LastAt, e.Created), []crm.ID{e.ID}
		h.Title = highlight(e.Name, names, c.nameTerms, len(e.Name))
		more := strings.Join(append(append([]string{}, e.Domains...), e.Aliases...), " · ")
		h.Snippet = highlight(more, names, c.nameTerms, snippetLen)
	case *crm.Contact:
		h.Kind, h.Date = KindPerson, e.LastAt
		if e.AccountID != "" {
			h.AccountIDs = []crm.ID{e.AccountID}
		}
		h.Title = highlight(e.Name, names, c.nameTerms, len(e.Name))
		more := strings.Join(append([]string{e.Title}, e.Addresses...), " · ")
		h.Snippet = highlight(strings.TrimPrefix(more, " · "), names, c.nameTerms, snippetLen)
	}
	return h
}

// markScan is how much of a text findMarks looks at before it looks
// further: matches are usually near the start.
const markScan = 4 << 10

// findMarks returns the tokens of text that an makes into one of terms:
// those of its first markScan bytes (cut at a space), or when there are
// none, of the rest.
//
// Only words that may hold a term are analysed: running Unicode word
// segmentation and stemming over every hit's text was most of a search's
// cost. Words never span white space, so analysing one white-space
// delimited piece yields the tokens analysing the whole text would.
func findMarks(text string, an analysis.Analyzer, terms map[string]bool) []*analysis.Token {
	if len(terms) == 0 {
		return nil
	}
	cut := len(text)
	if len(text) > 2*markScan {
		if i := strings.IndexAny(text[markScan:], " \t\n"); i >= 0 {
			cut = markScan + i
		}
	}
	may := newMayMatch(terms)
	marks := scanMarks(text, 0, cut, an, may, terms)
	if len(marks) == 0 {
		marks = scanMarks(text, cut, len(text), an, may, terms)
	}
	return marks
}

// scanMarks returns the tokens of text[from:to] whose terms are in terms,
// analysing only the pieces may lets through.
func scanMarks(text string, from, to int, an analysis.Analyzer, may *mayMatch, terms map[string]bool) []*analysis.Token {
	var marks []*analysis.Token
	for at := from; at < to; {
		start, end, ok := may.next(text, at, to)
		if !ok {
			break
		}
		for _, t := range an.Analyze([]byte(text[start:end])) {
			if terms[string(t.Term)] {
				t.Start += start
				t.End += start
				marks = append(marks, t)
			}
		}
		at = end
	}
	return marks
}

// MatchedWords returns the words of texts, as written there, that the
// query's words and phrases match once folded and stemmed as the index
// does ("devices" and "Device" for device): what a reader of these texts,
// opened from a search, should see marked. Filters (from:, kind:, ...)
// mark nothing.
func (ix *Index) MatchedWords(query string, now time.Time, texts ...string) []string {
	p := ParseQuery(query, now, ix.opts.Location, ix.opts.Resolver) // as the search read it
	c := ix.compile(&p, filters{})
	if len(c.textTerms) == 0 {
		return nil
	}
	may := newMayMatch(c.textTerms)
	seen := map[string]bool{}
	var out []string
	for _, text := range texts {
		for _, m := range scanMarks(text, 0, len(text), ix.an.textPlain, may, c.textTerms) {
			if w := text[m.Start:m.End]; !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// mayMatch tells cheaply whether a piece of text may analyse to one of a
// set of terms: whether its lower-cased form holds a term's beginning (up
// to four bytes, not its last, which stemming may have changed: happy →
// happi; up to eight of a term ending in a digit, which stemming leaves
// alone). A piece with a non-ASCII byte always may (folding changes it).
type mayMatch struct {
	prefixes [][]byte
	// lead marks the bytes a piece that may match must hold: the first
	// byte of a prefix, in either case, and every non-ASCII byte. Pieces
	// without one are skipped at the speed of a table lookup per byte.
	lead  [256]bool
	all   bool // a one-byte term: every piece may match
	lower []byte
}

func newMayMatch(terms map[string]bool) *mayMatch {
	m := &mayMatch{}
	for c := utf8.RuneSelf; c < 256; c++ {
		m.lead[c] = true
	}
	for t := range terms {
		if t == "" {
			continue
		}
		n := min(len(t)-1, 4)
		if c := t[len(t)-1]; '0' <= c && c <= '9' {
			// The stemmer leaves a word ending in a digit as it is, so all of
			// it must be there (raid56, not every raid1 and RAID5 of a patch).
			n = min(len(t), 8)
		}
		if n <= 0 {
			m.all = true
			for c := 0; c < utf8.RuneSelf; c++ {
				m.lead[c] = !isSpaceByte(byte(c))
			}
			continue
		}
		p := []byte(t[:n])
		m.prefixes = append(m.prefixes, p)
		m.lead[p[0]] = true
		if 'a' <= p[0] && p[0] <= 'z' {
			m.lead[p[0]-'a'+'A'] = true
		}
	}
	return m
}

// next returns the next white-space delimited piece of text[at:to] that
// may match.
func (m *mayMatch) next(text string, at, to int) (start, end int, ok bool) {
	for at < to {
		i := at
		for i < to && !m.lead[text[i]] {
			i++
		}
		if i == to {
			break
		}
		start, end = i, i+1
		for start > at && !isSpaceByte(text[start-1]) {
			start--
		}
		for end < to && !isSpaceByte(text[end]) {
			end++
		}
		if m.mayHold(text[start:end]) {
			return start, end, true
		}
		at = end
	}
	return 0, 0, false
}

// mayHold says whether piece holds a non-ASCII byte or, lower-cased, a
// term's beginning.
func (m *mayMatch) mayHold(piece string) bool {
	if m.all {
		return true
	}
	m.lower = m.lower[:0]
	for i := 0; i < len(piece); i++ {
		c := piece[i]
		switch {
		case c >= utf8.RuneSelf:
			return true
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		m.lower = append(m.lower, c)
	}
	for _, p := range m.prefixes {
		if bytes.Contains(m.lower, p) {
			return true
		}
	}
	return false
}

// isSpaceByte is ASCII white space: what the word segmenter never puts in a word.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// highlight returns up to about maxLen bytes of text around the densest
// run of matched words, HTML-escaped, whitespace collapsed, matches wrapped
// in <mark>. A word matches when an makes of it a term in terms: the same
// folding and stemming as the index, so "Muller" marks "Müller".
func highlight(text string, an analysis.Analyzer, terms map[string]bool, maxLen int) string {
	if text == "" {
		return ""
	}
	marks := findMarks(text, an, terms)
	start, end := window(text, marks, maxLen)
	var sb strings.Builder
	if start > 0 {
		sb.WriteString("…")
	}
	at := start
	for _, m := range marks {
		if m.Start < at || m.End > end {
			continue
		}
		sb.WriteString(escape(text[at:m.Start]))
		sb.WriteString("<mark>")
		sb.WriteString(escape(text[m.Start:m.End]))
		sb.WriteString("</mark>")
		at = m.End
	}
	sb.WriteString(escape(text[at:end]))
	if end < len(text) {
		sb.WriteString("…")
	}
	return strings.TrimSpace(sb.String())
}

// window picks the byte range [start, end) of at most maxLen bytes that
// holds the most marks, starting a little before the first of them.
func window(text string, marks []*analysis.Token, maxLen int) (int, int) {
	if len(text) <= maxLen {
		return 0, len(text)
	}
	best, bestN := 0, 0
	j := 0
	for i := range marks {
		for j < len(marks) && marks[j].End <= marks[i].Start+maxLen {
			j++
		}
		if j-i > bestN {
			best, bestN = i, j-i
		}
	}
	start := 0
	if bestN > 0 {
		start = max(marks[best].Start-maxLen/6, 0)
		// Begin on a word boundary.
		if start > 0 {
			if k := strings.IndexAny(text[start:marks[best].Start], " \n\t"); k >= 0 {
				start += k + 1
			}
		}
	}
	end := min(start+maxLen, len(text))
	for end < len(text) && end > start && !utf8.RuneStart(text[end]) {
		end--
	}
	if end < len(text) {
		if k := strings.LastIndexAny(text[start:end], " \n\t"); k > maxLen/2 {
			end = start + k
		}
	}
	return start, end
}

// escape HTML-escapes s and collapses each run of white space to one
// space (kept at the ends, so words on both sides of a mark stay apart).
func escape(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			space = true
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	if space {
		sb.WriteByte(' ')
	}
	return html.EscapeString(sb.String())
}
