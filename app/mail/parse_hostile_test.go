package mail

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// checkParsedInvariants asserts what must hold for every Parse result, whatever
// the input.
func checkParsedInvariants(t testing.TB, name string, p *Parsed, lim Limits) {
	t.Helper()
	if p == nil {
		t.Fatalf("%s: nil Parsed", name)
	}
	if p.QuoteStart < 0 || p.QuoteStart > len(p.Text) {
		t.Fatalf("%s: QuoteStart %d outside text of %d bytes", name, p.QuoteStart, len(p.Text))
	}
	if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Subject) || !utf8.ValidString(p.From.Name) {
		t.Fatalf("%s: invalid UTF-8 in text, subject or name", name)
	}
	if strings.ContainsRune(p.Text, 0) || strings.ContainsRune(p.Subject, 0) || strings.ContainsRune(p.MessageID, 0) {
		t.Fatalf("%s: NUL byte survived", name)
	}
	l, _ := lim.withDefaults()
	if len(p.Text) > l.MaxTextBytes {
		t.Fatalf("%s: text %d bytes over the %d cap", name, len(p.Text), l.MaxTextBytes)
	}
	if len(p.Digest()) != 32 && p.Unparsed == "" {
		t.Fatalf("%s: no body digest", name)
	}
	if p.ID() == "" {
		t.Fatalf("%s: no id", name)
	}
}

func TestHostileFiles(t *testing.T) {
	type want struct {
		unparsed  bool
		messageID string
		subject   string
		text      string // a substring Text must hold
		notText   string // a substring Text must not hold
		check     func(t *testing.T, p *Parsed)
	}
	cases := map[string]want{
		"no-message-id.eml": {text: "Hello without an id", check: func(t *testing.T, p *Parsed) {
			if p.MessageID != "" || !strings.HasPrefix(string(p.ID()), "m_") {
				t.Fatalf("message without id: MessageID %q, ID %q", p.MessageID, p.ID())
			}
		}},
		"duplicate-message-id.eml": {messageID: "first@acme.example", subject: "first subject"},
		"bad-base64.eml":           {text: "Hello world"},
		"bad-qp.eml": {text: "Café =ZZ price a=bc", check: func(t *testing.T, p *Parsed) {
			if !strings.Contains(p.Text, "softbreak and end") {
				t.Fatalf("soft line breaks not joined: %q", p.Text)
			}
		}},
		"unknown-charset.eml": {text: "naïve café", subject: "=?x-klingon?Q?tlhIngan?= Hol"},
		"nul-bytes.eml": {subject: "nul bytes", text: "bodywithnuls", check: func(t *testing.T, p *Parsed) {
			if p.From.Address != "nul@acme.example" || p.From.Name != "Nul Person" {
				t.Fatalf("from %+v", p.From)
			}
		}},
		"malformed-headers.eml": {messageID: "malformed@acme.example", subject: "malformed", text: "Still readable"},
		"broken-boundary.eml":   {unparsed: true, messageID: "bnd@acme.example", subject: "wrong boundary"},
		"unclosed-multipart.eml": {text: "The text survives", check: func(t *testing.T, p *Parsed) {
			if len(p.Attachments) != 1 || p.Attachments[0].Name != "cut.pdf" || string(p.Attachments[0].Content) != "%PDF-1.4\n" {
				t.Fatalf("attachments %+v", p.Attachments)
			}
		}},
		"html-unclosed-head.eml": {text: "Visible text", notText: "alert", check: func(t *testing.T, p *Parsed) {
			if !strings.Contains(p.Text, "- one\n- two") {
				t.Fatalf("list items: %q", p.Text)
			}
		}},
		"bad-date.eml": {check: func(t *testing.T, p *Parsed) {
			want := time.Date(2025, 2, 4, 9, 30, 0, 0, time.UTC)
			if p.DateSource != DateFromReceived || !p.Date.Equal(want) {
				t.Fatalf("date %v from %s, want %v from Received", p.Date, p.DateSource, want)
			}
		}},
		"garbage.eml": {unparsed: true},
		"bad-encoded-words.eml": {subject: "café =?utf-8?B?bm90IGJhc2U2NA?=", check: func(t *testing.T, p *Parsed) {
			if p.From.Address != "jane@acme.example" || len(p.To) != 1 || p.To[0].Address != "rep@parley.example" {
				t.Fatalf("addresses lost: from %+v to %+v", p.From, p.To)
			}
		}},
		"rfc2231-filename.eml": {text: "see attached", check: func(t *testing.T, p *Parsed) {
			if len(p.Attachments) != 1 || p.Attachments[0].Name != "passwd.txt" || string(p.Attachments[0].Content) != "hello" {
				t.Fatalf("attachment %+v: want the base name only, no path", p.Attachments)
			}
		}},
		"self-references.eml": {check: func(t *testing.T, p *Parsed) {
			got := Ancestors(p.MessageID, p.References, p.InReplyTo)
			if len(got) != 1 || got[0] != "parent@acme.example" {
				t.Fatalf("ancestors %v, want only the parent", got)
			}
		}},
		"missing-boundary-param.eml": {text: "just text after all"},
		"bad-content-type.eml":       {text: "plain enough"},
	}
	files, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no hostile files: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		w, ok := cases[name]
		if !ok {
			t.Errorf("%s has no expectation", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(raw, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkParsedInvariants(t, name, p, Limits{})
			if (p.Unparsed != "") != w.unparsed {
				t.Fatalf("Unparsed = %q, want unparsed=%v (text %q)", p.Unparsed, w.unparsed, p.Text)
			}
			if w.messageID != "" && p.MessageID != w.messageID {
				t.Fatalf("MessageID %q, want %q", p.MessageID, w.messageID)
			}
			if w.subject != "" && p.Subject != w.subject {
				t.Fatalf("Subject %q, want %q", p.Subject, w.subject)
			}
			if !strings.Contains(p.Text, w.text) {
				t.Fatalf("Text %q lacks %q", p.Text, w.text)
			}
			if w.notText != "" && strings.Contains(p.Text, w.notText) {
				t.Fatalf("Text %q holds %q", p.Text, w.notText)
			}
			if w.check != nil {
				w.check(t, p)
			}
		})
	}
}

const hostileHead = "From: a@acme.example\nTo: b@parley.example\nMessage-ID: <gen@acme.example>\nDate: Mon, 3 Feb 2025 10:00:00 +0000\nSubject: generated\n"

func nestedMultipart(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(hostileHead)
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i)
	}
	b.WriteString("Content-Type: text/plain\n\ndeep text\n")
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\n", i)
	}
	return b.Bytes()
}

func manyParts(n int) []byte {
	var b bytes.Buffer
	b.WriteString(hostileHead)
	b.WriteString("Content-Type: multipart/mixed; boundary=\"x\"\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "--x\nContent-Type: text/plain\n\npart %d\n", i)
	}
	b.WriteString("--x--\n")
	return b.Bytes()
}

func TestHostileGenerated(t *testing.T) {
	bigText := strings.Repeat("0123456789abcdef", 1<<17) // 2 MiB
	tests := []struct {
		name     string
		raw      []byte
		lim      Limits
		unparsed string // substring of the reason; "" means parsed
		check    func(t *testing.T, p *Parsed)
	}{
		{name: "nesting at the limit", raw: nestedMultipart(31), check: func(t *testing.T, p *Parsed) {
			if !strings.Contains(p.Text, "deep text") {
				t.Fatalf("text %q", p.Text)
			}
		}},
		{name: "nesting past the limit", raw: nestedMultipart(40), unparsed: "nested more than 32"},
		{name: "nesting 5000 deep", raw: nestedMultipart(5000), unparsed: "nested more than 32"},
		{name: "1,000 parts", raw: manyParts(999), check: func(t *testing.T, p *Parsed) {
			if !strings.Contains(p.Text, "part 998") {
				t.Fatal("last part lost")
			}
		}},
		{name: "100k parts", raw: manyParts(100_000), unparsed: "more than 1000 MIME parts"},
		{name: "huge header", raw: []byte(hostileHead + "X-Junk: " + strings.Repeat("j", 300<<10) + "\n\nbody\n"), unparsed: "header is larger than 256 KiB",
			check: func(t *testing.T, p *Parsed) {
				if p.MessageID != "gen@acme.example" || p.Subject != "generated" {
					t.Fatalf("headers before the limit lost: %q %q", p.MessageID, p.Subject)
				}
			}},
		{name: "many header fields", raw: []byte(hostileHead + strings.Repeat("X-A: b\n", 50_000) + "\nbody\n"), unparsed: "header is larger"},
		{name: "huge part headers", raw: []byte(hostileHead + "Content-Type: multipart/mixed; boundary=q\n\n--q\n" + strings.Repeat("X-P: "+strings.Repeat("p", 1000)+"\n", 300) + "\nx\n--q--\n"), unparsed: "headers are larger"},
		{name: "text over the cap", raw: []byte(hostileHead + "\n" + bigText), check: func(t *testing.T, p *Parsed) {
			if !p.Truncated || len(p.Text) != 1<<20 {
				t.Fatalf("truncated=%v len=%d", p.Truncated, len(p.Text))
			}
		}},
		{name: "attachment over the cap", lim: Limits{MaxAttachmentBytes: 1000},
			raw: []byte(hostileHead + "Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: application/zip; name=big.zip\nContent-Transfer-Encoding: base64\n\n" +
				strings.Repeat("QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n", 200) + "--q--\n"),
			check: func(t *testing.T, p *Parsed) {
				if len(p.Attachments) != 1 || p.Attachments[0].Kept || p.Attachments[0].Content != nil || p.Attachments[0].Size < 10000 {
					t.Fatalf("attachment %+v", p.Attachments[0].Attachment)
				}
			}},
		{name: "attachment under the cap", lim: Limits{MaxAttachmentBytes: 1000},
			raw: []byte(hostileHead + "Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: application/zip; name=small.zip\nContent-Transfer-Encoding: base64\n\nQUFB\n--q--\n"),
			check: func(t *testing.T, p *Parsed) {
				if len(p.Attachments) != 1 || !p.Attachments[0].Kept || string(p.Attachments[0].Content) != "AAA" || p.Attachments[0].Size != 3 {
					t.Fatalf("attachment %+v", p.Attachments[0])
				}
			}},
		{name: "only a header", raw: []byte(hostileHead)},
		{name: "empty", raw: nil, unparsed: "empty"},
		{name: "one newline", raw: []byte("\n"), unparsed: "no mail header"},
		{name: "long unbroken line", raw: []byte(hostileHead + "\n" + strings.Repeat("x", 3<<20))},
		{name: "many references", raw: []byte(hostileHead + "References:" + strings.Repeat(" <r@x>", 100_000) + "\n\nb\n"), unparsed: "header is larger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.raw, tt.lim)
			if err != nil {
				t.Fatal(err)
			}
			checkParsedInvariants(t, tt.name, p, tt.lim)
			if tt.unparsed == "" && p.Unparsed != "" {
				t.Fatalf("unexpected Unparsed %q", p.Unparsed)
			}
			if tt.unparsed != "" && !strings.Contains(p.Unparsed, tt.unparsed) {
				t.Fatalf("Unparsed %q, want it to say %q", p.Unparsed, tt.unparsed)
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
}

func TestParseRejectsNegativeLimits(t *testing.T) {
	if _, err := Parse([]byte(hostileHead), Limits{MaxParts: -1}); err == nil {
		t.Fatal("negative limit accepted")
	}
}
