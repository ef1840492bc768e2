package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	"parley/app/crm"
	"parley/app/store"
)

// IngestConfig configures an Ingester.
type IngestConfig struct {
	// Classify configures participant classification; the From of mail
	// in the Sent folder is added to its addresses as it is seen.
	Classify crm.ClassifierConfig
	Limits   Limits
	Author   string // who the change log names for imported mail
	Workers  int    // parallel parsers; 0 means the number of CPUs
	Logger   *slog.Logger
}

// Ingester turns raw mail into messages, threads, contacts and accounts
// in the store. Each batch is one transaction, so a batch and the import
// checkpoint that covers it commit together. Ingest is idempotent: a
// message already stored is counted as a duplicate and changes nothing
// but its list of sources.
type Ingester struct {
	st  *store.Store
	cfg IngestConfig

	// classifier is rebuilt when Sent mail reveals another of my
	// addresses; only touched inside store.Update, which is serialised.
	classifier *crm.Classifier
}

// NewIngester returns an Ingester writing to st.
func NewIngester(st *store.Store, cfg IngestConfig) (*Ingester, error) {
	c, err := crm.NewClassifier(cfg.Classify)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Author == "" {
		cfg.Author = "me"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Ingester{st: st, cfg: cfg, classifier: c}, nil
}

// Store implements Sink: the importer hands fetched batches to the ingester.
func (g *Ingester) Store(ctx context.Context, mailAccount string, batch []Fetched, commit func(tx *store.Tx) error) (BatchStats, error) {
	return g.Ingest(ctx, mailAccount, batch, commit)
}

// SpecialUseSent marks the Sent folder: its mail is mine.
const SpecialUseSent = `\Sent`

// parsed pairs an incoming message with its parse.
type parsed struct {
	in  *Fetched
	p   *Parsed
	raw *store.RawSource
}

// parseAll parses a batch on all workers, keeping the batch's order.
func (g *Ingester) parseAll(batch []Fetched) ([]parsed, error) {
	out := make([]parsed, len(batch))
	var wg sync.WaitGroup
	var firstErr error
	var errOnce sync.Once
	next := make(chan int)
	for w := 0; w < min(g.cfg.Workers, len(batch)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p, err := Parse(batch[i].Raw, g.cfg.Limits)
				if err != nil {
					errOnce.Do(func() { firstErr = err })
					continue
				}
				out[i] = parsed{in: &batch[i], p: p, raw: store.CompressRaw(batch[i].Raw)}
			}
		}()
	}
	for i := range batch {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, firstErr
}

// Ingest parses and stores a batch; commit, when not nil, runs in the same
// transaction (the caller writes its checkpoint there). A batch too big
// for one transaction fails with store.ErrTooBig: split it and retry.
func (g *Ingester) Ingest(ctx context.Context, mailAccount string, batch []Fetched, commit func(tx *store.Tx) error) (BatchStats, error) {
	items, err := g.parseAll(batch)
	if err != nil {
		return BatchStats{}, err
	}
	var stats BatchStats
	err = g.st.Update(ctx, func(tx *store.Tx) error {
		stats = BatchStats{Seen: len(items)}
		w := &writer{tx: tx, g: g, stats: &stats, mailAccount: mailAccount}
		for _, it := range items {
			if err := w.message(it); err != nil {
				return err
			}
		}
		if err := w.finish(); err != nil {
			return err
		}
		if commit != nil {
			return commit(tx)
		}
		return nil
	})
	if errors.Is(err, store.ErrTooBig) && len(batch) > 1 {
		// Split in halves; the checkpoint goes with the second half, so a
		// crash between them repeats only already-deduplicated work.
		half := len(batch) / 2
		first, err := g.Ingest(ctx, mailAccount, batch[:half], nil)
		if err != nil {
			return first, err
		}
		second, err := g.Ingest(ctx, mailAccount, batch[half:], commit)
		first.Add(second)
		return first, err
	}
	return stats, err
}

// writer applies parsed messages inside one transaction.
type writer struct {
	tx          *store.Tx
	g           *Ingester
	threads     storeThreadState // this transaction's threading state
	stats       *BatchStats
	mailAccount string
	// Live accounts, loaded on first use, and which of them have related
	// names (ingest_family.go); both live as long as the transaction.
	accounts        map[crm.ID]*crm.Account
	relatedAccounts map[crm.ID][]crm.ID
	nameKeys        map[string]string // address → person key (ingest_persons.go)
	freeMail        map[string]bool   // address → free-mail or not, by freeMailBy (ingest_persons.go)
	freeMailBy      *crm.Classifier
	names           nameScratch // where message after message splits its words
}

// finish writes what the writer kept for the whole transaction.
func (w *writer) finish() error {
	if w.threads.tx == nil {
		return nil
	}
	return w.threads.flush()
}

func (w *writer) message(it parsed) error {
	p, in := it.p, it.in
	m := p.Message()
	if m.Date == 0 && !in.InternalDate.IsZero() {
		m.Date = in.InternalDate.UnixMilli()
	}
	src := crm.Source{MailAccount: w.mailAccount, Folder: in.Folder, UIDValidity: in.UIDValidity, UID: in.UID}

	// The same Message-ID on a different message (author, date or subject
	// differ) gets an id from its content instead.
	existing := &crm.Message{ID: m.ID}
	switch err := w.tx.Get(existing); {
	case err == nil && sameMessage(existing, &m):
		w.stats.Duplicates++
		return w.addSource(existing, src)
	case err == nil:
		m.ID = crm.MessageIDFromContent(m.From.Address, time.UnixMilli(m.Date), m.Subject, p.Digest())
		existing = &crm.Message{ID: m.ID}
		if w.tx.Get(existing) == nil {
			w.stats.Duplicates++
			return w.addSource(existing, src)
		}
	case !errors.Is(err, crm.ErrNotFound):
		return err
	}
	m.Sources = []crm.Source{src}

	facts := p.Facts()
	sent := in.SpecialUse == SpecialUseSent
	if sent && facts.Author.Address != "" && !w.g.classifier.IsMe(facts.Author.Address) {
		if err := w.g.learnMyAddress(facts.Author.Address); err != nil {
			return err
		}
	}
	known := func(addr string) bool {
		_, err := w.tx.ContactByAddress(addr)
		return err == nil
	}
	d := w.g.classifier.Decide(facts, known)
	m.Direction = d.Direction
	if sent {
		m.Direction = crm.Outbound
	}
	m.History, m.LeftOut = d.History, d.LeftOut
	if m.Unparsed != "" {
		w.stats.Unparsed++
	}
	if m.History {
		w.stats.History++
		if err := w.people(&m, d); err != nil {
			return err
		}
	} else {
		if w.stats.LeftOut == nil {
			w.stats.LeftOut = map[string]int{}
		}
		w.stats.LeftOut[m.LeftOut]++
	}
	// A message reusing another's Message-ID gets its own id but threads
	// under the shared Message-ID, so threads do not depend on which copy
	// arrived first.
	tm := p.ThreadMsg()
	if tm.Date.IsZero() {
		tm.Date = time.UnixMilli(m.Date)
	}
	if err := w.thread(&m, tm, d); err != nil {
		return err
	}
	if err := w.samePeopleInThread(&m, d); err != nil {
		return err
	}
	if _, err := w.tx.Import(&m, it.raw, w.g.cfg.Author); err != nil {
		return err
	}
	for i, a := range p.Attachments {
		if a.Kept && a.Content != nil {
			if err := w.tx.PutAttachment(m.ID, i, a.Content); err != nil {
				return err
			}
		}
	}
	w.stats.Imported++
	return nil
}

// sameMessage tells a true copy from a different message reusing a
// Message-ID.
func sameMessage(a, b *crm.Message) bool {
	return strings.EqualFold(a.From.Address, b.From.Address) && a.Subject == b.Subject &&
		(a.Date == b.Date || a.Date == 0 || b.Date == 0)
}

// addSource records another place a stored message was found.
func (w *writer) addSource(m *crm.Message, src crm.Source) error {
	for _, s := range m.Sources {
		if s == src {
			return nil
		}
	}
	m.Sources = append(m.Sources, src)
	_, err := w.tx.Put(m, w.g.cfg.Author)
	return err
}

// learnMyAddress adds an address that Sent mail shows is mine.
func (g *Ingester) learnMyAddress(addr string) error {
	cfg := g.cfg.Classify
	cfg.MyAddresses = append(append([]string{}, cfg.MyAddresses...), addr)
	c, err := crm.NewClassifier(cfg)
	if err != nil {
		return nil // not a valid address: keep classifying as before
	}
	g.cfg.Classify, g.classifier = cfg, c
	return nil
}
