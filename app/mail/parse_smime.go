package mail

import (
	"bufio"
	"bytes"

	"github.com/emersion/go-message/textproto"
)

// S/MIME opaque signing (RFC 8551 §3.5.3) wraps the whole body, text
// included, in a CMS SignedData structure (RFC 5652) in an
// application/pkcs7-mime part. Outlook does this for signed company mail,
// so without unwrapping, such a message shows no text. The signature is
// not verified: the parser reads what the message says, as for any mail.

// oidSignedData is the DER encoding of 1.2.840.113549.1.7.2.
var oidSignedData = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02}

// ber is one BER element.
type ber struct {
	class, tag  int
	constructed bool
	content     []byte // for indefinite lengths, the children without the end marker
}

// readBER reads one BER element (definite or indefinite length) and
// returns it and the bytes after it. depth bounds nested indefinite
// lengths, which a hostile blob could stack.
func readBER(b []byte, depth int) (ber, []byte, bool) {
	var e ber
	if len(b) < 2 || depth > 32 {
		return e, nil, false
	}
	e.class = int(b[0] >> 6)
	e.constructed = b[0]&0x20 != 0
	e.tag = int(b[0] & 0x1f)
	i := 1
	if e.tag == 0x1f { // high tag number, base 128
		e.tag = 0
		for {
			if i >= len(b) || i > 4 {
				return e, nil, false
			}
			c := b[i]
			i++
			e.tag = e.tag<<7 | int(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(b) {
		return e, nil, false
	}
	l := int(b[i])
	i++
	switch {
	case l < 0x80:
	case l == 0x80: // indefinite: children until an end-of-contents marker
		if !e.constructed {
			return e, nil, false
		}
		start, rest := i, b[i:]
		for {
			if len(rest) >= 2 && rest[0] == 0 && rest[1] == 0 {
				e.content = b[start : len(b)-len(rest)]
				return e, rest[2:], true
			}
			var ok bool
			if _, rest, ok = readBER(rest, depth+1); !ok {
				return e, nil, false
			}
		}
	default:
		n := l & 0x7f
		if n > 4 || i+n > len(b) {
			return e, nil, false
		}
		l = 0
		for _, c := range b[i : i+n] {
			l = l<<8 | int(c)
		}
		i += n
	}
	if l < 0 || i+l > len(b) {
		return e, nil, false
	}
	e.content = b[i : i+l]
	return e, b[i+l:], true
}

// children returns the elements inside a constructed element.
func (e ber) children() ([]ber, bool) {
	var out []ber
	rest := e.content
	for len(rest) > 0 {
		c, r, ok := readBER(rest, 0)
		if !ok {
			return nil, false
		}
		out = append(out, c)
		rest = r
	}
	return out, true
}

// octets returns the bytes of an OCTET STRING, joining the segments of a
// constructed one.
func (e ber) octets(depth int) ([]byte, bool) {
	if !e.constructed {
		return e.content, true
	}
	if depth > 8 {
		return nil, false
	}
	kids, ok := e.children()
	if !ok {
		return nil, false
	}
	var out []byte
	for _, k := range kids {
		b, ok := k.octets(depth + 1)
		if !ok {
			return nil, false
		}
		out = append(out, b...)
	}
	return out, true
}

// smimeSignedContent returns the MIME entity inside an opaque-signed
// S/MIME blob, or false when the blob is anything else (encrypted data,
// a detached signature, garbage).
func smimeSignedContent(der []byte) ([]byte, bool) {
	ci, _, ok := readBER(der, 0)
	if !ok || !ci.constructed {
		return nil, false
	}
	parts, ok := ci.children()
	if !ok || len(parts) < 2 {
		return nil, false
	}
	if parts[0].tag != 6 || !bytes.Equal(append([]byte{0x06, byte(len(parts[0].content))}, parts[0].content...), oidSignedData) {
		return nil, false
	}
	wrapped, ok := parts[1].children() // [0] EXPLICIT
	if !ok || len(wrapped) != 1 {
		return nil, false
	}
	sd, ok := wrapped[0].children() // SignedData
	if !ok || len(sd) < 3 {
		return nil, false
	}
	encap, ok := sd[2].children() // EncapsulatedContentInfo
	if !ok || len(encap) < 2 {
		return nil, false
	}
	content, ok := encap[1].children() // [0] EXPLICIT OCTET STRING
	if !ok || len(content) != 1 {
		return nil, false
	}
	return content[0].octets(0)
}

// smimeEntity parses the unwrapped entity's header, for the walker.
func smimeEntity(inner []byte) (textproto.Header, *bufio.Reader, bool) {
	br := bufio.NewReader(bytes.NewReader(inner))
	h, err := textproto.ReadHeader(br)
	if err != nil {
		return h, nil, false
	}
	return h, br, true
}
