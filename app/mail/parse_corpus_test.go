package mail

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"parley/app/crm"
)

// parseCorpusRoot finds ../shared/corpus/public from the module root (the folder
// holding go.mod), as the working rules ask.
func parseCorpusRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the package")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus", "public")
	if _, err := os.Stat(c); err != nil {
		tb.Fatalf("the shared corpus is missing: %v", err)
	}
	return c
}

type parseCorpusMsg struct {
	path string
	raw  []byte
}

// loadParseCorpus reads every message of the public corpus, sorted by path.
func loadParseCorpus(tb testing.TB) []parseCorpusMsg {
	tb.Helper()
	root := parseCorpusRoot(tb)
	var paths []string
	for _, folder := range []string{".usrp-users", ".linux-btrfs"} {
		m, err := filepath.Glob(filepath.Join(root, folder, "cur", "*"))
		if err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	out := make([]parseCorpusMsg, 0, len(paths))
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, parseCorpusMsg{path: p, raw: raw})
	}
	return out
}

// tinyHeaders is the test's own header reader, independent of the parser:
// the first value of each field, unfolded, by lower-case name.
func tinyHeaders(raw []byte) map[string]string {
	h := map[string]string{}
	var name string
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if name != "" {
				h[name] += " " + strings.TrimSpace(line)
			}
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			name = ""
			continue
		}
		k = strings.ToLower(k)
		if _, dup := h[k]; dup {
			name = ""
			continue
		}
		name = k
		h[k] = strings.TrimSpace(v)
	}
	return h
}

// tinyAddress takes the address out of "Name <addr>" or a bare address.
func tinyAddress(v string) string {
	if lt := strings.LastIndexByte(v, '<'); lt >= 0 {
		if gt := strings.IndexByte(v[lt:], '>'); gt > 0 {
			return strings.ToLower(v[lt+1 : lt+gt])
		}
	}
	return strings.ToLower(strings.TrimSpace(v))
}

func TestParseCorpus(t *testing.T) {
	msgs := loadParseCorpus(t)
	if len(msgs) != 3035 {
		t.Fatalf("corpus has %d messages, want 3035", len(msgs))
	}
	var withText, fromHeaderDate, rewritten, withHTML int
	for _, m := range msgs {
		p, err := Parse(m.raw, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(m.path)
		checkParsedInvariants(t, name, p, Limits{})
		if p.Unparsed != "" {
			t.Errorf("%s: unparsed: %s", name, p.Unparsed)
			continue
		}
		h := tinyHeaders(m.raw)
		if want := strings.Trim(h["message-id"], "<> "); crm.NormalizeMessageID(want) != p.MessageID {
			t.Errorf("%s: Message-ID %q, raw %q", name, p.MessageID, want)
		}
		if p.From.Address == "" || p.Author().Address == "" {
			t.Errorf("%s: no From", name)
		}
		if strings.Contains(strings.ToLower(p.Subject), "=?utf-8?") {
			t.Errorf("%s: subject not decoded: %q", name, p.Subject)
		}
		if strings.TrimSpace(p.Text) != "" {
			withText++
		}
		if p.DateSource == DateFromHeader {
			fromHeaderDate++
		}
		if lower := strings.ToLower(string(m.raw)); strings.Contains(lower, "content-type: text/html") {
			withHTML++
			for _, tag := range []string{"</div>", "</p>", "<br>", "<style", "&nbsp;", "</td>"} {
				if strings.Contains(strings.ToLower(p.Text), tag) {
					t.Errorf("%s: HTML left in text: %s", name, tag)
				}
			}
		}
		// DMARC: the list put its own address in From; the person is in
		// Reply-To (this corpus has no X-Original-From).
		listPost := tinyAddress(strings.TrimPrefix(strings.Trim(h["list-post"], "<>"), "mailto:"))
		if from := tinyAddress(h["from"]); listPost != "" && from == listPost {
			rewritten++
			want := tinyAddress(h["reply-to"])
			if got := p.Author(); got.Address != want || got.Address == from {
				t.Errorf("%s: author %+v, want the Reply-To %q", name, got, want)
			} else if strings.Contains(strings.ToLower(got.Name), " via ") {
				t.Errorf("%s: author name keeps the list: %q", name, got.Name)
			}
			if p.From.Address != from {
				t.Errorf("%s: From changed to %q", name, p.From.Address)
			}
		}
	}
	t.Logf("%d messages: %d with text, %d dated by their Date field, %d rewritten by the list, %d with an HTML part",
		len(msgs), withText, fromHeaderDate, rewritten, withHTML)
	if rewritten < 200 {
		t.Errorf("only %d list-rewritten senders found; the corpus has over 200", rewritten)
	}
	if withText < len(msgs)*99/100 {
		t.Errorf("only %d of %d messages have text", withText, len(msgs))
	}
	if fromHeaderDate < len(msgs)*99/100 {
		t.Errorf("only %d of %d messages dated by their Date field", fromHeaderDate, len(msgs))
	}
}

func TestParseCorpusKnownAuthors(t *testing.T) {
	root := parseCorpusRoot(t)
	tests := []struct {
		file, name, addr, from string
	}{
		{".usrp-users/cur/1734018929.M0010283.usrp-users:2,S", "Rob Kossler", "rkossler@nd.edu", "usrp-users@lists.ettus.com"},
		{".usrp-users/cur/1759151671.M0011199.usrp-users:2,S", "David Taylor (manx.net)", "drtaylor@manx.net", "usrp-users@lists.ettus.com"},
		{".usrp-users/cur/1734007790.M0010279.usrp-users:2,S", "Martin Braun", "martin.braun@ettus.com", "martin.braun@ettus.com"},
	}
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join(root, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		p, _ := Parse(raw, Limits{})
		if a := p.Author(); a.Name != tt.name || a.Address != tt.addr || p.From.Address != tt.from {
			t.Errorf("%s: author %+v from %q, want %s <%s> from %s", tt.file, a, p.From.Address, tt.name, tt.addr, tt.from)
		}
		if m := p.Message(); m.From.Address != tt.addr || m.ListID != "usrp-users.lists.ettus.com" {
			t.Errorf("%s: crm.Message from %+v list %q", tt.file, m.From, m.ListID)
		}
	}
}
