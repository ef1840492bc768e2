package mail

import (
	"bytes"
	"encoding/base64"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
)

// decodeTransfer undoes a Content-Transfer-Encoding. The standard decoders
// stop at the first bad byte (a stray NUL in quoted-printable, a junk
// character in base64); real mail has both, so these decoders skip what
// they cannot read and keep the rest. Unknown encodings pass through.
func decodeTransfer(encoding string, raw []byte) []byte {
	switch encoding {
	case "base64":
		return decodeBase64(raw)
	case "quoted-printable":
		return decodeQP(raw)
	}
	return raw
}

var base64Alphabet = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") {
		t[c] = true
	}
	return t
}()

func decodeBase64(raw []byte) []byte {
	clean := make([]byte, 0, len(raw))
	for _, c := range raw {
		if base64Alphabet[c] {
			clean = append(clean, c)
		} else if c == '=' {
			// Padding ends the data; anything after it is junk
			// (or a second, concatenated stream we do not try to read).
			break
		}
	}
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1] // a lone trailing character carries no byte
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, _ := base64.RawStdEncoding.Decode(out, clean)
	return out[:n]
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeQP decodes quoted-printable: "=XX" escapes, "=" soft line breaks
// (with trailing white space tolerated), and a "=" that starts neither is
// kept as a literal.
func decodeQP(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		if i+2 < len(raw) {
			if hi, ok := unhex(raw[i+1]); ok {
				if lo, ok := unhex(raw[i+2]); ok {
					out = append(out, hi<<4|lo)
					i += 2
					continue
				}
			}
		}
		// Soft line break: "=" then optional blanks then a line end.
		j := i + 1
		for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t') {
			j++
		}
		switch {
		case j == len(raw):
			i = j - 1
			continue
		case raw[j] == '\n':
			i = j
			continue
		case raw[j] == '\r' && j+1 < len(raw) && raw[j+1] == '\n':
			i = j + 1
			continue
		}
		out = append(out, '=')
	}
	return out
}

// toUTF8 converts a text part to UTF-8 from its declared charset. Text that
// claims ASCII or nothing but is not UTF-8, or names a charset nobody
// knows, is read as Windows-1252 (what such mail nearly always is).
func toUTF8(b []byte, cs string) string {
	cs = strings.ToLower(strings.Trim(strings.TrimSpace(cs), "\"'"))
	switch cs {
	case "utf-8", "utf8":
		if utf8.Valid(b) {
			return string(b)
		}
		return strings.ToValidUTF8(string(b), "\uFFFD")
	case "", "us-ascii", "ascii", "unknown-8bit", "x-unknown", "8bit", "default":
		if utf8.Valid(b) {
			return string(b)
		}
		return latin1ToUTF8(string(b))
	}
	r, err := charset.Reader(cs, bytes.NewReader(b))
	if err != nil || r == nil {
		if utf8.Valid(b) {
			return string(b)
		}
		return latin1ToUTF8(string(b))
	}
	out, err := io.ReadAll(r)
	if err != nil && len(out) == 0 {
		return latin1ToUTF8(string(b))
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// cleanBody normalises line ends to LF and drops NUL and other control
// characters that would break display or storage (tabs and form feeds are
// kept as white space).
func cleanBody(s string) string {
	dirty := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			dirty = true
			break
		}
	}
	if !dirty {
		return s
	}
	// Runs of clean bytes are copied whole: mail with CRLF line ends
	// (most of it) has a dirty byte on every line.
	var b strings.Builder
	b.Grow(len(s))
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 0x20 && c != 0x7f) || c == '\n' || c == '\t' {
			continue
		}
		b.WriteString(s[start:i])
		start = i + 1
		switch {
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case c == '\r', c == '\f':
			b.WriteByte('\n')
		}
	}
	b.WriteString(s[start:])
	return b.String()
}

// unflow joins the soft line breaks of format=flowed text (RFC 3676): a
// line ending in a space continues on the next line of the same quote
// depth. The "-- " signature separator is never joined.
func unflow(s string, delsp bool) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(lines); i++ {
		depth, content := quoteDepth(lines[i])
		content = strings.TrimPrefix(content, " ") // space-stuffing
		b.WriteString(strings.Repeat(">", depth))
		if depth > 0 {
			b.WriteByte(' ')
		}
		for content != "-- " && strings.HasSuffix(content, " ") && i+1 < len(lines) {
			nextDepth, next := quoteDepth(lines[i+1])
			if nextDepth != depth {
				break
			}
			if delsp {
				content = content[:len(content)-1]
			}
			b.WriteString(content)
			content = strings.TrimPrefix(next, " ")
			i++
		}
		b.WriteString(content)
		if i < len(lines)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func quoteDepth(line string) (int, string) {
	d := 0
	for d < len(line) && line[d] == '>' {
		d++
	}
	return d, line[d:]
}

// stripDataURIs removes the payload of inline "data:…;base64," URIs that
// some web mailers paste into the plain-text version (a screenshot as
// Markdown): hundreds of KiB of base64 are no text a person reads or
// searches. The URI keeps its type: "data:image/png;base64,…".
func stripDataURIs(s string) string {
	const marker = ";base64,"
	if !strings.Contains(s, marker) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, marker)
		if i < 0 {
			break
		}
		start := i + len(marker)
		end := start
		for end < len(s) && (base64Alphabet[s[end]] || s[end] == '=' || s[end] == '\n') {
			end++
		}
		// Only a long run inside a data: URI is a payload; keep short
		// ones, which may be prose about base64.
		isData := strings.LastIndex(s[max(0, i-80):i], "data:") >= 0
		b.WriteString(s[:start])
		if isData && end-start >= 64 {
			b.WriteString("…")
		} else {
			b.WriteString(s[start:end])
		}
		s = s[end:]
	}
	b.WriteString(s)
	return b.String()
}
