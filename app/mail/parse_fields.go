package mail

import (
	"io"
	"mime"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"

	"parley/app/crm"
)

// wordDecoder decodes RFC 2047 encoded words in any charset go-message's
// charset package knows. It is stateless, so one value is shared.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(name string, in io.Reader) (io.Reader, error) {
	return charset.Reader(strings.ToLower(name), in)
}}

// decodeText decodes encoded words; a value it cannot decode is kept as it
// was written rather than lost.
func decodeText(v string) string {
	if strings.Contains(v, "=?") {
		if d, err := wordDecoder.DecodeHeader(v); err == nil {
			v = d
		}
	}
	return cleanText(v)
}

// cleanText makes a header value safe to show: valid UTF-8, no control
// characters, trimmed.
func cleanText(v string) string {
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "\uFFFD")
	}
	if strings.IndexFunc(v, isControl) >= 0 {
		v = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			if isControl(r) {
				return -1
			}
			return r
		}, v)
	}
	return strings.TrimSpace(v)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// parseAddressList parses an address header, strictly first and then, when
// the strict parser gives up on real-world syntax, leniently.
func parseAddressList(v string) []crm.Address {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	p := mail.AddressParser{WordDecoder: wordDecoder}
	if list, err := p.ParseList(v); err == nil {
		out := make([]crm.Address, 0, len(list))
		for _, a := range list {
			if addr := cleanAddress(a.Address); addr != "" {
				out = append(out, crm.Address{Name: cleanName(a.Name, addr), Address: addr})
			}
		}
		return out
	}
	return parseAddressListLenient(v)
}

// parseAddressListLenient splits on commas outside quotes and angle
// brackets and takes "<addr>" or a bare token with an "@" from each piece.
func parseAddressListLenient(v string) []crm.Address {
	var out []crm.Address
	for _, piece := range splitAddresses(v) {
		if a, ok := parseAddressPiece(piece); ok {
			out = append(out, a)
			continue
		}
		// An unclosed "<" swallowed the separators: split plainly.
		if strings.Contains(piece, ",") {
			for _, sub := range strings.Split(piece, ",") {
				if a, ok := parseAddressPiece(sub); ok {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

func parseAddressPiece(piece string) (crm.Address, bool) {
	var name, addr string
	if lt := strings.LastIndexByte(piece, '<'); lt >= 0 {
		gt := strings.IndexByte(piece[lt:], '>')
		if gt < 0 {
			addr = piece[lt+1:]
		} else {
			addr = piece[lt+1 : lt+gt]
		}
		name = piece[:lt]
	} else {
		for _, f := range strings.Fields(piece) {
			if strings.Contains(f, "@") {
				addr = strings.Trim(f, "()[];:\"'")
				break
			}
		}
		if open := strings.IndexByte(piece, '('); open >= 0 {
			if end := strings.IndexByte(piece[open:], ')'); end > 0 {
				name = piece[open+1 : open+end]
			}
		}
	}
	addr = cleanAddress(addr)
	if addr == "" {
		return crm.Address{}, false
	}
	name = strings.Trim(strings.TrimSpace(name), "\"'")
	return crm.Address{Name: cleanName(decodeText(name), addr), Address: addr}, true
}

func splitAddresses(v string) []string {
	var out []string
	quoted, angle, start := false, 0, 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			quoted = !quoted
		case '<':
			if !quoted {
				angle++
			}
		case '>':
			if !quoted && angle > 0 {
				angle--
			}
		case ',', ';':
			if !quoted && angle == 0 {
				out = append(out, v[start:i])
				start = i + 1
			}
		}
	}
	if start < len(v) {
		out = append(out, v[start:])
	}
	return out
}

// cleanAddress normalises an address and rejects what cannot be one.
func cleanAddress(a string) string {
	a = crm.NormalizeAddress(strings.TrimPrefix(strings.TrimSpace(a), "mailto:"))
	at := strings.LastIndexByte(a, '@')
	if at <= 0 || at == len(a)-1 || len(a) > 320 || strings.ContainsAny(a, " \t\r\n<>,;()\"\\") || !utf8.ValidString(a) {
		return ""
	}
	for i := 0; i < len(a); i++ {
		if a[i] < 0x20 || a[i] == 0x7f {
			return ""
		}
	}
	return a
}

func cleanName(name, addr string) string {
	name = cleanText(name)
	name = strings.Trim(name, "\"' ")
	if strings.EqualFold(name, addr) {
		return ""
	}
	return name
}

// parseMsgIDs returns the normalised message ids in a Message-ID,
// In-Reply-To or References value, dropping malformed ones. Ids are taken
// from angle brackets; a value with none is read as space-separated ids
// that contain an "@".
func parseMsgIDs(v string) []string {
	var out []string
	if !strings.Contains(v, "<") {
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' }) {
			if strings.Contains(f, "@") {
				if id := normalizeMsgID(f); id != "" {
					out = append(out, id)
				}
			}
		}
		return out
	}
	for {
		lt := strings.IndexByte(v, '<')
		if lt < 0 {
			return out
		}
		v = v[lt+1:]
		gt := strings.IndexByte(v, '>')
		if gt < 0 {
			return out
		}
		if id := normalizeMsgID(v[:gt]); id != "" {
			out = append(out, id)
		}
		v = v[gt+1:]
	}
}

// normalizeMsgID normalises one id, or returns "" when it is malformed:
// empty, over 250 bytes, or holding white space, brackets or controls.
func normalizeMsgID(s string) string {
	s = crm.NormalizeMessageID(s)
	if s == "" || len(s) > 250 || s == "@" || !utf8.ValidString(s) {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == '<' || c == '>' || c == 0x7f {
			return ""
		}
	}
	return s
}

// firstMsgID returns the first well-formed id of a value.
func firstMsgID(v string) string {
	if ids := parseMsgIDs(v); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04:05",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 -0700 2006",
	"Mon, Jan 2 2006 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	time.RFC3339,
}

// parseDate parses a Date or Received date leniently; ok is false when
// nothing sensible came out.
func parseDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	// Fast path for the common shape; net/mail tries many layouts and
	// allocates an error for each miss.
	fast := v
	if strings.HasSuffix(fast, ")") {
		if open := strings.LastIndexByte(fast, '('); open > 0 {
			fast = strings.TrimSpace(fast[:open])
		}
	}
	if t, err := time.Parse("Mon, 2 Jan 2006 15:04:05 -0700", fast); err == nil {
		return t, true
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t, true
	}
	// Drop comments such as "(CET)" and collapse spaces, then try the
	// shapes seen in the wild.
	var b strings.Builder
	depth := 0
	for _, r := range v {
		switch {
		case r == '(':
			depth++
		case r == ')':
			if depth > 0 {
				depth--
			}
		case depth == 0:
			b.WriteRune(r)
		}
	}
	v = strings.Join(strings.Fields(b.String()), " ")
	v = strings.TrimSuffix(v, " UT")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// receivedDate is the date stamped by the first (newest) Received field:
// after its last semicolon.
func receivedDate(v string) (time.Time, bool) {
	semi := strings.LastIndexByte(v, ';')
	if semi < 0 {
		return time.Time{}, false
	}
	return parseDate(v[semi+1:])
}

// firstToken returns the lower-cased first word of a value such as
// "bulk" or "auto-generated (vacation)".
func firstToken(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, " \t;("); i >= 0 {
		v = v[:i]
	}
	return strings.ToLower(cleanText(v))
}

// parseListID returns the identifier inside the List-Id's angle brackets.
func parseListID(v string) string {
	if lt := strings.LastIndexByte(v, '<'); lt >= 0 {
		if gt := strings.IndexByte(v[lt:], '>'); gt > 0 {
			return strings.ToLower(cleanText(v[lt+1 : lt+gt]))
		}
	}
	return strings.ToLower(cleanText(v))
}

// parseListPost returns the posting address of a List-Post value
// ("<mailto:list@host>"), or "" for "NO" and other forms.
func parseListPost(v string) string {
	i := strings.Index(strings.ToLower(v), "mailto:")
	if i < 0 {
		return ""
	}
	v = v[i+len("mailto:"):]
	if end := strings.IndexAny(v, ">?, "); end >= 0 {
		v = v[:end]
	}
	return cleanAddress(v)
}
