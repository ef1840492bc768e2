package crm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// replyPrefixes are the reply and forward markers mail clients put before a
// subject, lower-cased, without the colon: English, German (AW, WG),
// Scandinavian (SV, VS, VB), Dutch (Antw, Doorst), French (TR), Spanish
// and Portuguese (RV, ENC), Italian (R, RIF, I), Polish (ODP, PD), Finnish
// (VL), Turkish (YNT), Chinese (回复, 转发).
var replyPrefixes = []string{
	"re", "fw", "fwd", "aw", "wg", "sv", "vs", "vb", "antw", "doorst", "tr",
	"rv", "enc", "rif", "r", "i", "odp", "pd", "vl", "ynt", "回复", "回覆", "转发", "轉寄",
}

// NormalizeSubject returns the subject that threading compares: reply and
// forward prefixes (Re:, Fwd:, AW:, WG:, SV:, Antw:, Re[2]:, ...) and
// bracketed list tags ([usrp-users], [PATCH v2 1/3]) are removed wherever they
// lead, whitespace is collapsed and the result is lower-cased. Two subjects
// that differ only in those respects normalise to the same string.
func NormalizeSubject(subject string) string {
	base, _ := splitSubject(subject)
	return base
}

// HasReplyPrefix reports whether a subject starts, after any list tags, with
// a reply or forward marker: a sign that the message continues a
// conversation even when its References were lost.
func HasReplyPrefix(subject string) bool {
	_, reply := splitSubject(subject)
	return reply
}

func splitSubject(s string) (base string, reply bool) {
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if rest, ok := cutListTag(s); ok {
			s = rest
			continue
		}
		if rest, ok := cutReplyPrefix(s); ok {
			s = rest
			reply = true
			continue
		}
		break
	}
	return collapseLower(s), reply
}

// cutListTag removes one leading "[...]" tag.
func cutListTag(s string) (string, bool) {
	if !strings.HasPrefix(s, "[") {
		return s, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 || end > 80 {
		return s, false
	}
	return s[end+1:], true
}

// cutReplyPrefix removes one leading reply marker: a known word, optionally
// followed by a counter ("[2]", "(2)", "^2") and spaces, then a colon
// (ASCII or full-width).
func cutReplyPrefix(s string) (string, bool) {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			break
		}
		i += size
	}
	if i == 0 || i > 12 {
		return s, false
	}
	word := strings.ToLower(s[:i])
	known := false
	for _, p := range replyPrefixes {
		if word == p {
			known = true
			break
		}
	}
	if !known {
		return s, false
	}
	rest := s[i:]
	rest = skipCounter(rest)
	rest = strings.TrimLeft(rest, " \t")
	switch {
	case strings.HasPrefix(rest, ":"):
		return rest[1:], true
	case strings.HasPrefix(rest, "："):
		return rest[len("："):], true
	}
	return s, false
}

func skipCounter(s string) string {
	if len(s) == 0 {
		return s
	}
	var closing byte
	switch s[0] {
	case '[':
		closing = ']'
	case '(':
		closing = ')'
	case '^':
		j := 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		return s[j:]
	default:
		return s
	}
	j := 1
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > 1 && j < len(s) && s[j] == closing {
		return s[j+1:]
	}
	return s
}

// collapseLower lower-cases s and turns every run of white space into one
// space, trimming both ends.
func collapseLower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
