package search

import (
	"bufio"
	"bytes"
	"context"
	"net/mail"
	"net/textproto"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/app/crm"
)

var (
	corpusIxOnce sync.Once
	corpusIx     *Index
	corpusIxErr  error
	corpusTmp    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusIx != nil {
		_ = corpusIx.Close(context.Background())
	}
	if corpusTmp != "" {
		_ = os.RemoveAll(corpusTmp)
	}
	os.Exit(code)
}

// corpusIndex indexes the whole public corpus once per test binary.
func corpusIndex(t testing.TB) (*Index, []corpusMessage) {
	t.Helper()
	msgs := loadCorpus(t)
	corpusIxOnce.Do(func() {
		corpusTmp, corpusIxErr = os.MkdirTemp("", "parley-search-corpus-")
		if corpusIxErr != nil {
			return
		}
		l := newMemLoader()
		es := make([]crm.Entity, len(msgs))
		for i, m := range msgs {
			es[i] = m.msg
			l.put(m.msg)
		}
		corpusIx, corpusIxErr = Open(context.Background(), corpusTmp+"/index", testKey, Options{Loader: l, Location: time.UTC})
		if corpusIxErr != nil {
			return
		}
		corpusIxErr = corpusIx.Add(context.Background(), es)
	})
	if corpusIxErr != nil {
		t.Fatal(corpusIxErr)
	}
	return corpusIx, msgs
}

// The oracle: plain string work over the raw files and the loaded text,
// nothing from the search package.

// oracleOwnText is what a message says itself: subject and text before the
// quote, lower-cased.
func oracleOwnText(m *crm.Message) string {
	q := min(max(m.QuoteStart, 0), len(m.Text))
	return strings.ToLower(m.Subject + "\n" + m.Text[:min(q, MaxIndexedText)])
}

// oracleHeader reads one raw header (unfolded) with textproto.
func oracleHeader(raw []byte, key string) string {
	h, _ := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw))).ReadMIMEHeader()
	return h.Get(key)
}

func TestCorpusPhrases(t *testing.T) {
	ix, msgs := corpusIndex(t)
	for _, phrase := range []string{"device tree", "free space", "rx streamer", "file system", "transaction abort", "gnu radio", "raid56"} {
		words := strings.Fields(phrase)
		// Phrases are stemmed: allow the inflections the stemmer folds.
		re := regexp.MustCompile(`\b` + strings.Join(words, `(?:s|es|ed|ing)?\W+`) + `(?:s|es|ed|ing)?\b`)
		var want []crm.ID
		for _, m := range msgs {
			if re.MatchString(oracleOwnText(m.msg)) {
				want = append(want, m.msg.ID)
			}
		}
		if len(want) == 0 {
			t.Errorf("%q: the oracle found nothing; pick another phrase", phrase)
			continue
		}
		got := ids(t, ix, Request{Query: `"` + phrase + `"`})
		slices.Sort(want)
		if g := sortedIDs(got); !slices.Equal(g, want) {
			t.Errorf("%q: search found %d, the raw text has it in %d; missing %v, extra %v", phrase, len(g), len(want), minus(want, g), minus(g, want))
			continue
		}
		t.Logf("%q: %d messages, as the raw text says", phrase, len(want))
	}
}

func TestCorpusSender(t *testing.T) {
	ix, msgs := corpusIndex(t)
	for _, addr := range []string{"wqu@suse.com", "martin.braun@ettus.com", "dsterba@suse.cz"} {
		var want []crm.ID
		for _, m := range msgs {
			if strings.Contains(strings.ToLower(oracleHeader(m.raw, "From")), addr) {
				want = append(want, m.msg.ID)
			}
		}
		slices.Sort(want)
		got := sortedIDs(ids(t, ix, Request{Query: "from:" + addr}))
		if !slices.Equal(got, want) {
			t.Errorf("from:%s: %d hits, the raw From headers say %d; missing %v, extra %v", addr, len(got), len(want), minus(want, got), minus(got, want))
		}
		if len(want) < 20 {
			t.Errorf("from:%s: only %d messages in the raw text; a weak check", addr, len(want))
		}
		t.Logf("from:%s: %d messages", addr, len(got))
	}
}

func TestCorpusDateRange(t *testing.T) {
	ix, msgs := corpusIndex(t)
	lo := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	var want, wantWord []crm.ID
	for _, m := range msgs {
		d, err := mail.ParseDate(oracleHeader(m.raw, "Date"))
		if err != nil || d.Before(lo) || !d.Before(hi) {
			continue
		}
		want = append(want, m.msg.ID)
		if regexp.MustCompile(`\bpatch(es|ed|ing)?\b`).MatchString(oracleOwnText(m.msg)) {
			wantWord = append(wantWord, m.msg.ID)
		}
	}
	slices.Sort(want)
	slices.Sort(wantWord)
	got := ids(t, ix, Request{Query: "after:2026-03-01 before:2026-03-15"})
	if g := sortedIDs(got); !slices.Equal(g, want) {
		t.Errorf("date range: %d hits, raw Date headers say %d; missing %v, extra %v", len(g), len(want), minus(want, g), minus(g, want))
	}
	// Newest first, inside the bounds.
	res, err := ix.Search(context.Background(), Request{Query: "after:2026-03-01 before:2026-03-15", Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range res.Hits {
		if h.Date < lo.UnixMilli() || h.Date >= hi.UnixMilli() {
			t.Errorf("hit %s dated %v is outside the range", h.ID, time.UnixMilli(h.Date).UTC())
		}
		if i > 0 && h.Date > res.Hits[i-1].Date {
			t.Errorf("hits not newest first at %d", i)
		}
	}
	gotWord := sortedIDs(ids(t, ix, Request{Query: "patch after:2026-03-01 before:2026-03-15"}))
	if !slices.Equal(gotWord, wantWord) {
		t.Errorf("patch in range: %d hits, want %d; missing %v extra %v", len(gotWord), len(wantWord), minus(wantWord, gotWord), minus(gotWord, wantWord))
	}
	t.Logf("range: %d messages, %d say patch", len(want), len(wantWord))
}

func TestCorpusRankingAndSnippets(t *testing.T) {
	ix, _ := corpusIndex(t)
	res, err := ix.Search(context.Background(), Request{Query: "snapshot", Now: time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != defaultSize {
		t.Fatalf("snapshot: %d hits", len(res.Hits))
	}
	marked := 0
	for _, h := range res.Hits {
		if strings.Contains(strings.ToLower(h.Snippet+h.Title), "<mark>snapshot") {
			marked++
		}
	}
	if marked < len(res.Hits)*3/4 {
		t.Errorf("only %d of %d snippets or titles mark the word", marked, len(res.Hits))
	}
	// Paging: pages do not overlap and continue the same order.
	p2, err := ix.Search(context.Background(), Request{Query: "snapshot", Offset: defaultSize, Now: time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[crm.ID]bool{}
	for _, h := range append(res.Hits, p2.Hits...) {
		if seen[h.ID] {
			t.Errorf("%s on both pages", h.ID)
		}
		seen[h.ID] = true
	}
	// Groups cover the page.
	n := 0
	for _, g := range res.Groups {
		n += len(g.Hits)
	}
	if n != len(res.Hits) {
		t.Errorf("groups hold %d hits of %d", n, len(res.Hits))
	}
	// Facets count the hits.
	f, err := ix.Facets(context.Background(), Request{Query: "snapshot"})
	if err != nil {
		t.Fatal(err)
	}
	years := 0
	for _, y := range f.Years {
		years += y.Count
	}
	if f.Total != res.Total || years != f.Scanned || f.Kinds[0].Value != KindEmail || f.Kinds[0].Count != f.Scanned {
		t.Errorf("facets %+v, search total %d", f, res.Total)
	}
}

func minus(a, b []crm.ID) []crm.ID {
	var out []crm.ID
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			out = append(out, x)
		}
	}
	if len(out) > 5 {
		out = out[:5]
	}
	return out
}
