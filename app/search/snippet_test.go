package search

import (
	"strings"
	"testing"
)

// Analysing only the pieces that may match finds exactly the marks that
// analysing the whole text finds.
func TestFindMarksMatchesFullAnalysis(t *testing.T) {
	an := newAnalyzers(testKey).textPlain
	text := "Re: (Btrfs) the HAPPY crew's pumps—failed; Müller's relational toys.\n" +
		"e.g. foo.bar, x310/n310 «Zoë» naïve café  ünïcode\ttabs\r\nstraße 12:30 wasn't don't"
	for _, query := range []string{"btrfs", "happy", "crew", "pump", "failed", "muller", "relational", "toy",
		"foo.bar", "x310", "zoe", "naive", "cafe", "unicode", "tabs", "strasse", "12", "wasn't", "a", "e.g"} {
		terms := map[string]bool{}
		for _, tok := range an.Analyze([]byte(query)) {
			terms[string(tok.Term)] = true
		}
		var want []string
		for _, tok := range an.Analyze([]byte(text)) {
			if terms[string(tok.Term)] {
				want = append(want, text[tok.Start:tok.End])
			}
		}
		var got []string
		for _, m := range findMarks(text, an, terms) {
			got = append(got, text[m.Start:m.End])
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q: marks %q, whole-text analysis %q", query, got, want)
		}
		if len(want) == 0 && query != "a" {
			t.Errorf("%q: the text should hold it", query)
		}
	}
}
