package mail

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/publicsuffix"

	"parley/internal/imaptest"

	"parley/app/crm"
	"parley/app/store"
)

// supportPersona is the corpus README's support engineer.
var supportPersona = crm.ClassifierConfig{
	MyAddresses:     []string{"martin.braun@ettus.com"},
	InternalDomains: []string{"ettus.com", "ni.com", "emerson.com"},
}

type corpusFile struct {
	folder string
	name   string
	raw    []byte
}

func readCorpus(t testing.TB) []corpusFile {
	root := parseCorpusRoot(t)
	var out []corpusFile
	for _, folder := range []string{"usrp-users", "linux-btrfs"} {
		files, err := filepath.Glob(filepath.Join(root, "."+folder, "cur", "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no files in %s: %v", folder, err)
		}
		sort.Strings(files)
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, corpusFile{folder, filepath.Base(f), raw})
		}
	}
	return out
}

func openTestStore(t testing.TB) *store.Store {
	key := make([]byte, 32)
	rand.Read(key)
	st, err := store.Open(context.Background(), store.Options{Dir: t.TempDir(), Key: key, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })
	return st
}

func ingestCorpus(t testing.TB, st *store.Store, files []corpusFile, cfg crm.ClassifierConfig) BatchStats {
	g, err := NewIngester(st, IngestConfig{Classify: cfg})
	if err != nil {
		t.Fatal(err)
	}
	var total BatchStats
	for i := 0; i < len(files); i += 200 {
		batch := []Fetched{}
		for j, f := range files[i:min(i+200, len(files))] {
			batch = append(batch, Fetched{Folder: f.folder, UIDValidity: 1, UID: uint32(i + j + 1), Raw: f.raw, InternalDate: time.Unix(1700000000, 0)})
		}
		s, err := g.Ingest(context.Background(), "test", batch, nil)
		if err != nil {
			t.Fatal(err)
		}
		total.Add(s)
	}
	return total
}

// rawHeaders reads a corpus file's headers with the standard library,
// independently of the importer's parser.
func rawHeaders(raw []byte) mail.Header {
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return mail.Header{}
	}
	return msg.Header
}

func addrs(h mail.Header, field string) []string {
	list, _ := mail.ParseAddressList(h.Get(field))
	var out []string
	for _, a := range list {
		out = append(out, strings.ToLower(a.Address))
	}
	return out
}

// TestCorpusImportFromDovecot imports the whole corpus from a real
// Dovecot through the importer and the ingester, as the support
// engineer, and checks the result against the raw files.
func TestCorpusImportFromDovecot(t *testing.T) {
	files := readCorpus(t)
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{Maildir: parseCorpusRoot(t)})
	st := openTestStore(t)
	g, err := NewIngester(st, IngestConfig{Classify: supportPersona})
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(d.Addr())
	p, _ := strconv.Atoi(port)
	im, err := NewImporter(Options{Store: st, Sink: g, Secret: d.Password(), Account: MailAccount{
		ID: "support", Host: host, Port: p, Security: SecurityPlain, Username: d.User(), Folders: []string{"usrp-users", "linux-btrfs"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := im.Run(context.Background())
	if err != nil {
		t.Fatalf("import: %v\n%s", err, d.Log())
	}
	checkCorpusImport(t, st, files, sum.Stats)
}

func checkCorpusImport(t *testing.T, st *store.Store, files []corpusFile, stats BatchStats) {
	t.Logf("stats: %+v", stats)
	ctx := context.Background()

	// Every file is a stored message or a duplicate copy of one.
	if stats.Imported+stats.Duplicates != len(files) {
		t.Fatalf("imported %d + duplicates %d != %d files", stats.Imported, stats.Duplicates, len(files))
	}
	// Message-IDs that two different messages share (a resent patch) are
	// ambiguous for the parent check below: leave them out of it.
	msgByHeader := map[string]*crm.Message{}
	ambiguous := map[string]bool{}
	threadOf := map[crm.ID]crm.ID{}
	st.View(ctx, func(tx *store.Tx) error {
		return tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			m := e.(*crm.Message)
			if m.MessageID != "" {
				if _, dup := msgByHeader[m.MessageID]; dup {
					ambiguous[m.MessageID] = true
				}
				msgByHeader[m.MessageID] = m
			}
			threadOf[m.ID] = m.ThreadID
			return true
		})
	})
	if len(threadOf) != stats.Imported {
		t.Fatalf("%d messages in the store, %d imported", len(threadOf), stats.Imported)
	}

	// Every reply whose parent is in the corpus is in its parent's thread,
	// and every message is in exactly one live thread.
	replies, joined := 0, 0
	for _, f := range files {
		h := rawHeaders(f.raw)
		id := crm.NormalizeMessageID(h.Get("Message-Id"))
		parent := crm.NormalizeMessageID(strings.Fields(h.Get("In-Reply-To") + " x")[0])
		pm, ok := msgByHeader[parent]
		if !ok || parent == "" || ambiguous[id] || ambiguous[parent] {
			continue
		}
		m, ok := msgByHeader[id]
		if !ok {
			continue
		}
		replies++
		if m.ThreadID == pm.ThreadID {
			joined++
		} else {
			t.Errorf("reply %s not in its parent's thread", m.ID)
		}
	}
	if replies < 1000 {
		t.Fatalf("only %d replies with parents found: the check is not reading the corpus", replies)
	}
	t.Logf("%d of %d replies joined their parent's thread", joined, replies)
	err := st.View(ctx, func(tx *store.Tx) error {
		counted := 0
		err := tx.Each(crm.KindThread, func(e crm.Entity) bool {
			th := e.(*crm.Thread)
			if th.MergedInto != "" {
				return true
			}
			msgs, _ := tx.ThreadMessages(th.ID)
			if len(msgs) != th.Count {
				t.Errorf("thread %s counts %d, holds %d", th.ID, th.Count, len(msgs))
			}
			for _, m := range msgs {
				if threadOf[m.ID] != th.ID {
					t.Errorf("message %s listed in %s but points at %s", m.ID, th.ID, threadOf[m.ID])
				}
			}
			counted += len(msgs)
			return true
		})
		if counted != len(threadOf) {
			t.Errorf("%d messages in live threads, %d stored", counted, len(threadOf))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// Accounts: exactly the persona's customer domains, derived here from
	// the raw files: external business domains of the people Martin wrote
	// to, or who wrote to him directly.
	want := customerDomains(t, files)
	got := map[string]bool{}
	st.View(ctx, func(tx *store.Tx) error {
		return tx.Each(crm.KindAccount, func(e crm.Entity) bool {
			for _, d := range e.(*crm.Account).Domains {
				got[d] = true
			}
			return true
		})
	})
	for d := range want {
		if !got[d] {
			t.Errorf("missing account for customer domain %s", d)
		}
	}
	for d := range got {
		if !want[d] {
			t.Errorf("account for %s, which is not a customer domain", d)
		}
	}
	// Every customer domain leads to a live account (merged-away accounts
	// hand their domains to the survivor), and every message and thread
	// of customer history points at live accounts and contacts only.
	live := map[crm.ID]bool{}
	st.View(ctx, func(tx *store.Tx) error {
		for d := range want {
			id, err := tx.AccountByDomain(d)
			a := &crm.Account{ID: id}
			if err != nil || tx.Get(a) != nil || a.MergedInto != "" || !slices.Contains(a.Domains, d) {
				t.Errorf("customer domain %s: account %s (%v), merged into %q", d, id, err, a.MergedInto)
			}
			live[id] = true
		}
		tx.Each(crm.KindContact, func(e crm.Entity) bool {
			if c := e.(*crm.Contact); c.MergedInto == "" {
				live[c.ID] = true
			}
			return true
		})
		return tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			m := e.(*crm.Message)
			for _, id := range append(append([]crm.ID{}, m.AccountIDs...), m.ContactIDs...) {
				if !live[id] {
					t.Errorf("message %s links %s, which is not a live account or contact", m.ID, id)
				}
			}
			return true
		})
	})
	t.Logf("%d customer domains, %d live accounts and contacts", len(got), len(live))
}

func customerDomains(t *testing.T, files []corpusFile) map[string]bool {
	me := "martin.braun@ettus.com"
	internal := map[string]bool{"ettus.com": true, "ni.com": true, "emerson.com": true}
	c, _ := crm.NewClassifier(crm.ClassifierConfig{})
	out := map[string]bool{}
	add := func(addr string) {
		at := strings.LastIndexByte(addr, '@')
		if at < 0 || addr == me {
			return
		}
		host := addr[at+1:]
		if strings.HasPrefix(host, "lists.") || strings.HasSuffix(host, "vger.kernel.org") {
			return
		}
		reg, err := publicsuffix.EffectiveTLDPlusOne(host)
		if err != nil || internal[reg] {
			return
		}
		if class, _, _ := c.ClassifyAddress(addr); class == crm.ClassFreeMail || class == crm.ClassAutomated {
			return
		}
		out[reg] = true
	}
	for _, f := range files {
		h := rawHeaders(f.raw)
		author := addrs(h, "From")
		if orig := addrs(h, "X-Original-From"); len(orig) > 0 {
			author = orig
		} else if len(author) > 0 && strings.HasPrefix(author[0], "usrp-users@") {
			author = addrs(h, "Reply-To")
		}
		recipients := append(addrs(h, "To"), addrs(h, "Cc")...)
		if len(author) > 0 && author[0] == me {
			for _, r := range recipients {
				add(r)
			}
			continue
		}
		for _, r := range recipients {
			if r == me && len(author) > 0 {
				add(author[0])
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("derived no customer domains")
	}
	return out
}
