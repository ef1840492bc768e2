package search

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

func sameTokens(t *testing.T, name string, input []byte) {
	t.Helper()
	want := unitok.NewUnicodeTokenizer().Tokenize(input)
	got := newWordTokenizer().Tokenize(input)
	show := func(ts analysis.TokenStream, i int) string {
		if i >= len(ts) {
			return "none"
		}
		x := ts[i]
		return fmt.Sprintf("%q %d-%d pos %d type %d", x.Term, x.Start, x.End, x.Position, x.Type)
	}
	for i := 0; i < max(len(want), len(got)); i++ {
		if a, b := show(got, i), show(want, i); a != b {
			t.Fatalf("%s: token %d is %s, the Unicode tokenizer says %s", name, i, a, b)
		}
	}
}

// The fast tokenizer gives exactly the Unicode tokenizer's tokens: on
// hand-made edge cases, on random mixes of the characters that matter,
// and on the raw files of the real corpus (headers, base64, patches,
// quoted mail, several languages).
func TestWordTokenizerMatchesUnicode(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "hello world", "(btrfs), x310. 3.14 1,000 foo.bar don't e.g. U.S.A.",
		"a.1 1.a a_b _a a_ __ 1_000 foo_bar.baz v1.2.3 --x-- ...a... 'quoted' \"dq\" a:b 12:30",
		"tab\there\r\nline\vvt\fff end.", "café naïve Zoë straße ü 日本語 テスト Ω", "a\u00a0b a\u200bb",
		"http://example.com/path?q=1&r=2 user@example.org #tag @name $5 50% a+b=c",
		"end's Peter's' O'Neil rock'n'roll 'tis", "1.", ".5", "a,b 1,2 1;2 a;b 1'2 a'b",
	} {
		sameTokens(t, fmt.Sprintf("%q", s), []byte(s))
	}
	alphabet := []string{"a", "Z", "7", "0", ".", ",", ";", ":", "'", "\"", "_", "-", " ", "\n", "é", "日", "(", ")", "@", "\u00a0", "ab", "12", "->", "\u0301", "\u200d"}
	for c := byte(0); c < 0x80; c++ { // every other ASCII byte, control ones included
		if !strings.ContainsRune("aZ70.,;:'\"_- \n()@", rune(c)) {
			alphabet = append(alphabet, string([]byte{c}))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 50000 {
		var b strings.Builder
		for range r.IntN(12) + 1 {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		sameTokens(t, fmt.Sprintf("random %d %q", n, b.String()), []byte(b.String()))
	}
	root := filepath.Join(sharedDir(t), "corpus", "public")
	paths, err := filepath.Glob(filepath.Join(root, ".*", "cur", "*"))
	if err != nil || len(paths) < 1000 {
		t.Fatalf("corpus: %d files (%v)", len(paths), err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sameTokens(t, filepath.Base(p), b[:min(len(b), 16<<10)])
	}
}
