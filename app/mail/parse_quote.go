package mail

import (
	"strings"
)

// quoteStart returns the byte offset in text where the trailing quoted
// reply or the signature begins, or len(text) when there is none.
//
// Everything after a hard separator (a "-- " signature line, an Outlook
// "-----Original Message-----" or "From: … Sent: …" block, a mailing-list
// footer) is quoted material. Before it, the trailing run of "> " lines,
// blank lines and the attribution that introduces them ("On … wrote:")
// is too. Replies written between quotes (bottom-posting, as on kernel
// lists) keep their interleaved quotes in the new part: only the tail is cut.
func quoteStart(text string) int {
	lines := splitLines(text)
	cut := len(lines)
	for i := range lines {
		if isHardSeparator(lines, i) {
			cut = i
			break
		}
	}
	// Walk back over the quoted tail.
	start := cut
	sawQuote := false
	for i := cut - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i].s)
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, ">"):
			sawQuote = true
			start = i
			continue
		case sawQuote && isAttribution(l):
			start = i
			if i > 0 && startsAttribution(strings.TrimSpace(lines[i-1].s)) && !startsAttribution(l) {
				start = i - 1 // an attribution wrapped over two lines
			}
		}
		break
	}
	if !sawQuote {
		start = cut
	}
	if start >= len(lines) {
		return len(text)
	}
	return lines[start].off
}

type line struct {
	s   string
	off int
}

func splitLines(text string) []line {
	out := make([]line, 0, strings.Count(text, "\n")+1)
	off := 0
	for off < len(text) {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			out = append(out, line{text[off:], off})
			break
		}
		out = append(out, line{text[off : off+i], off})
		off += i + 1
	}
	return out
}

var originalMessageMarkers = []string{
	"original message", "ursprüngliche nachricht", "message d'origine", "mensaje original",
	"messaggio originale", "oorspronkelijk bericht", "originalmeddelande", "wiadomość oryginalna",
	"mensagem original",
}

var outlookFrom = []string{"from:", "von:", "de:", "da:", "van:", "od:", "fra:", "från:"}
var outlookSent = []string{"sent:", "gesendet:", "envoyé :", "envoyé:", "enviado:", "inviato:", "verzonden:", "skickat:", "sendt:", "wysłano:", "date:"}

// isHardSeparator reports whether lines[i] starts a block that is entirely
// quoted material or signature.
func isHardSeparator(lines []line, i int) bool {
	raw := lines[i].s
	if raw == "-- " || raw == "--" {
		return true
	}
	l := strings.ToLower(strings.TrimSpace(raw))
	if l == "" || l[0] == '>' {
		return false
	}
	if strings.HasPrefix(l, "-----") || strings.HasPrefix(l, "----- ") {
		for _, m := range originalMessageMarkers {
			if strings.Contains(l, m) {
				return true
			}
		}
	}
	// An underscore rule: Outlook puts one before its header block,
	// Mailman before its footer.
	if strings.Count(l, "_") >= 10 && strings.Trim(l, "_") == "" {
		for j := i + 1; j < len(lines) && j <= i+3; j++ {
			next := strings.ToLower(strings.TrimSpace(lines[j].s))
			if hasAnyPrefix(next, outlookFrom) || strings.Contains(next, "mailing list") {
				return true
			}
		}
		return false
	}
	// Outlook's header block: "From: …" followed closely by "Sent: …"
	// (a bare "Date:" only counts after a separator, since patches and
	// forwards carry "From:"/"Date:" lines that are real content).
	if hasAnyPrefix(l, outlookFrom) {
		for j := i + 1; j < len(lines) && j <= i+4; j++ {
			next := strings.ToLower(strings.TrimSpace(lines[j].s))
			if hasAnyPrefix(next, outlookSent) && !strings.HasPrefix(next, "date:") {
				return true
			}
		}
	}
	return false
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

var attributionVerbs = []string{
	"wrote", "writes", "schrieb", "a écrit", "escribió", "ha scritto", "schreef", "skrev",
	"napisał", "escreveu", "kirjoitti", "写道", "寫道", "пишет", "написал",
}

// isAttribution reports a line introducing a quote: "On … wrote:",
// "Jane <j@x> writes:", "Am … schrieb Jane <j@x>:": a line ending in a
// colon that names the writing.
func isAttribution(l string) bool {
	if len(l) > 400 || !(strings.HasSuffix(l, ":") || strings.HasSuffix(l, "：")) {
		return false
	}
	lower := strings.ToLower(l)
	for _, v := range attributionVerbs {
		if strings.Contains(lower, v) {
			return true
		}
	}
	return false
}

var attributionStarts = []string{"on ", "am ", "le ", "el ", "il ", "op ", "den ", "w dniu ", "em "}

func startsAttribution(l string) bool {
	return hasAnyPrefix(strings.ToLower(l), attributionStarts)
}
