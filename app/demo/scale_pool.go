package demo

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// scalePools is text generated once per GenerateScale run and then sliced
// for every message, so that producing hundreds of thousands of messages
// costs little more than copying bytes.
type scalePools struct {
	text   []byte // wrapped prose, CRLF line ends; lineStarts indexes it
	lines  []int
	base64 []byte // base64 of random bytes, 76 columns, CRLF
	people []*person
	subj   []string
}

const (
	textPoolSize   = 1 << 20
	base64PoolSize = 600 << 10 // raw bytes; encoded it is ~800 KiB
	base64LineLen  = 78        // 76 characters and CRLF
)

func newScalePools(r *rand.Rand, nPeople int) *scalePools {
	p := &scalePools{}
	var text bytes.Buffer
	for text.Len() < textPoolSize {
		para := paragraphOf(r, 2+r.IntN(5))
		for _, line := range strings.Split(para, "\n") {
			p.lines = append(p.lines, text.Len())
			text.WriteString(line)
			text.WriteString("\r\n")
		}
		p.lines = append(p.lines, text.Len())
		text.WriteString("\r\n")
	}
	p.text = text.Bytes()

	raw := make([]byte, base64PoolSize)
	for i := range raw {
		raw[i] = byte(r.Uint32())
	}
	enc := base64.StdEncoding.EncodeToString(raw)
	var b64 bytes.Buffer
	for len(enc) >= 76 {
		b64.WriteString(enc[:76])
		b64.WriteString("\r\n")
		enc = enc[76:]
	}
	p.base64 = b64.Bytes()

	p.people = scalePeople(r, nPeople)
	for i := 0; i < 2000; i++ {
		p.subj = append(p.subj, scaleSubject(r))
	}
	return p
}

// textSpan returns about n bytes of whole lines starting at a random line.
func (p *scalePools) textSpan(r *rand.Rand, n int) []byte {
	if n <= 0 {
		return nil
	}
	if n > len(p.text)/2 {
		n = len(p.text) / 2
	}
	start := p.lines[r.IntN(len(p.lines)/2)]
	end := start + n
	// Extend to the end of the line so the span ends in CRLF.
	if i := bytes.Index(p.text[end:], []byte("\r\n")); i >= 0 {
		end += i + 2
	}
	return p.text[start:end]
}

// base64Span returns about n bytes of base64 lines.
func (p *scalePools) base64Span(r *rand.Rand, n int) []byte {
	lines := n/base64LineLen + 1
	total := len(p.base64) / base64LineLen
	if lines > total {
		lines = total
	}
	start := r.IntN(total-lines+1) * base64LineLen
	return p.base64[start : start+lines*base64LineLen]
}

var (
	scaleFirst = []string{"Alex", "Maria", "Chen", "Fatima", "Jonas", "Aiko", "Luca", "Noor", "Pavel", "Grace", "Diego", "Ines",
		"Kwame", "Sofia", "Ravi", "Elena", "Omar", "Hana", "Tomás", "Ingrid", "Marek", "Leila", "Björn", "Amara"}
	scaleLast = []string{"Adler", "Bauer", "Castillo", "Dubois", "Eriksen", "Fontaine", "Garcia", "Haddad", "Ivanova", "Jansen",
		"Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Weber", "Young"}
	scaleWordA = []string{"North", "Blue", "Iron", "Silver", "Granite", "Maple", "Harbor", "Summit", "Prairie", "Coastal", "Red", "Pioneer"}
	scaleWordB = []string{"Foods", "Logistics", "Health", "Metals", "Labs", "Energy", "Brewing", "Farms", "Robotics", "Plastics", "Freight", "Water"}
	scaleTitle = []string{"Plant Manager", "Buyer", "Maintenance Lead", "Engineer", "Director of Operations", "Quality Manager", "IT Manager", ""}
)

// scalePeople invents customer people in companies of 1-8 people on
// numbered fictional domains; a few use free mail.
func scalePeople(r *rand.Rand, n int) []*person {
	var out []*person
	zones := []int{-8, -7, -6, -5, 0, 1, 2, 9}
	for co := 0; len(out) < n; co++ {
		name := scaleWordA[r.IntN(len(scaleWordA))] + " " + scaleWordB[r.IntN(len(scaleWordB))]
		domain := fmt.Sprintf("%s%d.test", strings.ToLower(strings.ReplaceAll(name, " ", "-")), co)
		c := &company{name: name, domains: []string{domain}, zone: time.FixedZone("", zones[r.IntN(len(zones))]*3600), mailer: "Microsoft Outlook 16.0"}
		size := 1 + r.IntN(8)
		for i := 0; i < size && len(out) < n; i++ {
			first, last := scaleFirst[r.IntN(len(scaleFirst))], scaleLast[r.IntN(len(scaleLast))]
			addr := strings.ToLower(asciiOnly(first)+"."+asciiOnly(last)) + "@" + domain
			if r.IntN(20) == 0 {
				addr = fmt.Sprintf("%s%d@%s", strings.ToLower(asciiOnly(first)), r.IntN(1000), FreeMailDomains()[r.IntN(3)])
			}
			style := styleGmail
			if r.IntN(2) == 0 {
				style = styleOutlook
			}
			out = append(out, &person{name: first + " " + last, addr: addr, title: scaleTitle[r.IntN(len(scaleTitle))], company: c, style: style})
		}
	}
	return out
}

func asciiOnly(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c < 128 {
			b.WriteRune(c)
		} else {
			b.WriteByte('x')
		}
	}
	return b.String()
}

func scaleSubject(r *rand.Rand) string {
	s := sentenceObjects[r.IntN(len(sentenceObjects))] + " " + sentenceTails[r.IntN(len(sentenceTails))]
	return strings.ToUpper(s[:1]) + s[1:]
}
