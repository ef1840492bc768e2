package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// gen holds the state of one Generate run.
type gen struct {
	rng   *rand.Rand
	now   time.Time
	seed  int64
	c     *cast
	mails []*mail
}

func newGen(seed int64, now time.Time) *gen {
	return &gen{
		rng:  rand.New(rand.NewPCG(uint64(seed), 0x70617273_6c6579)),
		now:  now,
		seed: seed,
		c:    newCast(),
	}
}

// at is a time daysAgo calendar days before now, at about hour:min in p's
// time zone. Weekend days move to the Friday before, since the story is a
// working one; times that would be in the future move to just before now.
func (g *gen) at(p *person, daysAgo, hour, min int) time.Time {
	day := g.now.In(p.zone()).AddDate(0, 0, -daysAgo)
	switch day.Weekday() {
	case time.Saturday:
		day = day.AddDate(0, 0, -1)
	case time.Sunday:
		day = day.AddDate(0, 0, -2)
	}
	t := time.Date(day.Year(), day.Month(), day.Day(), hour, min, g.rng.IntN(60), 0, p.zone())
	t = t.Add(time.Duration(g.rng.IntN(12)) * time.Minute)
	if !t.Before(g.now) {
		t = g.now.Add(-time.Duration(20+g.rng.IntN(60)) * time.Minute)
	}
	return t
}

// pick returns one of the choices, chosen by the seed.
func (g *gen) pick(choices ...string) string { return choices[g.rng.IntN(len(choices))] }

func (g *gen) newID(from *person) string {
	host := domainOf(from.addr)
	if from.style == styleOutlook && from.company != nil {
		return fmt.Sprintf("%s%06X%04d@%s", strings.ToUpper(host[:2]), g.rng.Uint32()&0xffffff, len(g.mails), host)
	}
	return fmt.Sprintf("%08x.%04d.%x@%s", g.rng.Uint32(), len(g.mails), uint64(g.seed)&0xffff, host)
}

// opt adjusts a mail as it is added.
type opt func(*mail)

func withHTML() opt { return func(m *mail) { m.html = true } }
func withAttachment(a attachment) opt {
	return func(m *mail) { m.attachments = append(m.attachments, a) }
}
func flagged() opt { return func(m *mail) { m.flagged = true } }
func withHeader(k, v string) opt {
	return func(m *mail) { m.headers = append(m.headers, [2]string{k, v}) }
}
func automated() opt { return func(m *mail) { m.noSig = true } }

// unread keeps inbound mail unseen even when it is older than a day and a
// half: the rep has not opened it.
func unread() opt { return func(m *mail) { m.seen = false; m.unreadSet = true } }

// thread is one conversation being written.
type thread struct {
	g       *gen
	subject string
	msgs    []*mail
}

func (g *gen) thread(subject string) *thread { return &thread{g: g, subject: subject} }

func to(ps ...*person) []*person { return ps }

// start writes the first message of the thread.
func (t *thread) start(from *person, rcpt, cc []*person, at time.Time, text string, opts ...opt) *mail {
	m := &mail{from: from, to: rcpt, cc: cc, subject: t.subject, at: at, text: text}
	return t.add(m, opts)
}

// reply answers parent (the last message when nil), quoting it.
func (t *thread) reply(parent *mail, from *person, rcpt, cc []*person, at time.Time, text string, opts ...opt) *mail {
	if parent == nil {
		parent = t.msgs[len(t.msgs)-1]
	}
	m := &mail{from: from, to: rcpt, cc: cc, subject: reSubject(parent.subject), at: at, text: text}
	link(m, parent)
	m.quote = quoteOf(parent, from)
	if at.Before(parent.at.Add(10 * time.Minute)) {
		m.at = parent.at.Add(time.Duration(10+t.g.rng.IntN(50)) * time.Minute)
	}
	return t.add(m, opts)
}

// forward passes parent on with a note, inline, in the same thread.
func (t *thread) forward(parent *mail, from *person, rcpt, cc []*person, at time.Time, text string, opts ...opt) *mail {
	subject := strings.TrimPrefix(parent.subject, "Re: ")
	if !strings.HasPrefix(subject, "Fwd: ") {
		subject = "Fwd: " + subject
	}
	m := &mail{from: from, to: rcpt, cc: cc, subject: subject, at: at, text: text}
	link(m, parent)
	m.quote = forwardOf(parent, from)
	m.attachments = append(m.attachments, parent.attachments...)
	if at.Before(parent.at.Add(5 * time.Minute)) {
		m.at = parent.at.Add(time.Duration(5+t.g.rng.IntN(40)) * time.Minute)
	}
	return t.add(m, opts)
}

func (t *thread) add(m *mail, opts []opt) *mail {
	if !m.at.Before(t.g.now) {
		m.at = t.g.now.Add(-time.Minute)
	}
	m.id = t.g.newID(m.from)
	m.sent = m.from == t.g.c.sam
	for _, o := range opts {
		o(m)
	}
	t.msgs = append(t.msgs, m)
	t.g.mails = append(t.g.mails, m)
	return m
}

func link(m, parent *mail) {
	m.inReplyTo = parent.id
	m.references = append(append([]string(nil), parent.references...), parent.id)
	// Clients trim long References lists, keeping the first and the last.
	if len(m.references) > 10 {
		m.references = append(m.references[:1], m.references[len(m.references)-9:]...)
	}
}

func reSubject(s string) string {
	if strings.HasPrefix(strings.ToLower(s), "re:") {
		return s
	}
	return "Re: " + s
}
