package mail

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"parley/app/crm"
)

// The name scan reads the end of the author's text and the signature
// after it, however long the message, and never splits a character.
func TestOwnTextAndSignatureKeepsTheSignature(t *testing.T) {
	long := strings.Repeat("Ünïcode filler text. ", 3000)
	sig := "\n-- \nSean Doyle\nHarborview Health\n"
	quote := "\n> " + strings.Repeat("older mail ", 2000)
	m := &crm.Message{Text: long + sig + quote, QuoteStart: len(long)}
	got := ownTextAndSignature(m)
	if !strings.Contains(got, "Harborview Health") {
		t.Fatal("the signature after the author's text is not scanned")
	}
	if len(got) > 6<<10 || strings.Contains(got, strings.Repeat("older mail ", 300)) {
		t.Errorf("scan window of %d bytes reaches deep into the quote", len(got))
	}
	if !utf8.RuneStart(got[0]) || !utf8.ValidString(got) {
		t.Error("window starts inside a character")
	}
	if n := NameInText("harborview-health.test", got); n != "Harborview Health" {
		t.Errorf("NameInText on the window = %q", n)
	}
	plain := &crm.Message{Text: "short note\n-- \nAcme Labs", QuoteStart: len("short note\n")}
	if got := ownTextAndSignature(plain); got != plain.Text {
		t.Errorf("a short message is read whole: %q", got)
	}
}

// Splitting the ampersand words again gives the plain words of the text.
func TestPlainWordsAreTheTextsWords(t *testing.T) {
	for _, s := range []string{"", "AT&T and A&&B&, R&D Labs &Co&", "Müller & Söhne GmbH", "&", "plain words only"} {
		if got, want := plainWords(nil, crm.WordsWithAmpersands(s)), crm.Words(s); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}
