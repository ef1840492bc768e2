package mail

import (
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
