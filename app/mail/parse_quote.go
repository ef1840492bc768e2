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
	cut := len(text)
	for off := 0; off < len(text); {
		l, next := lineAt(text, off)
		if isHardSeparator(l, text[next:]) {
			cut = off
			break
		}
		off = next
	}
	// Walk back over the quoted tail.
	start, sawQuote := cut, false
	for end := cut; end > 0; {
		raw, off := lineBefore(text, end)
		end = off
		l := strings.TrimSpace(raw)
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, ">"):
			sawQuote, start = true, off
			continue
		case sawQuote && isAttribution(l):
			start = off
			if off > 0 && !startsAttribution(l) {
				if prev, poff := lineBefore(text, off); startsAttribution(strings.TrimSpace(prev)) {
					start = poff // an attribution wrapped over two lines
				}
			}
		}
		break
	}
	if !sawQuote {
		return cut
	}
	return start
}

// lineAt returns the line starting at off, without its newline, and the
// offset of the next line.
func lineAt(text string, off int) (string, int) {
	i := strings.IndexByte(text[off:], '\n')
	if i < 0 {
		return text[off:], len(text)
	}
	return text[off : off+i], off + i + 1
}

// lineBefore returns the line that ends just before offset end (the start
// of a line, or len(text)) and its start offset.
func lineBefore(text string, end int) (string, int) {
	e := end
	if e > 0 && text[e-1] == '\n' {
		e--
	}
	start := strings.LastIndexByte(text[:e], '\n') + 1
	return text[start:e], start
}

// nextLines calls f on up to n lines of rest, stopping when f says so.
func nextLines(rest string, n int, f func(lower string) bool) bool {
	for off := 0; off < len(rest) && n > 0; n-- {
		l, next := lineAt(rest, off)
		if f(strings.ToLower(strings.TrimSpace(l))) {
			return true
		}
		off = next
	}
	return false
}

var originalMessageMarkers = []string{
	"original message", "ursprüngliche nachricht", "message d'origine", "mensaje original",
	"messaggio originale", "oorspronkelijk bericht", "originalmeddelande", "wiadomość oryginalna",
	"mensagem original",
}

var outlookFrom = []string{"from:", "von:", "de:", "da:", "van:", "od:", "fra:", "från:"}
var outlookSent = []string{"sent:", "gesendet:", "envoyé :", "envoyé:", "enviado:", "inviato:", "verzonden:", "skickat:", "sendt:", "wysłano:"}

// isHardSeparator reports whether line starts a block that is entirely
// quoted material or signature; rest is the text after it.
func isHardSeparator(raw, rest string) bool {
	if raw == "-- " || raw == "--" {
		return true
	}
	l := strings.TrimSpace(raw)
	if l == "" || len(l) > 200 || !strings.ContainsRune("-_FfVvDdOo", rune(l[0])) {
		return false // no separator starts otherwise; skip the lower-casing
	}
	l = strings.ToLower(l)
	if strings.HasPrefix(l, "-----") {
		for _, m := range originalMessageMarkers {
			if strings.Contains(l, m) {
				return true
			}
		}
	}
	// An underscore rule: Outlook puts one before its header block,
	// Mailman before its footer.
	if strings.Count(l, "_") >= 10 && strings.Trim(l, "_") == "" {
		return nextLines(rest, 3, func(next string) bool {
			return hasAnyPrefix(next, outlookFrom) || strings.Contains(next, "mailing list")
		})
	}
	// Outlook's header block: "From: …" followed closely by "Sent: …"
	// (a bare "Date:" does not count, since patches and forwards carry
	// "From:"/"Date:" lines that are real content).
	if hasAnyPrefix(l, outlookFrom) {
		return nextLines(rest, 4, func(next string) bool {
			return hasAnyPrefix(next, outlookSent)
		})
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
