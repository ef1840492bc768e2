package mail

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode"

	gomessage "github.com/emersion/go-message"
)

// TestHTMLToTextAgainstPlainAlternatives checks the HTML converter on real
// mail: where a message carries the same body as text/plain and text/html
// (multipart/alternative), the words of the plain version must be found in
// the converted HTML. go-message's own walker extracts the parts, so the
// check does not lean on the parser under test.
func TestHTMLToTextAgainstPlainAlternatives(t *testing.T) {
	var compared int
	var recallSum float64
	for _, m := range loadParseCorpus(t) {
		var plain, html string
		e, err := gomessage.Read(bytes.NewReader(m.raw))
		if err != nil && e == nil {
			continue
		}
		_ = e.Walk(func(path []int, part *gomessage.Entity, err error) error {
			if err != nil && !gomessage.IsUnknownCharset(err) {
				return nil
			}
			mt, _, _ := part.Header.ContentType()
			switch {
			case mt == "text/plain" && plain == "":
				b, _ := io.ReadAll(part.Body)
				plain = string(b)
			case mt == "text/html" && html == "":
				b, _ := io.ReadAll(part.Body)
				html = string(b)
			}
			return nil
		})
		if plain == "" || html == "" {
			continue
		}
		words := wordSet(stripDataURIs(plain))
		if len(words) < 5 {
			continue
		}
		got := wordSet(htmlToText(html))
		found := 0
		for w := range words {
			if got[w] {
				found++
			}
		}
		recall := float64(found) / float64(len(words))
		if recall < 0.7 {
			t.Errorf("%s: only %.0f%% of the plain words in the converted HTML", m.path, recall*100)
		}
		compared++
		recallSum += recall
	}
	if compared < 500 {
		t.Fatalf("only %d messages with both alternatives", compared)
	}
	avg := recallSum / float64(compared)
	t.Logf("%d messages compared, mean word recall %.1f%%", compared, avg*100)
	if avg < 0.95 {
		t.Fatalf("mean word recall %.1f%%, want at least 95%%", avg*100)
	}
}

// wordSet returns the words of s: letters only, 3 to 20 bytes, so the
// base64 of an image some web mailers paste into the plain version does
// not count as words.
func wordSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) >= 3 && len(w) <= 20 {
			out[w] = true
		}
	}
	return out
}
