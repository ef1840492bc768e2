package crm

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Words and WordsWithAmpersands split exactly as a rune-by-rune split does,
// on any bytes, valid UTF-8 or not.
func TestWordsSplitAsRunes(t *testing.T) {
	byRunes := func(s string, amp bool) []string {
		return strings.FieldsFunc(s, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || amp && r == '&')
		})
	}
	texts := []string{"", "AT&T Labs", "  Müller-Lüdenscheid GmbH, Zürich ", "a\xffb\xc3", "日本 Acme&Co 42", "&&", "x"}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("aZ09& -\x00\xc3\xa9\xe2\x82\xac\xff")
	for range 2000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		if got, want := Words(s), byRunes(s, false); !slices.Equal(got, want) {
			t.Fatalf("Words(%q) = %q, want %q", s, got, want)
		}
		if got, want := WordsWithAmpersands(s), byRunes(s, true); !slices.Equal(got, want) {
			t.Fatalf("WordsWithAmpersands(%q) = %q, want %q", s, got, want)
		}
	}
}
