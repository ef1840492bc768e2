package mail

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// rawHeader holds the top-level header fields the parser uses, unfolded,
// first occurrence only (a duplicate Message-ID or Subject is ignored).
type rawHeader struct {
	messageID, inReplyTo, references    string
	from, sender, replyTo, to, cc       string
	date, subject, received             string
	listID, listPost, listUnsubscribe   string
	precedence, autoSubmitted, origFrom string
	contentType, contentEncoding        string
	contentDisposition                  string
	fields                              int // fields seen, for "is this mail at all"
}

// headerEnd returns the offset where the header section ends (the start of
// the blank line, or len(raw)) and where the body starts.
func headerEnd(raw []byte) (end, body int) {
	// A message may start with the blank line (no header at all).
	if len(raw) > 0 && raw[0] == '\n' {
		return 0, 1
	}
	if len(raw) > 1 && raw[0] == '\r' && raw[1] == '\n' {
		return 0, 2
	}
	off := 0
	for {
		i := bytes.IndexByte(raw[off:], '\n')
		if i < 0 {
			return len(raw), len(raw)
		}
		next := off + i + 1
		switch {
		case next < len(raw) && raw[next] == '\n':
			return next, next + 1
		case next+1 < len(raw) && raw[next] == '\r' && raw[next+1] == '\n':
			return next, next + 2
		}
		off = next
	}
}

// readHeader reads header fields leniently: an mbox "From " line, lines
// without a colon and leading continuation lines are skipped rather than
// failing the message, because real mail has all of them.
func readHeader(hdr []byte, h *rawHeader) {
	for len(hdr) > 0 {
		// One logical field: a line plus its continuation lines.
		end := 0
		for {
			i := bytes.IndexByte(hdr[end:], '\n')
			if i < 0 {
				end = len(hdr)
				break
			}
			end += i + 1
			if end >= len(hdr) || (hdr[end] != ' ' && hdr[end] != '\t') {
				break
			}
		}
		field := hdr[:end]
		hdr = hdr[end:]
		colon := bytes.IndexByte(field, ':')
		if colon <= 0 || field[0] == ' ' || field[0] == '\t' {
			continue
		}
		name := bytes.TrimRight(field[:colon], " \t")
		if bytes.ContainsAny(name, " \t") {
			continue // "From sender date" mbox separator or garbage
		}
		h.fields++
		dst := h.slot(name)
		if dst == nil || *dst != "" {
			continue
		}
		*dst = unfold(field[colon+1:])
	}
}

// slot returns where a field's value goes, or nil for fields we ignore.
func (h *rawHeader) slot(name []byte) *string {
	switch len(name) {
	case 2:
		if eq(name, "to") {
			return &h.to
		}
		if eq(name, "cc") {
			return &h.cc
		}
	case 4:
		if eq(name, "from") {
			return &h.from
		}
		if eq(name, "date") {
			return &h.date
		}
	case 6:
		if eq(name, "sender") {
			return &h.sender
		}
	case 7:
		if eq(name, "subject") {
			return &h.subject
		}
		if eq(name, "list-id") {
			return &h.listID
		}
	case 8:
		if eq(name, "reply-to") {
			return &h.replyTo
		}
		if eq(name, "received") {
			return &h.received
		}
	case 9:
		if eq(name, "list-post") {
			return &h.listPost
		}
	case 10:
		if eq(name, "message-id") {
			return &h.messageID
		}
		if eq(name, "references") {
			return &h.references
		}
		if eq(name, "precedence") {
			return &h.precedence
		}
	case 11:
		if eq(name, "in-reply-to") {
			return &h.inReplyTo
		}
	case 12:
		if eq(name, "content-type") {
			return &h.contentType
		}
	case 14:
		if eq(name, "auto-submitted") {
			return &h.autoSubmitted
		}
	case 15:
		if eq(name, "x-original-from") {
			return &h.origFrom
		}
	case 16:
		if eq(name, "list-unsubscribe") {
			return &h.listUnsubscribe
		}
	case 19:
		if eq(name, "content-disposition") {
			return &h.contentDisposition
		}
	case 25:
		if eq(name, "content-transfer-encoding") {
			return &h.contentEncoding
		}
	}
	return nil
}

func eq(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// unfold joins continuation lines with one space, trims the value and
// drops NUL and other control bytes that have no place in a header.
func unfold(v []byte) string {
	var b strings.Builder
	b.Grow(len(v))
	space := false
	for _, c := range v {
		switch {
		case c == '\r' || c == '\n' || c == ' ' || c == '\t':
			space = b.Len() > 0
			continue
		case c < 0x20 || c == 0x7f:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
	s := b.String()
	if !utf8.ValidString(s) {
		s = latin1ToUTF8(s)
	}
	return s
}

// latin1ToUTF8 reads raw 8-bit header or body bytes that are not UTF-8 as
// Windows-1252, the most common unlabelled 8-bit charset in mail.
func latin1ToUTF8(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(cp1252(s[i]))
			i++
			continue
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

// cp1252High maps Windows-1252 bytes 0x80-0x9F; the rest of the range is
// ISO 8859-1, which equals Unicode.
var cp1252High = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

func cp1252(c byte) rune {
	if c >= 0x80 && c < 0xa0 {
		return cp1252High[c-0x80]
	}
	return rune(c)
}
