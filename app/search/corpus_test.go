package search

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"parley/app/crm"
)

// The test-only corpus reader: net/mail plus the standard MIME packages,
// good enough to turn the shared Maildir into crm.Message values. The real
// importer (app/mail) is not used, so these tests exercise search alone.

// sharedDir finds ../shared from the module root.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test")
		}
		dir = parent
	}
}

// corpusMessage is a loaded message with its raw file.
type corpusMessage struct {
	msg  *crm.Message
	path string
	raw  []byte
}

var (
	corpusOnce sync.Once
	corpusMsgs []corpusMessage
	corpusErr  error
)

// loadCorpus reads every message of the public corpus once per test binary.
func loadCorpus(t testing.TB) []corpusMessage {
	t.Helper()
	root := filepath.Join(sharedDir(t), "corpus", "public")
	corpusOnce.Do(func() {
		paths, err := filepath.Glob(filepath.Join(root, ".*", "cur", "*"))
		if err != nil {
			corpusErr = err
			return
		}
		sort.Strings(paths)
		seen := map[crm.ID]bool{}
		for _, p := range paths {
			raw, err := os.ReadFile(p)
			if err != nil {
				corpusErr = err
				return
			}
			m, err := parseCorpusMessage(raw, filepath.Base(filepath.Dir(filepath.Dir(p))))
			if err != nil || seen[m.ID] {
				continue // a duplicate Message-ID or an unreadable file
			}
			seen[m.ID] = true
			corpusMsgs = append(corpusMsgs, corpusMessage{msg: m, path: p, raw: raw})
		}
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	if len(corpusMsgs) < 3000 {
		t.Fatalf("corpus: %d messages read, want about 3,035", len(corpusMsgs))
	}
	return corpusMsgs
}

var wordDecoder = mime.WordDecoder{CharsetReader: func(charset string, in io.Reader) (io.Reader, error) {
	if strings.EqualFold(charset, "iso-8859-1") || strings.EqualFold(charset, "windows-1252") {
		return charmap.Windows1252.NewDecoder().Reader(in), nil
	}
	return in, nil
}}

func decodeHeader(s string) string {
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		return d
	}
	return s
}

func parseCorpusMessage(raw []byte, folder string) (*crm.Message, error) {
	mm, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	h := mm.Header
	m := &crm.Message{
		MessageID: crm.NormalizeMessageID(h.Get("Message-ID")),
		Subject:   decodeHeader(h.Get("Subject")),
		Direction: crm.Inbound,
		History:   true,
		Sources:   []crm.Source{{MailAccount: "corpus", Folder: strings.TrimPrefix(folder, ".")}},
	}
	if m.MessageID != "" {
		m.ID = crm.MessageIDFor(m.MessageID)
	} else {
		m.ID = crm.MessageIDFromContent(h.Get("From"), time.Time{}, m.Subject, raw)
	}
	if d, err := mail.ParseDate(h.Get("Date")); err == nil {
		m.Date = d.UnixMilli()
	}
	addrs := func(key string) []crm.Address {
		list, err := (&mail.AddressParser{WordDecoder: &wordDecoder}).ParseList(h.Get(key))
		if err != nil {
			return nil
		}
		out := make([]crm.Address, len(list))
		for i, a := range list {
			out[i] = crm.Address{Name: a.Name, Address: crm.NormalizeAddress(a.Address)}
		}
		return out
	}
	if from := addrs("From"); len(from) > 0 {
		m.From = from[0]
	}
	m.To, m.Cc = addrs("To"), addrs("Cc")
	accounts := map[crm.ID]bool{}
	for _, a := range append(append([]crm.Address{m.From}, m.To...), m.Cc...) {
		if a.Address == "" {
			continue
		}
		m.ContactIDs = append(m.ContactIDs, crm.ContactIDFor(a.Address))
		if id := crm.AccountIDFor(registrable(a.Address)); !accounts[id] {
			accounts[id] = true
			m.AccountIDs = append(m.AccountIDs, id)
		}
	}
	text, atts := corpusBody(h.Get("Content-Type"), h.Get("Content-Transfer-Encoding"), mm.Body)
	m.Text = text
	m.Attachments = atts
	m.QuoteStart = quoteStart(text)
	return m, nil
}

// registrable is the last two labels of an address's domain: good enough
// for test accounts.
func registrable(addr string) string {
	_, d, _ := strings.Cut(addr, "@")
	labels := strings.Split(d, ".")
	if len(labels) > 2 {
		labels = labels[len(labels)-2:]
	}
	return strings.Join(labels, ".")
}

// corpusBody returns the first text/plain part (else text/html without
// tags) and the attachments' names.
func corpusBody(ctype, cte string, body io.Reader) (string, []crm.Attachment) {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		var text, html string
		var atts []crm.Attachment
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				break
			}
			pt := part.Header.Get("Content-Type")
			pmt, pparams, _ := mime.ParseMediaType(pt)
			if name := part.FileName(); name != "" || pparams["name"] != "" {
				if name == "" {
					name = pparams["name"]
				}
				atts = append(atts, crm.Attachment{Name: decodeHeader(name), ContentType: pmt})
				continue
			}
			sub, subAtts := corpusBody(pt, part.Header.Get("Content-Transfer-Encoding"), part)
			atts = append(atts, subAtts...)
			switch {
			case strings.HasPrefix(pmt, "multipart/") && text == "":
				text = sub
			case pmt == "text/plain" && text == "":
				text = sub
			case pmt == "text/html" && html == "":
				html = sub
			}
		}
		if text == "" {
			text = html
		}
		return text, atts
	}
	var r io.Reader = body
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &newlineSkipper{r: body})
	}
	b, _ := io.ReadAll(r)
	if cs := strings.ToLower(params["charset"]); cs == "iso-8859-1" || cs == "windows-1252" {
		if d, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
			b = d
		}
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if mt == "text/html" {
		s = htmlTags.ReplaceAllString(s, " ")
	} else if !strings.HasPrefix(mt, "text/") {
		return "", nil
	}
	return s, nil
}

var htmlTags = regexp.MustCompile(`(?s)<style.*?</style>|<[^>]*>`)

// newlineSkipper drops line breaks from base64 bodies.
type newlineSkipper struct{ r io.Reader }

func (n *newlineSkipper) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	j := 0
	for _, c := range p[:k] {
		if c != '\n' && c != '\r' {
			p[j] = c
			j++
		}
	}
	return j, err
}

// quoteStart is the offset of the first quoted line ("> ..."), moved back
// to an attribution line ("On ..., X wrote:") right above it.
func quoteStart(text string) int {
	off := 0
	prev := []int{} // starts of the non-blank lines before
	for line := range strings.SplitAfterSeq(text, "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, ">") {
			if n := len(prev); n > 0 && strings.HasSuffix(strings.TrimSpace(text[prev[n-1]:off]), "wrote:") {
				return prev[n-1]
			}
			return off
		}
		if trim != "" {
			prev = append(prev, off)
		}
		off += len(line)
	}
	return len(text)
}
