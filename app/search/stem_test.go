package search

import (
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
)

// The remembering stemmer stems exactly as Porter does, on first sight and
// from memory, from several goroutines at once.
func TestStemFilterMatchesPorter(t *testing.T) {
	words := strings.Fields(`running runs ran happy happiness relational conditional rational
		valency hesitancy digitizer conformabli radicalli differentli vileli analogousli
		vietnamization predication operator feudalism decisiveness hopefulness callousness
		formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical
		hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible
		irritant replacement adjustment dependent adoption homologou communism activate
		angulariti homologous effective bowdlerize probate rate cease controll roll caresses
		ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled
		sized hopping tanned falling hissing fizzed failing filing happy sky btrfs x310 a i`)
	plain := porter.NewPorterStemmer()
	want := map[string]string{}
	for _, w := range words {
		tok := &analysis.Token{Term: []byte(w)}
		plain.Filter(analysis.TokenStream{tok})
		want[w] = string(tok.Term)
	}
	f := newStemFilter()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 3 {
				ts := make(analysis.TokenStream, len(words))
				for i, w := range words {
					ts[i] = &analysis.Token{Term: []byte(w)}
				}
				for i, tok := range f.Filter(ts) {
					if got := string(tok.Term); got != want[words[i]] {
						t.Errorf("goroutine %d round %d: %q stems to %q, Porter says %q", g, round, words[i], got, want[words[i]])
					}
				}
			}
		}()
	}
	wg.Wait()
	kw := &analysis.Token{Term: []byte("running"), KeyWord: true}
	f.Filter(analysis.TokenStream{kw})
	if string(kw.Term) != "running" {
		t.Errorf("a keyword was stemmed to %q", kw.Term)
	}
}
