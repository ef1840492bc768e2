package demo

import (
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
)

// attachment is one file attached to a mail.
type attachment struct {
	name        string
	contentType string
	data        []byte
	// rfc822 attaches data as a whole message (message/rfc822), the way
	// some clients forward.
	rfc822 bool
}

// mail is one message of the story before it is rendered to RFC 5322.
type mail struct {
	from        *person
	to, cc      []*person
	subject     string
	at          time.Time
	id          string // Message-ID without angle brackets
	inReplyTo   string
	references  []string
	text        string // what the sender wrote, without signature or quote
	quote       string // quoted or forwarded text below the signature
	html        bool   // add a text/html alternative
	attachments []attachment
	headers     [][2]string // extra headers (List-*, Precedence, ...)
	noSig       bool        // automated mail has no personal signature
	flagged     bool
	seen        bool // set for inbound mail the rep has read
	unreadSet   bool // seen was decided by the story, not by age
	answered    bool
	sent        bool // written by the rep: goes to Sent
}

// plainBody is the whole text/plain content: text, signature, quote.
func (m *mail) plainBody() string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(m.text, "\n"))
	if !m.noSig {
		if m.from.style == styleGmail {
			b.WriteString("\n\n-- \n")
		} else {
			b.WriteString("\n\n")
		}
		b.WriteString(m.from.signature())
	}
	if m.quote != "" {
		b.WriteString("\n\n")
		b.WriteString(m.quote)
	}
	b.WriteString("\n")
	return b.String()
}

func (m *mail) flags() []imap.Flag {
	var f []imap.Flag
	if m.seen || m.sent {
		f = append(f, imap.FlagSeen)
	}
	if m.answered {
		f = append(f, imap.FlagAnswered)
	}
	if m.flagged {
		f = append(f, imap.FlagFlagged)
	}
	return f
}

// quoteOf formats parent for a reply by replier, in replier's client style.
func quoteOf(parent *mail, replier *person) string {
	body := capLines(parent.plainBody(), 60)
	when := parent.at.In(replier.zone())
	if replier.style == styleOutlook {
		return "________________________________\n" + headerBlock(parent, when.Format("Monday, January 2, 2006 3:04 PM"), "Sent") + "\n" + body
	}
	var b strings.Builder
	b.WriteString("On " + when.Format("Mon, Jan 2, 2006 at 3:04 PM") + " " + addrString(parent.from) + " wrote:\n")
	for _, line := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, ">") {
			b.WriteString(">" + line + "\n")
		} else {
			b.WriteString("> " + line + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// forwardOf formats parent for an inline forward.
func forwardOf(parent *mail, forwarder *person) string {
	when := parent.at.In(forwarder.zone()).Format("Mon, Jan 2, 2006 at 3:04 PM")
	return "---------- Forwarded message ---------\n" + headerBlock(parent, when, "Date") + "\n" + capLines(parent.plainBody(), 80)
}

func headerBlock(m *mail, when, dateLabel string) string {
	var b strings.Builder
	b.WriteString("From: " + addrString(m.from) + "\n")
	b.WriteString(dateLabel + ": " + when + "\n")
	b.WriteString("To: " + addrList(m.to) + "\n")
	if len(m.cc) > 0 {
		b.WriteString("Cc: " + addrList(m.cc) + "\n")
	}
	b.WriteString("Subject: " + m.subject + "\n")
	return b.String()
}

func addrString(p *person) string { return p.name + " <" + p.addr + ">" }

func addrList(ps []*person) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = addrString(p)
	}
	return strings.Join(s, ", ")
}

func capLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + "[...]\n"
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
