package demo

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"time"
)

// render writes m as an RFC 5322 message with CRLF line endings. inbound
// adds the trace headers a receiving server would.
func render(m *mail, inbound bool) []byte {
	var b bytes.Buffer
	if inbound {
		host := domainOf(m.from.addr)
		fmt.Fprintf(&b, "Return-Path: <%s>\r\n", m.from.addr)
		header(&b, "Received", fmt.Sprintf("from mx.%s (mx.%s [192.0.2.%d]) by mx.%s with ESMTPS id %s for <%s>; %s",
			host, host, 10+len(host)%200, vendorDomain, shortID(m.id), "sam@"+vendorDomain,
			m.at.Add(2*time.Second).In(time.UTC).Format(time.RFC1123Z)))
	}
	header(&b, "Date", m.at.In(m.from.zone()).Format(time.RFC1123Z))
	header(&b, "From", formatAddr(m.from))
	if len(m.to) > 0 {
		header(&b, "To", formatAddrs(m.to))
	}
	if len(m.cc) > 0 {
		header(&b, "Cc", formatAddrs(m.cc))
	}
	header(&b, "Subject", mime.QEncoding.Encode("utf-8", m.subject))
	header(&b, "Message-ID", "<"+m.id+">")
	if m.inReplyTo != "" {
		header(&b, "In-Reply-To", "<"+m.inReplyTo+">")
	}
	if len(m.references) > 0 {
		refs := make([]string, len(m.references))
		for i, r := range m.references {
			refs[i] = "<" + r + ">"
		}
		header(&b, "References", strings.Join(refs, " "))
	}
	for _, h := range m.headers {
		header(&b, h[0], h[1])
	}
	if m.from.company != nil && m.from.company.mailer != "" && !m.noSig {
		header(&b, "X-Mailer", m.from.company.mailer)
	}
	header(&b, "MIME-Version", "1.0")
	writeBody(&b, m)
	return b.Bytes()
}

func writeBody(b *bytes.Buffer, m *mail) {
	boundary := func(kind string) string { return "=_" + kind + "_" + shortID(m.id) }
	if len(m.attachments) == 0 {
		writeTextOrAlternative(b, m, boundary("alt"))
		return
	}
	mixed := boundary("mix")
	header(b, "Content-Type", `multipart/mixed; boundary="`+mixed+`"`)
	b.WriteString("\r\nThis is a multi-part message in MIME format.\r\n")
	b.WriteString("\r\n--" + mixed + "\r\n")
	writeTextOrAlternative(b, m, boundary("alt"))
	for _, a := range m.attachments {
		b.WriteString("\r\n--" + mixed + "\r\n")
		writeAttachment(b, a)
	}
	b.WriteString("\r\n--" + mixed + "--\r\n")
}

func writeTextOrAlternative(b *bytes.Buffer, m *mail, boundary string) {
	text := m.plainBody()
	if !m.html {
		writeQP(b, "text/plain", text)
		return
	}
	header(b, "Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n--" + boundary + "\r\n")
	writeQP(b, "text/plain", text)
	b.WriteString("\r\n--" + boundary + "\r\n")
	writeQP(b, "text/html", htmlBody(m))
	b.WriteString("\r\n--" + boundary + "--\r\n")
}

// writeQP writes a part's headers and its quoted-printable body; the
// encoder turns every line break into CRLF.
func writeQP(b *bytes.Buffer, contentType, body string) {
	header(b, "Content-Type", contentType+"; charset=utf-8")
	header(b, "Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	w := quotedprintable.NewWriter(b)
	w.Write([]byte(body))
	w.Close()
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
}

func writeAttachment(b *bytes.Buffer, a attachment) {
	if a.rfc822 {
		header(b, "Content-Type", "message/rfc822")
		header(b, "Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.name}))
		b.WriteString("\r\n")
		b.Write(a.data)
		return
	}
	header(b, "Content-Type", mime.FormatMediaType(a.contentType, map[string]string{"name": a.name}))
	header(b, "Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.name}))
	header(b, "Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString(a.data)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
}

// htmlBody renders the text like a desktop client would: paragraphs,
// signature, and the quote in a blockquote or under a rule.
func htmlBody(m *mail) string {
	var b strings.Builder
	b.WriteString("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head>\n")
	b.WriteString("<body><div style=\"font-family: Calibri, Arial, sans-serif; font-size: 11pt\">\n")
	b.WriteString(paragraphs(m.text))
	if !m.noSig {
		b.WriteString("<p style=\"color:#555\">" + strings.ReplaceAll(html.EscapeString(m.from.signature()), "\n", "<br>\n") + "</p>\n")
	}
	if m.quote != "" {
		if m.from.style == styleOutlook {
			b.WriteString("<hr style=\"display:inline-block;width:98%\">\n<div>")
		} else {
			b.WriteString("<blockquote style=\"margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex\">\n")
		}
		b.WriteString(strings.ReplaceAll(html.EscapeString(m.quote), "\n", "<br>\n"))
		if m.from.style == styleOutlook {
			b.WriteString("</div>\n")
		} else {
			b.WriteString("</blockquote>\n")
		}
	}
	b.WriteString("</div></body></html>\n")
	return b.String()
}

func paragraphs(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n") + "</p>\n")
	}
	return b.String()
}

// header writes one header field, folding long values at spaces so no line
// exceeds 78 characters where that is possible.
func header(b *bytes.Buffer, name, value string) {
	line := name + ":"
	width := len(line)
	for i, word := range strings.Split(value, " ") {
		if i > 0 && width+1+len(word) > 78 {
			b.WriteString(line + "\r\n")
			line, width = "", 0
		}
		line += " " + word
		width += 1 + len(word)
	}
	b.WriteString(line + "\r\n")
}

func formatAddr(p *person) string { return (&netmail.Address{Name: p.name, Address: p.addr}).String() }

func formatAddrs(ps []*person) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = formatAddr(p)
	}
	return strings.Join(s, ", ")
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return addr
}

func shortID(id string) string {
	if i := strings.IndexByte(id, '@'); i > 0 {
		id = id[:i]
	}
	if len(id) > 16 {
		id = id[:16]
	}
	return id
}
