package mail

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"parley/app/crm"
)

func mustParse(t *testing.T, raw string) *Parsed {
	t.Helper()
	p, err := Parse([]byte(raw), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkParsedInvariants(t, "message", p, Limits{})
	if p.Unparsed != "" {
		t.Fatalf("unparsed: %s", p.Unparsed)
	}
	return p
}

const simpleHead = "From: \"Doe, Jane\" <Jane.Doe@Acme.example>\r\nTo: rep@parley.example, =?utf-8?q?J=C3=BCrgen?= <jurgen@acme.example>\r\n" +
	"Cc: boss@acme.example\r\nReply-To: sales@acme.example\r\nMessage-ID: <ABC.123@MAIL.Acme.example>\r\n" +
	"In-Reply-To: <parent@acme.example> (message from Rep)\r\nReferences: <root@acme.example>\r\n\t<parent@acme.example>\r\n" +
	"Date: Mon, 3 Feb 2025 10:00:00 +0100\r\nSubject: =?iso-8859-1?q?Re=3A_Angebot_f=FCr?= 20 radios\r\n"

func TestParseHeaders(t *testing.T) {
	p := mustParse(t, simpleHead+"\r\nHello\r\n")
	if p.MessageID != "ABC.123@mail.acme.example" {
		t.Errorf("MessageID %q", p.MessageID)
	}
	if p.InReplyTo != "parent@acme.example" {
		t.Errorf("InReplyTo %q", p.InReplyTo)
	}
	if strings.Join(p.References, " ") != "root@acme.example parent@acme.example" {
		t.Errorf("References %v", p.References)
	}
	if p.From != (crm.Address{Name: "Doe, Jane", Address: "jane.doe@acme.example"}) {
		t.Errorf("From %+v", p.From)
	}
	if len(p.To) != 2 || p.To[1] != (crm.Address{Name: "Jürgen", Address: "jurgen@acme.example"}) {
		t.Errorf("To %+v", p.To)
	}
	if len(p.Cc) != 1 || len(p.ReplyTo) != 1 || p.ReplyTo[0].Address != "sales@acme.example" {
		t.Errorf("Cc %+v ReplyTo %+v", p.Cc, p.ReplyTo)
	}
	if p.Subject != "Re: Angebot für 20 radios" {
		t.Errorf("Subject %q", p.Subject)
	}
	if want := time.Date(2025, 2, 3, 9, 0, 0, 0, time.UTC); !p.Date.Equal(want) || p.DateSource != DateFromHeader {
		t.Errorf("Date %v %s", p.Date, p.DateSource)
	}
	if p.Text != "Hello" || p.QuoteStart != len(p.Text) {
		t.Errorf("Text %q QuoteStart %d", p.Text, p.QuoteStart)
	}
	if p.Author() != p.From {
		t.Errorf("Author %+v differs from an unrewritten From", p.Author())
	}
	if p.ID() != crm.MessageIDFor("<ABC.123@mail.acme.example>") {
		t.Errorf("ID %s", p.ID())
	}
}

func TestParseLenientAddresses(t *testing.T) {
	tests := []struct {
		in   string
		want []crm.Address
	}{
		{"John Q. Public <jqp@x.example>", []crm.Address{{Name: "John Q. Public", Address: "jqp@x.example"}}},
		{"a@x.example (Alice A), <b@x.example>", []crm.Address{{Name: "Alice A", Address: "a@x.example"}, {Address: "b@x.example"}}},
		{"undisclosed-recipients:;", nil},
		{"Broken <c@x.example, d@x.example", []crm.Address{{Name: "Broken", Address: "c@x.example"}, {Address: "d@x.example"}}},
		{"\"Quoted, Name\" <e@x.example>; f@x.example", []crm.Address{{Name: "Quoted, Name", Address: "e@x.example"}, {Address: "f@x.example"}}},
		{"no address here", nil},
	}
	for _, tt := range tests {
		got := parseAddressList(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("parseAddressList(%q) = %+v, want %+v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("parseAddressList(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func TestParseDates(t *testing.T) {
	tests := []struct {
		name, head string
		want       time.Time
		source     DateSource
	}{
		{"RFC 5322", "Date: Tue, 4 Feb 2025 08:00:00 -0500\n", time.Date(2025, 2, 4, 13, 0, 0, 0, time.UTC), DateFromHeader},
		{"comment and no weekday", "Date: 4 Feb 2025 08:00:00 +0000 (UTC)\n", time.Date(2025, 2, 4, 8, 0, 0, 0, time.UTC), DateFromHeader},
		{"asctime", "Date: Tue Feb  4 08:00:00 2025\n", time.Date(2025, 2, 4, 8, 0, 0, 0, time.UTC), DateFromHeader},
		{"missing, Received stands in", "Received: from a by b; Wed, 5 Feb 2025 12:00:00 +0000\n", time.Date(2025, 2, 5, 12, 0, 0, 0, time.UTC), DateFromReceived},
		{"far future, Received stands in", "Received: from a by b; Wed, 5 Feb 2025 12:00:00 +0000\nDate: Fri, 1 Jan 2038 00:00:00 +0000\n", time.Date(2025, 2, 5, 12, 0, 0, 0, time.UTC), DateFromReceived},
		{"1970, Received stands in", "Received: from a by b; Wed, 5 Feb 2025 12:00:00 +0000\nDate: Thu, 1 Jan 1970 00:00:00 +0000\n", time.Date(2025, 2, 5, 12, 0, 0, 0, time.UTC), DateFromReceived},
		{"newest Received wins", "Received: from c by d; Wed, 5 Feb 2025 12:00:00 +0000\nReceived: from a by c; Wed, 5 Feb 2025 11:59:00 +0000\n", time.Date(2025, 2, 5, 12, 0, 0, 0, time.UTC), DateFromReceived},
		{"none at all", "X-Nothing: here\n", time.Time{}, DateMissing},
	}
	for _, tt := range tests {
		p := mustParse(t, "From: a@x.example\n"+tt.head+"\nbody\n")
		if !p.Date.Equal(tt.want) || p.DateSource != tt.source {
			t.Errorf("%s: date %v from %s, want %v from %s", tt.name, p.Date, p.DateSource, tt.want, tt.source)
		}
	}
}

func TestParseBodies(t *testing.T) {
	const head = "From: a@x.example\nMessage-ID: <m@x.example>\nDate: Mon, 3 Feb 2025 10:00:00 +0000\nSubject: s\n"
	tests := []struct {
		name  string
		raw   string
		text  string
		atts  []crm.Attachment
		check func(t *testing.T, p *Parsed)
	}{
		{name: "alternative prefers plain",
			raw:  head + "Content-Type: multipart/alternative; boundary=alt\n\n--alt\nContent-Type: text/html\n\n<p>html version</p>\n--alt\nContent-Type: text/plain\n\nplain version\n--alt--\n",
			text: "plain version"},
		{name: "HTML only is converted",
			raw:  head + "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n<p>Hello <b>there</b></p><p>Line=\n two</p>\n",
			text: "Hello there\n\nLine two"},
		{name: "alternative with empty plain falls back to HTML",
			raw:  head + "Content-Type: multipart/alternative; boundary=alt\n\n--alt\nContent-Type: text/plain\n\n \n--alt\nContent-Type: text/html\n\n<p>only here</p>\n--alt--\n",
			text: "only here"},
		{name: "mixed: body, list footer and attachments",
			raw: head + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: multipart/alternative; boundary=alt\n\n--alt\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9 order\n--alt\nContent-Type: text/html\n\n<p>x</p>\n--alt--\n" +
				"--m\nContent-Type: application/pdf; name=\"quote.pdf\"\nContent-Disposition: attachment\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n" +
				"--m\nContent-Type: text/plain\nContent-Disposition: inline; filename=log.txt\n\nlog line\n" +
				"--m\nContent-Type: text/plain\n\n_______________________________________________\nL mailing list -- l@x.example\n--m--\n",
			text: "Café order\n\n_______________________________________________\nL mailing list -- l@x.example",
			atts: []crm.Attachment{{Name: "quote.pdf", ContentType: "application/pdf", Size: 5, Kept: true}, {Name: "log.txt", ContentType: "text/plain", Size: 8, Kept: true}},
			check: func(t *testing.T, p *Parsed) {
				if p.Text[:p.QuoteStart] != "Café order\n\n" {
					t.Fatalf("the list footer is not cut: %q", p.Text[:p.QuoteStart])
				}
				if string(p.Attachments[0].Content) != "%PDF-" {
					t.Fatalf("content %q", p.Attachments[0].Content)
				}
			}},
		{name: "related images and signatures are no attachments",
			raw: head + "Content-Type: multipart/signed; boundary=s\n\n--s\nContent-Type: multipart/related; boundary=r\n\n--r\nContent-Type: text/html\n\n<p>logo below</p>\n--r\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\niVBORw0=\n--r--\n" +
				"--s\nContent-Type: application/pgp-signature; name=signature.asc\n\n-----BEGIN PGP SIGNATURE-----\n--s--\n",
			text: "logo below"},
		{name: "forwarded message is an attachment",
			raw:  head + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nsee below\n--m\nContent-Type: message/rfc822\n\nFrom: b@y.example\nSubject: inner\n\ninner body\n--m--\n",
			text: "see below",
			atts: []crm.Attachment{{Name: "forwarded message.eml", ContentType: "message/rfc822", Size: 44, Kept: true}}},
		{name: "format=flowed",
			raw:  head + "Content-Type: text/plain; format=flowed; delsp=no\n\nThis is one \nparagraph.\n> quoted \n> line\n-- \nsig\n",
			text: "This is one paragraph.\n> quoted line\n-- \nsig"},
		{name: "KOI8-R through the charset package",
			raw:  head + "Content-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: 8bit\n\n\xf0\xd2\xc9\xd7\xc5\xd4\n",
			text: "Привет"},
		{name: "Shift_JIS base64",
			raw:  head + "Content-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: base64\n\ngrGC8YLJgr+CzQ==\n",
			text: "こんにちは"},
		{name: "unlabelled 8-bit is Windows-1252",
			raw:  head + "\nSmart \x93quotes\x94 and caf\xe9\n",
			text: "Smart “quotes” and café"},
		{name: "CRLF becomes LF",
			raw:  strings.ReplaceAll(head+"\nline one\nline two\n", "\n", "\r\n"),
			text: "line one\nline two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.raw)
			if p.Text != tt.text {
				t.Fatalf("text\n got %q\nwant %q", p.Text, tt.text)
			}
			if len(p.Attachments) != len(tt.atts) {
				t.Fatalf("attachments %+v, want %+v", p.Attachments, tt.atts)
			}
			for i, a := range tt.atts {
				if p.Attachments[i].Attachment != a {
					t.Fatalf("attachment %d: %+v, want %+v", i, p.Attachments[i].Attachment, a)
				}
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
}

func TestParseListRewrittenAuthors(t *testing.T) {
	const list = "List-Id: \"Support list\" <usrp-users.lists.ettus.com>\nList-Post: <mailto:usrp-users@lists.ettus.com>\nPrecedence: list\nList-Unsubscribe: <mailto:usrp-users-leave@lists.ettus.com>\n"
	tests := []struct {
		name, head string
		want       crm.Address
	}{
		{"Reply-To names the person", "From: Jane Doe via usrp-users <usrp-users@lists.ettus.com>\nReply-To: Jane Doe <jane@acme.example>\n" + list,
			crm.Address{Name: "Jane Doe", Address: "jane@acme.example"}},
		{"Reply-To without a name keeps the list's display name", "From: \"Anderseck, Martin via USRP-users\" <usrp-users@lists.ettus.com>\nReply-To: martin.anderseck@acme.example\n" + list,
			crm.Address{Name: "Anderseck, Martin", Address: "martin.anderseck@acme.example"}},
		{"dashes in the display name dropped", "From: \"jane.doe--- via USRP-users\" <usrp-users@lists.ettus.com>\nReply-To: jane.doe@acme.example\n" + list,
			crm.Address{Name: "jane.doe", Address: "jane.doe@acme.example"}},
		{"X-Original-From wins", "From: Jane via g <g@groups.example>\nX-Original-From: Jane Doe <jane@acme.example>\nReply-To: g@groups.example\n",
			crm.Address{Name: "Jane Doe", Address: "jane@acme.example"}},
		{"Reply-To of the list itself is no author", "From: Jane via usrp-users <usrp-users@lists.ettus.com>\nReply-To: usrp-users@lists.ettus.com\n" + list,
			crm.Address{Name: "Jane via usrp-users", Address: "usrp-users@lists.ettus.com"}},
		{"ordinary list mail with Reply-To keeps From", "From: Bob <bob@acme.example>\nReply-To: support@acme.example\n" + list,
			crm.Address{Name: "Bob", Address: "bob@acme.example"}},
	}
	for _, tt := range tests {
		p := mustParse(t, tt.head+"Message-ID: <x@y>\n\nbody\n")
		if got := p.Author(); got != tt.want {
			t.Errorf("%s: Author %+v, want %+v", tt.name, got, tt.want)
		}
		f := p.Facts()
		if f.Author != p.Author() || f.ListID != p.ListID || f.IsReply {
			t.Errorf("%s: facts %+v", tt.name, f)
		}
	}
	p := mustParse(t, "From: Jane via usrp-users <usrp-users@lists.ettus.com>\nReply-To: Jane <jane@acme.example>\nTo: rep@parley.example\nIn-Reply-To: <p@x>\n"+list+"\nb\n")
	f := p.Facts()
	if f.ListAddress != "usrp-users@lists.ettus.com" || !f.HasListPost || !f.ListUnsubscribe || f.Precedence != "list" || !f.IsReply {
		t.Errorf("facts %+v", f)
	}
	if m := p.ThreadMsg(); strings.Join(m.Participants, ",") != "jane@acme.example,rep@parley.example" {
		t.Errorf("thread participants %v: want the author, not the list", m.Participants)
	}
}

func TestParseContentIDIsStableAcrossLineEndings(t *testing.T) {
	lf := "From: a@x.example\nDate: Mon, 3 Feb 2025 10:00:00 +0000\nSubject: no id\n\nline one\nline two\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	a, b := mustParse(t, lf), mustParse(t, crlf)
	if a.ID() != b.ID() || !bytes.Equal(a.Digest(), b.Digest()) {
		t.Fatalf("LF and CRLF copies got ids %s and %s", a.ID(), b.ID())
	}
	c := mustParse(t, strings.Replace(lf, "line two", "line 2", 1))
	if c.ID() == a.ID() {
		t.Fatal("a different body got the same id")
	}
	if a.ThreadMsg().Key != ContentKey(a.ID()) {
		t.Fatalf("thread key %q", a.ThreadMsg().Key)
	}
}

func TestParseRecoversPanics(t *testing.T) {
	parseHook = func(raw []byte) {
		if bytes.Contains(raw, []byte("boom")) {
			panic("boom")
		}
	}
	defer func() { parseHook = nil }()
	p, err := Parse([]byte("From: a@x.example\nSubject: boom\n\nbody\n"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Unparsed, "could not be read") || p.QuoteStart != len(p.Text) {
		t.Fatalf("panic not turned into a reason: %+v", p)
	}
}

func TestParseMessage(t *testing.T) {
	p := mustParse(t, simpleHead+"Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nHi\n\nOn Mon, Rep wrote:\n> old\n--m\nContent-Type: application/pdf; name=a.pdf\n\nxx\n--m--\n")
	m := p.Message()
	if m.ID != p.ID() || m.MessageID != p.MessageID || m.From != p.Author() || m.Subject != p.Subject ||
		m.Date != p.Date.UnixMilli() || m.Text != p.Text || m.QuoteStart != p.QuoteStart || len(m.References) != 2 {
		t.Fatalf("message %+v", m)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "a.pdf" || !m.Attachments[0].Kept {
		t.Fatalf("attachments %+v", m.Attachments)
	}
	if m.Text[:m.QuoteStart] != "Hi\n\n" {
		t.Fatalf("new part %q", m.Text[:m.QuoteStart])
	}
}

func TestParseConcurrentMatchesSequential(t *testing.T) {
	msgs := loadParseCorpus(t)[:300]
	want := make([]*Parsed, len(msgs))
	for i, m := range msgs {
		want[i], _ = Parse(m.raw, Limits{})
	}
	got := make([]*Parsed, len(msgs))
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := w; i < len(msgs); i += 4 {
				got[i], _ = Parse(msgs[i].raw, Limits{})
			}
		}()
	}
	for range 4 {
		<-done
	}
	for i := range msgs {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("%s parsed differently in parallel", msgs[i].path)
		}
	}
}
