package mail

import (
	"encoding/base64"
	"strings"
	"testing"
)

// der encodes one definite-length element.
func der(tag byte, content ...[]byte) []byte {
	var body []byte
	for _, c := range content {
		body = append(body, c...)
	}
	out := []byte{tag}
	switch n := len(body); {
	case n < 0x80:
		out = append(out, byte(n))
	case n < 0x100:
		out = append(out, 0x81, byte(n))
	default:
		out = append(out, 0x82, byte(n>>8), byte(n))
	}
	return append(out, body...)
}

// indefinite encodes one constructed element with BER indefinite length.
func indefinite(tag byte, content ...[]byte) []byte {
	out := []byte{tag, 0x80}
	for _, c := range content {
		out = append(out, c...)
	}
	return append(out, 0, 0)
}

var oidData = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01}

func signedData(inner []byte, ber bool) []byte {
	if ber {
		// Outlook's shape: indefinite lengths, the content in segments.
		half := len(inner) / 2
		octets := indefinite(0x24, der(0x04, inner[:half]), der(0x04, inner[half:]))
		return indefinite(0x30, oidSignedData, indefinite(0xa0, indefinite(0x30,
			der(0x02, []byte{1}), der(0x31), indefinite(0x30, oidData, indefinite(0xa0, octets)))))
	}
	return der(0x30, oidSignedData, der(0xa0, der(0x30,
		der(0x02, []byte{1}), der(0x31), der(0x30, oidData, der(0xa0, der(0x04, inner))))))
}

func smimeMessage(blob []byte) string {
	return "From: a@x.example\nMessage-ID: <s@x>\nDate: Mon, 3 Feb 2025 10:00:00 +0000\nSubject: signed\n" +
		"Content-Type: multipart/mixed; boundary=m\n\n--m\n" +
		"Content-Type: application/pkcs7-mime; smime-type=signed-data; name=\"smime.p7m\"\n" +
		"Content-Disposition: attachment; filename=\"smime.p7m\"\nContent-Transfer-Encoding: base64\n\n" +
		base64.StdEncoding.EncodeToString(blob) + "\n--m--\n"
}

func TestParseOpaqueSignedSMIME(t *testing.T) {
	inner := []byte("Content-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\nSigned \x93hello\x94 from Outlook\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--a--\r\n")
	for _, ber := range []bool{false, true} {
		p := mustParse(t, smimeMessage(signedData(inner, ber)))
		if p.Text != "Signed “hello” from Outlook" || len(p.Attachments) != 0 {
			t.Errorf("ber=%v: text %q, attachments %+v", ber, p.Text, p.Attachments)
		}
	}
}

func TestParseSMIMEThatIsNotSignedDataStaysAnAttachment(t *testing.T) {
	enveloped := der(0x30, []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03}, der(0xa0, der(0x30)))
	deep := []byte{}
	for range 10_000 {
		deep = append(deep, 0x30, 0x80)
	}
	for name, blob := range map[string][]byte{
		"enveloped":        enveloped,
		"garbage":          []byte("not a CMS structure at all"),
		"deep indefinite":  deep,
		"truncated":        signedData([]byte("Content-Type: text/plain\r\n\r\nx"), false)[:20],
		"header-less body": signedData([]byte(" bad first line\r\n"), false),
	} {
		p := mustParse(t, smimeMessage(blob))
		if len(p.Attachments) != 1 || p.Attachments[0].Name != "smime.p7m" || !p.Attachments[0].Kept || int(p.Attachments[0].Size) != len(blob) {
			t.Errorf("%s: attachments %+v", name, p.Attachments)
		}
		if strings.TrimSpace(p.Text) != "" {
			t.Errorf("%s: text %q", name, p.Text)
		}
	}
}
