package mail

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestStripDataURIs(t *testing.T) {
	payload := strings.Repeat("iVBORw0KGgoAAAANSUhEUg", 10)
	tests := []struct{ in, want string }{
		{"see ![](data:image/png;base64," + payload + ") above", "see ![](data:image/png;base64,…) above"},
		{"wrapped data:image/png;base64," + payload[:100] + "\n" + payload[100:] + " end", "wrapped data:image/png;base64,… end"},
		{"short data:text/plain;base64,aGVsbG8= stays", "short data:text/plain;base64,aGVsbG8= stays"},
		{"no marker at all", "no marker at all"},
		{"prose ;base64," + payload + " without data", "prose ;base64," + payload + " without data"},
	}
	for _, tt := range tests {
		if got := stripDataURIs(tt.in); got != tt.want {
			t.Errorf("stripDataURIs(%.40q…) = %.80q, want %.80q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeTransfer(t *testing.T) {
	tests := []struct{ enc, in, want string }{
		{"base64", "aGVs\nbG8g\r\nd29y bGQ=", "hello world"},
		{"base64", "aGVsbG8", "hello"},                        // missing padding
		{"base64", "aGVs*bG8=\n=junk", "hello"},               // junk inside and after
		{"base64", "aGVsbG8gd29ybGQ=aGVsbG8=", "hello world"}, // a second stream is not read
		{"quoted-printable", "caf=C3=A9 =3D ok", "café = ok"},
		{"quoted-printable", "soft=\nbreak soft=  \r\nbreak", "softbreak softbreak"},
		{"quoted-printable", "a=ZZb=\n", "a=ZZb"},
		{"quoted-printable", "ends with =", "ends with "},
		{"7bit", "as=is", "as=is"},
		{"x-uuencode", "as=is", "as=is"},
	}
	for _, tt := range tests {
		if got := string(decodeTransfer(tt.enc, []byte(tt.in))); got != tt.want {
			t.Errorf("decodeTransfer(%s, %q) = %q, want %q", tt.enc, tt.in, got, tt.want)
		}
	}
}

// cleanBody copies runs of clean bytes whole; it gives what a byte by byte
// pass gives, on random mixes of every byte it treats apart.
func TestCleanBodyMatchesBytewise(t *testing.T) {
	bytewise := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '\r':
				if i+1 < len(s) && s[i+1] == '\n' {
					continue
				}
				b.WriteByte('\n')
			case c == '\f':
				b.WriteByte('\n')
			case (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f:
			default:
				b.WriteByte(c)
			}
		}
		return b.String()
	}
	alphabet := []string{"\r", "\n", "\r\n", "\f", "\t", "\x00", "\x01", "\x1f", "\x7f", "a", "Z", " ", "é", "\xff", "line"}
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 20000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		if got, want := cleanBody(b.String()), bytewise(b.String()); got != want {
			t.Fatalf("case %d, %q: got %q, want %q", n, b.String(), got, want)
		}
	}
}
