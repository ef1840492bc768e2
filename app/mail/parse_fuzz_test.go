package mail

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "hostile", "*.eml"))
	for _, name := range files {
		if raw, err := os.ReadFile(name); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte(simpleHead + "\r\nHello\r\n"))
	f.Add(nestedMultipart(3))
	f.Add(manyParts(3))
	f.Add([]byte(hostileHead + "Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/html\n\n<p>x<blockquote>y</blockquote>\n--a--\n"))
	f.Add([]byte(hostileHead + "Content-Type: text/plain; format=flowed; delsp=yes\n\na \nb\n> c \n>> d\n-- \n"))
	f.Add([]byte(smimeMessage(signedData([]byte("Content-Type: text/plain\r\n\r\nsigned"), true))))
	f.Fuzz(func(t *testing.T, raw []byte) {
		lim := Limits{MaxTextBytes: 4096, MaxAttachmentBytes: 1024, MaxParts: 50, MaxDepth: 8}
		p, err := Parse(raw, lim)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(p.Unparsed, "parser error") {
			t.Fatalf("the parser panicked: %s", p.Unparsed)
		}
		checkParsedInvariants(t, "fuzz", p, lim)
		again, _ := Parse(raw, lim)
		again.Digest() // made on first use, as the invariants made p's
		if !reflect.DeepEqual(p, again) {
			t.Fatal("parsing twice gave different results")
		}
		m := p.ThreadMsg()
		if m.Key == "" {
			t.Fatal("no thread key")
		}
		for _, a := range Ancestors(m.Key, m.References, m.InReplyTo) {
			if a == m.Key || a == "" {
				t.Fatalf("ancestors of %q hold %q", m.Key, a)
			}
		}
	})
}

// fuzzThreadMsgs builds up to 64 messages from bytes: 4 bytes each pick a
// key, a reference, an In-Reply-To and a subject/participant/date variant,
// so links, cycles, self-references and subject joins all occur.
func fuzzThreadMsgs(data []byte) []ThreadMsg {
	id := func(b byte) string { return string(rune('a'+b%16)) + "@x" }
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	var out []ThreadMsg
	for len(data) >= 4 && len(out) < 64 {
		b := data[:4]
		data = data[4:]
		m := ThreadMsg{Key: id(b[0])}
		if seen[m.Key] {
			continue
		}
		seen[m.Key] = true
		if b[1]%17 != 16 {
			m.References = []string{id(b[1]), id(b[1] / 17)}
		}
		if b[2]%17 != 16 {
			m.InReplyTo = id(b[2])
		}
		subjects := []string{"Offer", "Re: Offer", "Fwd: offer", "Status", ""}
		m.Subject = subjects[int(b[3])%len(subjects)]
		m.Participants = []string{[]string{"jane@acme.com", "bob@acme.com", "rep@me.com"}[int(b[3]/5)%3]}
		m.Date = base.Add(time.Duration(b[3]/15) * 6 * 24 * time.Hour)
		out = append(out, m)
	}
	return out
}

func FuzzThread(f *testing.F) {
	f.Add([]byte{0, 16, 16, 0, 1, 0, 0, 1, 2, 1, 1, 2})
	f.Add([]byte{1, 2, 2, 1, 2, 1, 1, 1, 3, 3, 3, 0})
	f.Add([]byte{5, 16, 16, 4, 6, 16, 16, 1, 7, 16, 16, 200})
	f.Fuzz(func(t *testing.T, data []byte) {
		msgs := fuzzThreadMsgs(data)
		if len(msgs) == 0 {
			return
		}
		forward := threadCorpus(t, msgs)
		reversed := make([]ThreadMsg, len(msgs))
		for i, m := range msgs {
			reversed[len(msgs)-1-i] = m
		}
		backward := threadCorpus(t, reversed)
		for k, id := range forward {
			if backward[k] != id {
				t.Fatalf("%s: thread %s forward, %s backward", k, id, backward[k])
			}
		}
		for _, m := range msgs {
			if m.InReplyTo != "" && m.InReplyTo != m.Key {
				if parent, ok := forward[m.InReplyTo]; ok && parent != forward[m.Key] {
					t.Fatalf("%s not in its parent %s's thread", m.Key, m.InReplyTo)
				}
			}
		}
	})
}

func BenchmarkParseCorpus(b *testing.B) {
	msgs := loadParseCorpus(b)
	var total int64
	for _, m := range msgs {
		total += int64(len(m.raw))
	}
	b.SetBytes(total / int64(len(msgs)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if _, err := Parse(msgs[n%len(msgs)].raw, Limits{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}
