package mail

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"
	"sync"

	"github.com/emersion/go-message/textproto"

	"parley/app/crm"
)

// partInfo is what the walker needs from one part's header.
type partInfo struct {
	mediaType   string // lower-case; text/plain when missing
	params      map[string]string
	encoding    string // lower-case Content-Transfer-Encoding
	disposition string // lower-case: "inline", "attachment" or ""
	filename    string
	contentID   bool
}

func partInfoFrom(contentType, encoding, disposition string, contentID bool) partInfo {
	pi := partInfo{mediaType: "text/plain", contentID: contentID}
	if ct := strings.TrimSpace(contentType); ct != "" {
		mt, params := parseMediaType(ct)
		if strings.Contains(mt, "/") {
			pi.mediaType, pi.params = mt, params
		}
	}
	pi.encoding = strings.ToLower(strings.TrimSpace(encoding))
	var dparams map[string]string
	if disposition = strings.TrimSpace(disposition); disposition != "" {
		pi.disposition, dparams = parseMediaType(disposition)
	}
	name := dparams["filename"]
	if name == "" {
		name = pi.params["name"]
	}
	pi.filename = cleanFilename(name)
	return pi
}

// parseMediaType parses a Content-Type or Content-Disposition value with
// RFC 2231 parameters; when the standard parser rejects the parameters it
// still returns the type and the parameters it can pick out by hand.
func parseMediaType(v string) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(v)
	if err == nil {
		return mt, params
	}
	semi := strings.IndexByte(v, ';')
	if semi < 0 {
		return strings.ToLower(strings.TrimSpace(v)), nil
	}
	params = map[string]string{}
	for _, kv := range strings.Split(v[semi+1:], ";") {
		k, val, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		val = strings.Trim(strings.TrimSpace(val), "\"")
		if _, dup := params[k]; !dup && k != "" {
			params[k] = val
		}
	}
	return strings.ToLower(strings.TrimSpace(v[:semi])), params
}

func cleanFilename(name string) string {
	if name == "" {
		return ""
	}
	name = decodeText(name)
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	if name == "." || name == "/" {
		return ""
	}
	if len(name) > 255 {
		name = name[:255]
		for len(name) > 0 && !isRuneStart(name[len(name)-1]) {
			name = name[:len(name)-1]
		}
		name = strings.ToValidUTF8(name, "")
	}
	return name
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// byteSource is the top-level body: an io.Reader the walker can also take
// as a slice without copying.
type byteSource struct {
	b   []byte
	off int
}

func (s *byteSource) Read(p []byte) (int, error) {
	if s.off >= len(s.b) {
		return 0, io.EOF
	}
	n := copy(p, s.b[s.off:])
	s.off += n
	return n, nil
}

// textPiece is the text one body part contributed.
// An HTML part's text is made only when it is needed: in an alternative
// the plain part usually wins, and turning HTML into text was a fifth
// of parsing.
type textPiece struct {
	html bool
	text string
	src  string // HTML not yet turned into text
}

// plain returns the piece's text, making it from the HTML first.
func (p *textPiece) plain() string {
	if p.src != "" {
		p.text, p.src = htmlToText(p.src), ""
	}
	return p.text
}

// walker walks a MIME tree once, enforcing Limits.
type walker struct {
	p             *Parsed
	lim           Limits
	parts         int
	headerBytes   int
	textBudget    int // raw text bytes still allowed to be read
	textTruncated bool
	stop          string // a limit was broken: the reason, in words
	structErr     string // first structural error seen
	scratch       []byte // reused for reading parts
}

// scratchPool recycles part buffers between messages; Parse runs at
// thousands of messages a second and most parts fit in a few KiB.
var scratchPool = sync.Pool{New: func() any { return new([]byte) }}

func newWalker(p *Parsed, lim Limits, topHeaderBytes int) *walker {
	buf := scratchPool.Get().(*[]byte)
	return &walker{p: p, lim: lim, headerBytes: topHeaderBytes, textBudget: 4 * lim.MaxTextBytes, scratch: *buf}
}

// release returns the scratch buffer to the pool; huge ones are dropped so
// one odd message does not pin memory.
func (w *walker) release() {
	if cap(w.scratch) <= 1<<20 {
		buf := w.scratch[:0]
		scratchPool.Put(&buf)
	}
	w.scratch = nil
}

func (w *walker) entity(pi partInfo, body io.Reader, depth int, parent string) []textPiece {
	if w.stop != "" {
		return nil
	}
	w.parts++
	if w.parts > w.lim.MaxParts {
		w.stop = fmt.Sprintf("the message has more than %d MIME parts", w.lim.MaxParts)
		return nil
	}
	if depth > w.lim.MaxDepth {
		w.stop = fmt.Sprintf("the message's MIME parts are nested more than %d levels deep", w.lim.MaxDepth)
		return nil
	}
	if strings.HasPrefix(pi.mediaType, "multipart/") {
		if b := pi.params["boundary"]; b != "" {
			return w.multipart(pi, b, body, depth)
		}
		pi.mediaType = "text/plain" // no boundary: show the body as it is
	}
	return w.leaf(pi, body, parent, depth)
}

func (w *walker) multipart(pi partInfo, boundary string, body io.Reader, depth int) []textPiece {
	mr := textproto.NewMultipartReader(body, boundary)
	alternative := pi.mediaType == "multipart/alternative"
	var pieces []textPiece
	var alts [][]textPiece
	n := 0
	for w.stop == "" {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A missing closing boundary after some parts is common
			// (truncated mail) and loses nothing; record anything else.
			if n == 0 && w.structErr == "" {
				w.structErr = err.Error()
			}
			break
		}
		n++
		if w.countHeader(part.Header) {
			break
		}
		child := partInfoFrom(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"),
			part.Header.Get("Content-Disposition"), part.Header.Has("Content-Id"))
		if pi.mediaType == "multipart/digest" && part.Header.Get("Content-Type") == "" {
			child.mediaType = "message/rfc822"
		}
		got := w.entity(child, part, depth+1, pi.mediaType)
		if alternative {
			alts = append(alts, got)
		} else {
			pieces = append(pieces, got...)
		}
	}
	if alternative {
		return chooseAlternative(alts)
	}
	return pieces
}

// countHeader adds a part header to the header budget and reports whether
// the budget is now exceeded.
func (w *walker) countHeader(h textproto.Header) bool {
	fields := h.Fields()
	for fields.Next() {
		w.headerBytes += len(fields.Key()) + len(fields.Value()) + 4
	}
	if w.headerBytes > w.lim.MaxHeaderBytes {
		w.stop = fmt.Sprintf("the message's headers are larger than %s", sizeText(int64(w.lim.MaxHeaderBytes)))
		return true
	}
	return false
}

// chooseAlternative prefers the first alternative with plain text, then the
// first with HTML, then whatever came.
func chooseAlternative(alts [][]textPiece) []textPiece {
	for _, wantHTML := range []bool{false, true} {
		for _, a := range alts {
			for i := range a {
				if a[i].html == wantHTML && strings.TrimSpace(a[i].plain()) != "" {
					return a
				}
			}
		}
	}
	for _, a := range alts {
		if len(a) > 0 {
			return a
		}
	}
	return nil
}

func isPlainType(mt string) bool {
	switch mt {
	case "text/plain", "text/markdown", "text/enriched", "text/x-diff", "text/x-patch", "text/x-log":
		return true
	}
	return false
}

func isSignatureType(mt string) bool {
	switch mt {
	case "application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature":
		return true
	}
	return false
}

func (w *walker) leaf(pi partInfo, body io.Reader, parent string, depth int) []textPiece {
	attached := pi.disposition == "attachment" || pi.filename != ""
	switch {
	case !attached && (isPlainType(pi.mediaType) || pi.mediaType == "text/html"):
		return w.text(pi, body)
	case isSignatureType(pi.mediaType):
		return nil // a signature is no attachment a person sent
	case isSMIME(pi):
		pieces, _ := w.smime(pi, body, depth)
		return pieces
	case parent == "multipart/related" && pi.contentID && pi.disposition != "attachment" && pi.filename == "":
		return nil // an image the HTML shows inline (logos, signatures)
	}
	w.attachment(pi, body)
	return nil
}

func isSMIME(pi partInfo) bool {
	switch pi.mediaType {
	case "application/pkcs7-mime", "application/x-pkcs7-mime":
		st := strings.ToLower(pi.params["smime-type"])
		return st == "signed-data" || (st == "" && strings.HasSuffix(strings.ToLower(pi.filename), ".p7m"))
	}
	return false
}

// smime unwraps an opaque-signed part and walks the entity inside as a
// child; a blob that is not signed data (encrypted, damaged, too large) is
// kept as an attachment instead. ok reports whether it was unwrapped.
func (w *walker) smime(pi partInfo, body io.Reader, depth int) (pieces []textPiece, ok bool) {
	limit := int(min(w.lim.MaxAttachmentBytes*3+4096, 1<<40))
	raw, over := w.readLimited(body, limit)
	decoded := decodeTransfer(pi.encoding, raw)
	if len(decoded) > 0 && len(raw) > 0 && &decoded[0] == &raw[0] {
		decoded = bytes.Clone(decoded) // the walk below reuses the scratch buffer
	}
	if !over {
		if inner, ok := smimeSignedContent(decoded); ok {
			if h, br, ok := smimeEntity(inner); ok && !w.countHeader(h) {
				child := partInfoFrom(h.Get("Content-Type"), h.Get("Content-Transfer-Encoding"),
					h.Get("Content-Disposition"), h.Has("Content-Id"))
				return w.entity(child, br, depth+1, pi.mediaType), true
			}
		}
	}
	a := Attachment{Attachment: crm.Attachment{Name: pi.filename, ContentType: pi.mediaType, Size: int64(len(decoded))}}
	if over {
		a.Size = estimateDecodedSize(pi.encoding, int64(len(raw)))
	} else if a.Size <= w.lim.MaxAttachmentBytes {
		a.Kept, a.Content = true, decoded
	}
	w.p.Attachments = append(w.p.Attachments, a)
	return nil, false
}

func (w *walker) text(pi partInfo, body io.Reader) []textPiece {
	if w.textBudget <= 0 {
		w.textTruncated = true
		return nil
	}
	raw, over := w.readLimited(body, w.textBudget)
	if over {
		w.textTruncated = true
	}
	w.textBudget -= len(raw)
	decoded := decodeTransfer(pi.encoding, raw)
	s := toUTF8(decoded, pi.params["charset"])
	if pi.mediaType == "text/html" {
		return []textPiece{{html: true, src: s}}
	}
	s = stripDataURIs(cleanBody(s))
	if strings.EqualFold(pi.params["format"], "flowed") {
		s = unflow(s, strings.EqualFold(pi.params["delsp"], "yes"))
	}
	return []textPiece{{text: s}}
}

func (w *walker) attachment(pi partInfo, body io.Reader) {
	limit := w.lim.MaxAttachmentBytes
	// Encoded content is larger than decoded: base64 by 4/3 plus line
	// breaks, quoted-printable by up to 3.
	rawCap := int(min(limit*3+4096, 1<<40))
	raw, over := w.readLimited(body, rawCap)
	a := Attachment{Attachment: crm.Attachment{Name: pi.filename, ContentType: pi.mediaType}}
	if a.Name == "" && pi.mediaType == "message/rfc822" {
		a.Name = "forwarded message.eml"
	}
	if over {
		rest, _ := io.Copy(io.Discard, body)
		a.Size = estimateDecodedSize(pi.encoding, int64(len(raw))+rest)
	} else {
		decoded := decodeTransfer(pi.encoding, raw)
		a.Size = int64(len(decoded))
		if a.Size <= limit {
			a.Kept = true
			if len(decoded) > 0 && len(raw) > 0 && &decoded[0] == &raw[0] {
				decoded = bytes.Clone(decoded) // raw is the caller's message or our scratch
			}
			a.Content = decoded
		}
	}
	w.p.Attachments = append(w.p.Attachments, a)
}

func estimateDecodedSize(encoding string, n int64) int64 {
	if encoding == "base64" {
		return n * 57 / 78 // 76 characters plus a line break carry 57 bytes
	}
	return n
}

// readLimited reads up to limit bytes; over reports that more were there.
// The top-level body is returned without copying; a part is read into the
// walker's scratch buffer, so the result is only valid until the next call
// and must be copied to be kept.
func (w *walker) readLimited(r io.Reader, limit int) (b []byte, over bool) {
	if s, ok := r.(*byteSource); ok {
		b = s.b[s.off:]
		if len(b) > limit {
			return b[:limit], true
		}
		return b, false
	}
	buf := w.scratch[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		room := min(cap(buf), limit+1)
		n, err := r.Read(buf[len(buf):room])
		buf = buf[:len(buf)+n]
		if err != nil || len(buf) > limit {
			break
		}
	}
	w.scratch = buf
	if len(buf) > limit {
		return buf[:limit], true
	}
	return buf, false
}

// joinPieces joins the text parts of a message and caps the result.
func joinPieces(pieces []textPiece, max int) (string, bool) {
	var nonEmpty []string
	for i := range pieces {
		if t := strings.TrimRight(pieces[i].plain(), " \t\n"); strings.TrimSpace(t) != "" {
			nonEmpty = append(nonEmpty, t)
		}
	}
	var s string
	switch len(nonEmpty) {
	case 0:
		return "", false
	case 1:
		s = nonEmpty[0]
	default:
		s = strings.Join(nonEmpty, "\n\n")
	}
	s = strings.TrimLeft(s, "\n")
	if len(s) <= max {
		return s, false
	}
	cut := max
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut], true
}
