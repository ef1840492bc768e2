package search

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
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

// Segments counts the index's segment files: some once a message is
// indexed, and none from a closed index.
func TestSegmentsCountsFiles(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	feed(t, ix, l, msg("m_seg", "a@x.com", "Segments", "a body", "2026-03-01"))
	deadline := time.Now().Add(10 * time.Second)
	for ix.Segments() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond) // the persister writes the first file
	}
	if ix.Segments() == 0 {
		t.Fatal("no segment file after indexing a message")
	}
	ix.Close(context.Background())
	if n := ix.Segments(); n != 0 {
		t.Fatalf("a closed index reports %d segments", n)
	}
}

// The same on real mail: every corpus message's text, for words of the
// benchmark's queries, accented and one-letter ones.
func TestFindMarksMatchesFullAnalysisOnCorpus(t *testing.T) {
	an := newAnalyzers(testKey).textPlain
	var terms []map[string]bool
	for _, q := range []string{"raid56", "btrfs", "patch", "usrp", "zoned", "Müller", "x310", "uhd_usrp_probe", "firmware", "timeout", "a", "running"} {
		set := map[string]bool{}
		for _, tok := range an.Analyze([]byte(q)) {
			set[string(tok.Term)] = true
		}
		terms = append(terms, set)
	}
	for _, m := range loadCorpus(t) {
		text := m.msg.Text
		all := an.Analyze([]byte(text))
		for _, set := range terms {
			var want, got []int
			for _, tok := range all {
				if set[string(tok.Term)] {
					want = append(want, tok.Start)
				}
			}
			for _, tok := range findMarks(text, an, set) {
				got = append(got, tok.Start)
			}
			// findMarks stops after the first markScan bytes (to the next
			// white space) when they hold a mark.
			cut := len(text)
			if len(text) > 2*markScan {
				if i := strings.IndexAny(text[markScan:], " \t\n"); i >= 0 {
					cut = markScan + i
				}
			}
			if early := slices.IndexFunc(want, func(at int) bool { return at >= cut }); early > 0 {
				want = want[:early]
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s, terms %v: marks at %v, whole-text analysis at %v", m.msg.ID, set, got, want)
			}
		}
	}
}

// The words a reader marks are the text's own, in every form the query's
// words take once folded and stemmed; filters and excluded words mark none.
func TestMatchedWords(t *testing.T) {
	l := newMemLoader()
	ix, _ := openTestIndex(t, l, nil)
	texts := []string{"Re: Device inventory", "Two devices, one DEVICE, a device-tree and Müller's mülleR.\n> quoted devices"}
	cases := []struct {
		q    string
		want []string
	}{
		{"device", []string{"Device", "devices", "DEVICE", "device"}},
		{`"device tree" muller`, []string{"Device", "devices", "DEVICE", "device", "tree", "Müller's", "mülleR"}},
		{"from:device kind:email -inventory", nil},
		{"zeppelin", nil},
	}
	for _, c := range cases {
		if got := ix.MatchedWords(c.q, testNow, texts...); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.q, got, c.want)
		}
	}
}
