package demo

import (
	"bytes"
	"io"
	netmail "net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	gomail "github.com/emersion/go-message/mail"
)

var testNow = time.Date(2026, 11, 25, 15, 4, 5, 0, time.UTC)

// parsed is a generated message read back with net/mail.
type parsed struct {
	folder string
	msg    Message
	hdr    netmail.Header
}

func parseAll(t *testing.T, mb *Mailbox) []parsed {
	t.Helper()
	var out []parsed
	for _, f := range mb.Folders {
		for i, m := range f.Messages {
			pm, err := netmail.ReadMessage(bytes.NewReader(m.Raw))
			if err != nil {
				t.Fatalf("%s #%d does not parse: %v", f.Name, i, err)
			}
			out = append(out, parsed{folder: f.Name, msg: m, hdr: pm.Header})
		}
	}
	return out
}

func TestGenerateIsDeterministicPerSeed(t *testing.T) {
	a, b := Generate(7, testNow), Generate(7, testNow)
	if a.Count() != b.Count() {
		t.Fatalf("same seed: %d vs %d messages", a.Count(), b.Count())
	}
	for fi := range a.Folders {
		for i := range a.Folders[fi].Messages {
			if !bytes.Equal(a.Folders[fi].Messages[i].Raw, b.Folders[fi].Messages[i].Raw) {
				t.Fatalf("same seed, %s #%d differs", a.Folders[fi].Name, i)
			}
		}
	}
	c := Generate(8, testNow)
	if bytes.Equal(a.Folders[0].Messages[0].Raw, c.Folders[0].Messages[0].Raw) {
		t.Fatal("seeds 7 and 8 produced the same first message")
	}
	// Dates follow now: a day later, every message moves by about a day.
	later := Generate(7, testNow.Add(24*time.Hour))
	if later.Count() != a.Count() {
		t.Fatalf("moving now changed the count: %d vs %d", later.Count(), a.Count())
	}
}

func TestGenerateShape(t *testing.T) {
	mb := Generate(1, testNow)
	if n := mb.Count(); n < 150 || n > 300 {
		t.Fatalf("%d messages, want 150-300", n)
	}
	if len(mb.Folders) != 2 || mb.Folders[0].Name != FolderInbox || mb.Folders[1].Name != FolderSent {
		t.Fatalf("folders %+v", mb.Folders)
	}
	if mb.Folders[1].SpecialUse != imap.MailboxAttrSent || mb.Folders[0].SpecialUse != "" {
		t.Fatalf("special use: INBOX %q, Sent %q", mb.Folders[0].SpecialUse, mb.Folders[1].SpecialUse)
	}
	_, me := Me()
	oldest := testNow
	for _, p := range parseAll(t, mb) {
		raw := p.msg.Raw
		if i := bytes.IndexByte(bytes.ReplaceAll(raw, []byte("\r\n"), nil), '\n'); i >= 0 {
			t.Fatalf("bare LF in %s message %q", p.folder, p.hdr.Get("Subject"))
		}
		if !bytes.HasSuffix(raw, []byte("\r\n")) {
			t.Errorf("message does not end in CRLF: %q", p.hdr.Get("Subject"))
		}
		from, err := netmail.ParseAddress(p.hdr.Get("From"))
		if err != nil {
			t.Fatalf("From %q: %v", p.hdr.Get("From"), err)
		}
		if (from.Address == me) != (p.folder == FolderSent) {
			t.Errorf("message from %s in %s", from.Address, p.folder)
		}
		date, err := p.hdr.Date()
		if err != nil {
			t.Fatalf("Date %q: %v", p.hdr.Get("Date"), err)
		}
		if !date.Equal(p.msg.Date) {
			t.Errorf("Date header %v, Message.Date %v", date, p.msg.Date)
		}
		if !date.Before(testNow) {
			t.Errorf("message dated %v, after now %v", date, testNow)
		}
		if date.Before(oldest) {
			oldest = date
		}
		if p.hdr.Get("Message-ID") == "" {
			t.Errorf("no Message-ID: %q", p.hdr.Get("Subject"))
		}
	}
	if age := testNow.Sub(oldest); age < 35*24*time.Hour || age > 50*24*time.Hour {
		t.Errorf("oldest message is %v old, want about six weeks", age)
	}
}

// Every address is on a reserved or fictional domain: nothing can reach a
// real person.
func TestGenerateUsesOnlyFictionalDomains(t *testing.T) {
	for _, p := range parseAll(t, Generate(3, testNow)) {
		for _, field := range []string{"From", "To", "Cc"} {
			if p.hdr.Get(field) == "" {
				continue
			}
			list, err := p.hdr.AddressList(field)
			if err != nil {
				t.Fatalf("%s %q: %v", field, p.hdr.Get(field), err)
			}
			for _, a := range list {
				d := a.Address[strings.LastIndexByte(a.Address, '@')+1:]
				if !strings.HasSuffix(d, ".test") && !strings.HasSuffix(d, ".example") {
					t.Errorf("address %s is not on a reserved domain", a.Address)
				}
			}
		}
	}
}

func TestGenerateThreadsAreLinked(t *testing.T) {
	all := parseAll(t, Generate(1, testNow))
	byID := map[string]parsed{}
	for _, p := range all {
		id := p.hdr.Get("Message-ID")
		if _, dup := byID[id]; dup {
			t.Fatalf("duplicate Message-ID %s", id)
		}
		byID[id] = p
	}
	replies := 0
	for _, p := range all {
		irt := p.hdr.Get("In-Reply-To")
		if irt == "" {
			continue
		}
		replies++
		parent, ok := byID[irt]
		if !ok {
			t.Fatalf("%q replies to unknown %s", p.hdr.Get("Subject"), irt)
		}
		refs := strings.Fields(p.hdr.Get("References"))
		if len(refs) == 0 || refs[len(refs)-1] != irt {
			t.Errorf("%q: References %v do not end with In-Reply-To %s", p.hdr.Get("Subject"), refs, irt)
		}
		if !parent.msg.Date.Before(p.msg.Date) {
			t.Errorf("%q is dated before its parent", p.hdr.Get("Subject"))
		}
	}
	if replies < 60 {
		t.Errorf("only %d replies", replies)
	}
}

// The story the demo must tell: open questions, promises, a quiet account,
// bulk mail, forwards, HTML and attachments.
func TestGenerateTellsTheStory(t *testing.T) {
	mb := Generate(1, testNow)
	all := parseAll(t, mb)
	_, me := Me()
	var (
		unreadFromCustomers, promises, bulk, forwards, html, attachments, rfc822, cc, internal, freeMail int
		lastCedar                                                                                        time.Time
		lastCedarFromMe                                                                                  bool
	)
	internalDomains := InternalDomains()
	for _, p := range all {
		from, _ := netmail.ParseAddress(p.hdr.Get("From"))
		domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
		body := decodedText(t, p.msg.Raw)
		if p.folder == FolderInbox && !slices.Contains(p.msg.Flags, imap.FlagSeen) && !slices.Contains(internalDomains, domain) {
			unreadFromCustomers++
		}
		if p.folder == FolderSent && (strings.Contains(body, "I'll send you the quote by Friday") || strings.Contains(body, "get back to you by Wednesday")) {
			promises++
		}
		if p.hdr.Get("List-Unsubscribe") != "" && p.hdr.Get("Precedence") == "bulk" {
			bulk++
		}
		if strings.HasPrefix(p.hdr.Get("Subject"), "Fwd:") {
			forwards++
		}
		ct := p.hdr.Get("Content-Type")
		if strings.Contains(string(p.msg.Raw), "text/html") {
			html++
		}
		if strings.HasPrefix(ct, "multipart/mixed") {
			attachments++
		}
		if strings.Contains(string(p.msg.Raw), "Content-Type: message/rfc822") {
			rfc822++
		}
		if p.hdr.Get("Cc") != "" {
			cc++
		}
		to, _ := p.hdr.AddressList("To")
		if slices.Contains(internalDomains, domain) && len(to) > 0 && strings.HasSuffix(to[0].Address, "@"+vendorDomain) {
			internal++
		}
		if slices.Contains(FreeMailDomains(), domain) {
			freeMail++
		}
		for _, a := range append(to, from) {
			if strings.HasSuffix(a.Address, "@cedarridge-farms.test") || a.Address == "walt.jensen58@freemail.test" {
				if p.msg.Date.After(lastCedar) {
					lastCedar, lastCedarFromMe = p.msg.Date, from.Address == me
				}
			}
		}
	}
	checks := []struct {
		what     string
		got, min int
	}{
		{"unread customer mail awaiting reply", unreadFromCustomers, 3},
		{"promises in sent mail", promises, 2},
		{"bulk mail with List-Unsubscribe", bulk, 5},
		{"forwards", forwards, 3},
		{"messages with HTML", html, 15},
		{"messages with attachments", attachments, 8},
		{"forward as message/rfc822", rfc822, 1},
		{"messages with Cc", cc, 20},
		{"internal mail", internal, 10},
		{"mail from free-mail domains", freeMail, 3},
	}
	for _, c := range checks {
		t.Logf("%s: %d", c.what, c.got)
		if c.got < c.min {
			t.Errorf("%s: %d, want at least %d", c.what, c.got, c.min)
		}
	}
	if quiet := testNow.Sub(lastCedar); quiet < 10*24*time.Hour || !lastCedarFromMe {
		t.Errorf("Cedar Ridge should have gone quiet: last mail %v ago, from me %v", quiet, lastCedarFromMe)
	}
	if len(newCast().customers()) < 5 {
		t.Error("fewer than five customer companies")
	}
}

// decodedText returns the text/plain parts, decoded, as go-message reads
// them: a check that the MIME structure is sound.
func decodedText(t *testing.T, raw []byte) string {
	t.Helper()
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("go-message cannot read: %v", err)
	}
	var b strings.Builder
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		ct := part.Header.Get("Content-Type")
		body, err := io.ReadAll(part.Body)
		if err != nil {
			t.Fatalf("read part %s: %v", ct, err)
		}
		if h, ok := part.Header.(*gomail.InlineHeader); ok {
			if mt, _, _ := h.ContentType(); mt == "text/plain" {
				b.Write(body)
			}
		}
		if h, ok := part.Header.(*gomail.AttachmentHeader); ok {
			name, _ := h.Filename()
			if name == "" || len(body) == 0 {
				t.Errorf("attachment without name or content: %q %d bytes", name, len(body))
			}
			if strings.HasSuffix(name, ".pdf") && !bytes.HasPrefix(body, []byte("%PDF-1.4")) {
				t.Errorf("%s is not a PDF", name)
			}
		}
	}
	return b.String()
}
