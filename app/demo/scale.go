package demo

import (
	"bytes"
	"iter"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
)

// Scale-mailbox shape. Sizes follow a log-normal around a 10 KiB median
// with a tail of large attachments, the rough shape of business mail.
const (
	scaleMedian     = 10 << 10
	scaleSigma      = 0.8
	scaleMaxSize    = 400 << 10
	scaleMinSize    = 1200
	scaleGap        = 10 * time.Minute // mean time between messages
	scaleRingLen    = 4096             // threads that can still get replies
	scaleMaxRefs    = 12
	scaleQuoteLimit = 24 << 10
)

type scaleThread struct {
	subject  string
	people   []*person // customer-side participants
	ids      []string  // newest last, at most scaleMaxRefs
	lastText []byte    // body of the newest message, for quoting
	lastFrom *person
}

// GenerateScale streams n messages for benchmarks: the same bytes for the
// same seed, ending shortly before now, oldest first, roughly one every ten
// minutes. Folder is "Sent" for the rep's mail and "INBOX" otherwise.
// Threads are reply chains and fan-outs (replies to earlier messages);
// about a third carry HTML, some carry attachments up to a few hundred
// KiB. Memory stays bounded (a few MiB) whatever n is; each yielded Raw is
// a fresh slice the caller may keep.
func GenerateScale(seed int64, n int, now time.Time) iter.Seq2[string, Message] {
	return func(yield func(string, Message) bool) {
		s := newScaleGen(seed, n, now)
		for i := 0; i < n; i++ {
			folder, msg := s.next(i)
			if !yield(folder, msg) {
				return
			}
		}
	}
}

type scaleGen struct {
	r      *rand.Rand
	pools  *scalePools
	me     *person
	team   []*person
	news   *person
	start  time.Time
	now    time.Time
	ring   []*scaleThread
	seed   int64
	serial uint64
}

func newScaleGen(seed int64, n int, now time.Time) *scaleGen {
	r := rand.New(rand.NewPCG(uint64(seed), 0x7363616c65))
	c := newCast()
	nPeople := min(max(n/40, 200), 20000)
	return &scaleGen{
		r: r, pools: newScalePools(r, nPeople), me: c.sam, team: []*person{c.priya, c.tom, c.lena},
		news: c.newsletter, now: now.Truncate(time.Second),
		start: now.Truncate(time.Second).Add(-time.Duration(n) * scaleGap), seed: seed,
	}
}

func (s *scaleGen) next(i int) (string, Message) {
	r := s.r
	at := s.start.Add(time.Duration(i)*scaleGap + time.Duration(r.Int64N(int64(scaleGap))))
	if !at.Before(s.now) {
		at = s.now.Add(-time.Second)
	}
	size := s.pickSize()
	var m *mail
	var th *scaleThread
	switch u := r.IntN(100); {
	case u < 4:
		m = s.bulk(at)
	case u < 40 || len(s.ring) == 0:
		th = s.newThread()
		m = s.first(th, at)
	default:
		th = s.ring[len(s.ring)-1-min(int(r.ExpFloat64()*200), len(s.ring)-1)]
		m = s.reply(th, at)
	}
	raw := s.render(m, th, size)
	msg := Message{Raw: raw, Date: m.at}
	if m.from == s.me || s.now.Sub(at) > 48*time.Hour {
		msg.Flags = []imap.Flag{imap.FlagSeen}
	}
	if m.from == s.me {
		return FolderSent, msg
	}
	return FolderInbox, msg
}

func (s *scaleGen) pickSize() int {
	r := s.r
	size := float64(scaleMedian) * math.Exp(scaleSigma*r.NormFloat64())
	if r.IntN(40) == 0 { // the attachment tail
		size = 50e3 * math.Exp(r.Float64()*math.Log(scaleMaxSize/50e3))
	}
	return min(max(int(size), scaleMinSize), scaleMaxSize)
}

// customer picks a person with a skewed distribution: a few contacts write
// much more than the rest, as in a real mailbox.
func (s *scaleGen) customer() *person {
	p := s.pools.people
	u := s.r.Float64()
	return p[int(float64(len(p))*u*u*u)]
}

func (s *scaleGen) newThread() *scaleThread {
	th := &scaleThread{subject: s.pools.subj[s.r.IntN(len(s.pools.subj))], people: []*person{s.customer()}}
	if s.r.IntN(3) == 0 { // a colleague of the first person joins
		th.people = append(th.people, s.customer())
	}
	if len(s.ring) == scaleRingLen {
		copy(s.ring, s.ring[1:])
		s.ring = s.ring[:len(s.ring)-1]
	}
	s.ring = append(s.ring, th)
	return th
}

func (s *scaleGen) id(from *person) string {
	s.serial++
	return strconv.FormatUint(s.serial, 36) + "." + strconv.FormatUint(uint64(s.seed)&0xffffff, 36) + "." +
		strconv.FormatUint(s.r.Uint64()&0xffffffff, 36) + "@" + domainOf(from.addr)
}

func (s *scaleGen) first(th *scaleThread, at time.Time) *mail {
	m := &mail{subject: th.subject, at: at}
	if s.r.IntN(3) == 0 {
		m.from, m.to = s.me, th.people[:1]
	} else {
		m.from, m.to = th.people[0], []*person{s.me}
	}
	if len(th.people) > 1 {
		m.cc = th.people[1:]
	}
	m.id = s.id(m.from)
	th.ids = []string{m.id}
	th.lastFrom = m.from
	return m
}

// reply answers the newest message (a chain) or, one time in five, an
// earlier one (a fan-out).
func (s *scaleGen) reply(th *scaleThread, at time.Time) *mail {
	r := s.r
	m := &mail{subject: reSubject(th.subject), at: at}
	switch {
	case th.lastFrom == s.me:
		m.from, m.to = th.people[r.IntN(len(th.people))], []*person{s.me}
	case r.IntN(10) == 0:
		m.from, m.to = s.team[r.IntN(len(s.team))], []*person{s.me}
	default:
		m.from, m.to = s.me, []*person{th.lastFrom}
	}
	if len(th.people) > 1 && r.IntN(2) == 0 {
		m.cc = th.people
	}
	parent := len(th.ids) - 1
	if parent > 0 && r.IntN(5) == 0 {
		parent = r.IntN(parent)
	}
	m.inReplyTo = th.ids[parent]
	m.references = append([]string(nil), th.ids[:parent+1]...)
	m.id = s.id(m.from)
	th.ids = append(th.ids, m.id)
	if len(th.ids) > scaleMaxRefs {
		th.ids = append(th.ids[:1], th.ids[len(th.ids)-scaleMaxRefs+1:]...)
	}
	th.lastFrom = m.from
	return m
}

func (s *scaleGen) bulk(at time.Time) *mail {
	m := &mail{from: s.news, to: []*person{s.me}, at: at, subject: "FieldOps Weekly: " + s.pools.subj[s.r.IntN(len(s.pools.subj))], html: true}
	m.id = s.id(m.from)
	m.headers = [][2]string{
		{"List-Id", "FieldOps Weekly <weekly.fieldops-weekly.example>"},
		{"List-Unsubscribe", "<https://fieldops-weekly.example/u/sam-7f3a>"},
		{"Precedence", "bulk"},
	}
	return m
}

// render writes m at about size bytes: headers, a text body (with the
// thread's previous message quoted), maybe an HTML alternative, and for
// large sizes an attachment.
func (s *scaleGen) render(m *mail, th *scaleThread, size int) []byte {
	r := s.r
	var b bytes.Buffer
	b.Grow(size + 2048)
	if m.from != s.me {
		host := domainOf(m.from.addr)
		for hop := 0; hop < 2+r.IntN(3); hop++ {
			header(&b, "Received", "from relay"+strconv.Itoa(hop)+"."+host+" (relay"+strconv.Itoa(hop)+"."+host+" [198.51.100."+
				strconv.Itoa(1+r.IntN(250))+"]) by mx."+vendorDomain+" with ESMTPS id "+strconv.FormatUint(r.Uint64(), 36)+
				" for <"+s.me.addr+">; "+m.at.Add(time.Duration(hop)*time.Second).UTC().Format(time.RFC1123Z))
		}
		if r.IntN(3) > 0 {
			header(&b, "DKIM-Signature", "v=1; a=rsa-sha256; c=relaxed/relaxed; d="+host+"; s=sel1; h=from:to:subject:date:message-id; bh="+
				string(s.pools.base64Span(r, 40)[:44])+"; b="+string(bytes.ReplaceAll(s.pools.base64Span(r, 340), []byte("\r\n"), nil)))
		}
	}
	header(&b, "Date", m.at.In(m.from.zone()).Format(time.RFC1123Z))
	header(&b, "From", formatAddr(m.from))
	header(&b, "To", formatAddrs(m.to))
	if len(m.cc) > 0 {
		header(&b, "Cc", formatAddrs(m.cc))
	}
	header(&b, "Subject", m.subject)
	header(&b, "Message-ID", "<"+m.id+">")
	if m.inReplyTo != "" {
		header(&b, "In-Reply-To", "<"+m.inReplyTo+">")
		refs := make([]byte, 0, 40*len(m.references))
		for i, id := range m.references {
			if i > 0 {
				refs = append(refs, ' ')
			}
			refs = append(refs, '<')
			refs = append(refs, id...)
			refs = append(refs, '>')
		}
		header(&b, "References", string(refs))
	}
	for _, h := range m.headers {
		header(&b, h[0], h[1])
	}
	header(&b, "MIME-Version", "1.0")

	budget := max(size-b.Len(), 400)
	attach := 0
	if budget > 40<<10 && r.IntN(10) < 8 {
		attach = budget - (2<<10 + r.IntN(6<<10))
		budget -= attach
	}
	html := m.html || r.IntN(3) == 0
	textLen := budget
	if html {
		textLen = budget * 2 / 5
	}
	text := s.bodyText(m, th, textLen)

	// Boundaries use characters that never occur in the pools' text or
	// base64 ("_" and "="), and avoid "@", which RFC 2046 forbids.
	boundary := "=_p" + strconv.FormatUint(s.serial, 36)
	if attach > 0 {
		header(&b, "Content-Type", `multipart/mixed; boundary="`+boundary+`m"`)
		b.WriteString("\r\n--" + boundary + "m\r\n")
	}
	if html {
		header(&b, "Content-Type", `multipart/alternative; boundary="`+boundary+`a"`)
		b.WriteString("\r\n--" + boundary + "a\r\n")
	}
	header(&b, "Content-Type", "text/plain; charset=utf-8")
	header(&b, "Content-Transfer-Encoding", "8bit")
	b.WriteString("\r\n")
	b.Write(text)
	if html {
		b.WriteString("\r\n--" + boundary + "a\r\n")
		header(&b, "Content-Type", "text/html; charset=utf-8")
		header(&b, "Content-Transfer-Encoding", "8bit")
		b.WriteString("\r\n<html><head><meta charset=\"utf-8\"></head><body><div style=\"font-family:Calibri,Arial,sans-serif;font-size:11pt\">\r\n")
		// Markup adds about a third to each line of prose.
		for _, line := range bytes.SplitAfter(s.pools.textSpan(r, (budget-textLen-200)*3/4), []byte("\r\n")) {
			if len(line) <= 2 {
				continue
			}
			b.WriteString("<p style=\"margin:0\">")
			b.Write(line[:len(line)-2])
			b.WriteString("</p>\r\n")
		}
		b.WriteString("</div></body></html>\r\n")
		b.WriteString("\r\n--" + boundary + "a--\r\n")
	}
	if attach > 0 {
		b.WriteString("\r\n--" + boundary + "m\r\n")
		name := "report-" + strconv.Itoa(r.IntN(10000)) + ".pdf"
		header(&b, "Content-Type", "application/pdf; name=\""+name+"\"")
		header(&b, "Content-Disposition", "attachment; filename=\""+name+"\"")
		header(&b, "Content-Transfer-Encoding", "base64")
		b.WriteString("\r\n")
		for attach > 0 {
			chunk := s.pools.base64Span(r, attach)
			b.Write(chunk)
			attach -= len(chunk)
		}
		b.WriteString("\r\n--" + boundary + "m--\r\n")
	}
	return b.Bytes()
}

// bodyText is new prose, a signature, and for replies the previous message
// quoted, in about n bytes. The thread remembers the new text for the next
// reply's quote.
func (s *scaleGen) bodyText(m *mail, th *scaleThread, n int) []byte {
	r := s.r
	var b bytes.Buffer
	quoteBudget := 0
	if th != nil && th.lastText != nil {
		quoteBudget = min(n/2, scaleQuoteLimit)
	}
	fresh := s.pools.textSpan(r, max(n-quoteBudget-200, 80))
	b.WriteString("Hi,\r\n\r\n")
	b.Write(fresh)
	b.WriteString("\r\n-- \r\n" + m.from.name + "\r\n")
	if m.from.title != "" {
		b.WriteString(m.from.title + "\r\n")
	}
	if quoteBudget > 0 {
		b.WriteString("\r\nOn " + m.at.Add(-time.Hour).Format("Mon, Jan 2, 2006 at 3:04 PM") + ", " + m.to[0].name + " wrote:\r\n")
		q := th.lastText
		for len(q) > 0 && quoteBudget > 0 {
			i := bytes.Index(q, []byte("\r\n"))
			if i < 0 {
				break
			}
			if i == 0 {
				b.WriteString(">\r\n")
			} else {
				b.WriteString("> ")
				b.Write(q[:i+2])
			}
			quoteBudget -= i + 4
			q = q[i+2:]
		}
	}
	if th != nil {
		th.lastText = fresh
	}
	return b.Bytes()
}
