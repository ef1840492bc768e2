package mail

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"parley/app/crm"
)

// Limits bound the work and memory Parse spends on one message, because
// go-message itself sets none. A zero field takes its default.
type Limits struct {
	MaxDepth       int // nesting of multipart parts; default 32
	MaxParts       int // MIME parts, containers included; default 1,000
	MaxHeaderBytes int // top-level header section plus all part headers; default 256 KiB
	// MaxTextBytes caps Parsed.Text (Truncated is set when it bites);
	// default 1 MiB.
	MaxTextBytes int
	// MaxAttachmentBytes is the largest attachment whose content is kept
	// (larger ones keep their metadata only); default 10 MiB.
	MaxAttachmentBytes int64
}

// DefaultLimits returns the limits a zero Limits stands for.
func DefaultLimits() Limits {
	return Limits{
		MaxDepth:           32,
		MaxParts:           1000,
		MaxHeaderBytes:     256 << 10,
		MaxTextBytes:       1 << 20,
		MaxAttachmentBytes: 10 << 20,
	}
}

func (l Limits) withDefaults() (Limits, error) {
	if l.MaxDepth < 0 || l.MaxParts < 0 || l.MaxHeaderBytes < 0 || l.MaxTextBytes < 0 || l.MaxAttachmentBytes < 0 {
		return l, fmt.Errorf("mail: negative limit %+v: %w", l, crm.ErrInvalid)
	}
	d := DefaultLimits()
	if l.MaxDepth == 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxParts == 0 {
		l.MaxParts = d.MaxParts
	}
	if l.MaxHeaderBytes == 0 {
		l.MaxHeaderBytes = d.MaxHeaderBytes
	}
	if l.MaxTextBytes == 0 {
		l.MaxTextBytes = d.MaxTextBytes
	}
	if l.MaxAttachmentBytes == 0 {
		l.MaxAttachmentBytes = d.MaxAttachmentBytes
	}
	return l, nil
}

// DateSource says where Parsed.Date came from.
type DateSource string

const (
	DateFromHeader   DateSource = "header"   // the Date field
	DateFromReceived DateSource = "received" // Date missing or broken: the newest Received stamp
	DateMissing      DateSource = "missing"  // neither: Date is zero; use the server's INTERNALDATE
)

// Attachment is one attachment's metadata and, when Kept, its decoded
// content.
type Attachment struct {
	crm.Attachment
	Content []byte
}

// Parsed is what a message says about itself: the fields of crm.Message
// that come from the raw source, plus the list and bulk headers that
// classification needs. Addresses are normalised (lower-case); message ids
// are normalised with crm.NormalizeMessageID and malformed ones dropped.
type Parsed struct {
	MessageID  string   // "" when missing or malformed
	InReplyTo  string   // the first id of In-Reply-To
	References []string // in header order, malformed ids dropped
	From       crm.Address
	Sender     crm.Address
	ReplyTo    []crm.Address
	To         []crm.Address
	Cc         []crm.Address
	// XOriginalFrom is the X-Original-From field some lists add when they
	// rewrite From; see Author.
	XOriginalFrom crm.Address
	Date          time.Time
	DateSource    DateSource
	Subject       string // RFC 2047 decoded
	// ListID is the identifier inside List-Id ("usrp-users.lists.ettus.com");
	// ListPost the list's posting address and HasListPost whether List-Post
	// is present and not "NO".
	ListID          string
	ListPost        string
	HasListPost     bool
	ListUnsubscribe bool
	Precedence      string // lower-case first word: "bulk", "list", "junk"
	AutoSubmitted   string // lower-case first word: "no", "auto-generated", "auto-replied"

	// Text is the body as plain text (text/plain preferred, HTML
	// converted); QuoteStart is the byte offset in Text where the quoted
	// reply or signature begins, len(Text) when there is none.
	Text        string
	QuoteStart  int
	Truncated   bool
	Attachments []Attachment
	// body is the raw body, for Digest; digest is made on first use.
	body, digest []byte

	// Unparsed is set, in words a person can read, when the message broke
	// a limit or could not be parsed; the fields above then hold what could
	// be read.
	Unparsed string
}

// Parse parses one raw RFC 5322 message. It never panics and never drops a
// message: a message that breaks a limit or cannot be parsed comes back
// with Unparsed set and whatever headers could be read. The error is
// non-nil only for invalid Limits (wrapping crm.ErrInvalid). Parse does not
// keep raw: attachment content is copied out. Safe for concurrent use.
func Parse(raw []byte, lim Limits) (p *Parsed, err error) {
	lim, err = lim.withDefaults()
	if err != nil {
		return nil, err
	}
	p = &Parsed{DateSource: DateMissing}
	defer func() {
		if r := recover(); r != nil {
			p.Unparsed = fmt.Sprintf("the message could not be read (parser error: %v)", r)
			if p.QuoteStart > len(p.Text) || p.QuoteStart < 0 {
				p.QuoteStart = len(p.Text)
			}
		}
	}()
	parse(p, raw, lim)
	return p, nil
}

// parseHook, when set by a test, runs at the start of every parse; it lets
// the panic recovery be tested without a real parser bug.
var parseHook func(raw []byte)

func parse(p *Parsed, raw []byte, lim Limits) {
	if parseHook != nil {
		parseHook(raw)
	}
	if len(raw) == 0 {
		p.Unparsed = "the message is empty"
		return
	}
	end, bodyStart := headerEnd(raw)
	hdr := raw[:end]
	if len(hdr) > lim.MaxHeaderBytes {
		p.Unparsed = fmt.Sprintf("the message header is larger than %s", sizeText(int64(lim.MaxHeaderBytes)))
		hdr = hdr[:lim.MaxHeaderBytes]
	}
	var h rawHeader
	readHeader(hdr, &h)
	p.fillHeader(&h)
	p.body = raw[bodyStart:]
	if p.MessageID == "" {
		p.Digest() // the id needs it, whichever goroutine asks
	}
	if p.Unparsed == "" && !h.looksLikeMail() {
		p.Unparsed = "no mail header found"
	}
	if p.Unparsed != "" {
		p.QuoteStart = len(p.Text)
		return
	}

	w := newWalker(p, lim, len(hdr))
	defer w.release()
	top := partInfoFrom(h.contentType, h.contentEncoding, h.contentDisposition, false)
	pieces := w.entity(top, &byteSource{b: raw[bodyStart:]}, 0, "")
	text, truncated := joinPieces(pieces, lim.MaxTextBytes)
	p.Text = text
	p.Truncated = p.Truncated || truncated || w.textTruncated
	p.QuoteStart = quoteStart(p.Text)
	switch {
	case w.stop != "":
		p.Unparsed = w.stop
	case w.structErr != "" && p.Text == "" && len(p.Attachments) == 0:
		p.Unparsed = "the MIME structure is broken: " + w.structErr
	}
}

// looksLikeMail reports whether any field a mail message has was found; a
// file of random bytes has none.
func (h *rawHeader) looksLikeMail() bool {
	return h.from != "" || h.date != "" || h.messageID != "" || h.subject != "" || h.to != "" ||
		h.contentType != "" || h.received != ""
}

func (p *Parsed) fillHeader(h *rawHeader) {
	p.MessageID = firstMsgID(h.messageID)
	p.InReplyTo = firstMsgID(h.inReplyTo)
	p.References = parseMsgIDs(h.references)
	if from := parseAddressList(h.from); len(from) > 0 {
		p.From = from[0]
	}
	if s := parseAddressList(h.sender); len(s) > 0 {
		p.Sender = s[0]
	}
	if o := parseAddressList(h.origFrom); len(o) > 0 {
		p.XOriginalFrom = o[0]
	}
	p.ReplyTo = parseAddressList(h.replyTo)
	p.To = parseAddressList(h.to)
	p.Cc = parseAddressList(h.cc)
	p.Subject = decodeText(h.subject)
	p.ListID = parseListID(h.listID)
	p.ListPost = parseListPost(h.listPost)
	p.HasListPost = h.listPost != "" && !equalFoldTrim(h.listPost, "NO")
	p.ListUnsubscribe = h.listUnsubscribe != ""
	p.Precedence = firstToken(h.precedence)
	p.AutoSubmitted = firstToken(h.autoSubmitted)
	p.fillDate(h.date, h.received)
}

// fillDate takes the Date field unless it is missing, unreadable, before
// 1980 or more than two days after the message was received (clock or
// forgery); then the newest Received stamp stands in.
func (p *Parsed) fillDate(date, received string) {
	d, dok := parseDate(date)
	r, rok := receivedDate(received)
	if dok && d.Year() < 1980 {
		dok = false
	}
	if dok && rok && d.After(r.Add(48*time.Hour)) {
		dok = false
	}
	switch {
	case dok:
		p.Date, p.DateSource = d, DateFromHeader
	case rok:
		p.Date, p.DateSource = r, DateFromReceived
	default:
		p.Date, p.DateSource = time.Time{}, DateMissing
	}
}

// Digest is a SHA-256 of the raw body with CRs removed, so the same
// message fetched over IMAP (CRLF) or read from Maildir (LF) digests
// alike; it feeds crm.MessageIDFromContent. Only mail without a
// Message-ID, or whose Message-ID a different message has, needs it, so
// it is made on first use (for mail without one, while parsing).
func (p *Parsed) Digest() []byte {
	if p.digest == nil {
		p.digest = bodyDigest(p.body)
	}
	return p.digest
}

func bodyDigest(body []byte) []byte {
	h := sha256.New()
	for len(body) > 0 {
		i := bytes.IndexByte(body, '\r')
		if i < 0 {
			h.Write(body)
			break
		}
		h.Write(body[:i])
		body = body[i+1:]
	}
	return h.Sum(nil)
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func equalFoldTrim(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), b)
}
