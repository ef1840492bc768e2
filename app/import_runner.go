package app

import (
	"context"
	"errors"
	"net"
	"sort"
	"strconv"
	"sync"
	"time"

	"parley/app/applog"
	"parley/app/crm"
	"parley/app/demo"
	"parley/app/mail"
	"parley/app/store"
)

// prefClassify holds the workspace's classification settings.
const prefClassify = "mail/classify"

// ClassifySettings are the rules that decide what is customer history.
type ClassifySettings struct {
	MyAddresses       []string `json:"myAddresses"`     // beyond each mail account's own
	InternalDomains   []string `json:"internalDomains"` // my company's; empty: the domain of my address
	FreeMailDomains   []string `json:"freeMailDomains"` // added to the built-in list
	Include           []string `json:"include"`         // senders or domains that are always customers
	Exclude           []string `json:"exclude"`         // senders or domains that never are
	ListMailIsHistory bool     `json:"listMailIsHistory"`
}

func normalizeSettings(s ClassifySettings) ClassifySettings {
	s.MyAddresses, s.InternalDomains, s.FreeMailDomains = nonNil(s.MyAddresses), nonNil(s.InternalDomains), nonNil(s.FreeMailDomains)
	s.Include, s.Exclude = nonNil(s.Include), nonNil(s.Exclude)
	return s
}

func loadClassify(tx *store.Tx) ClassifySettings {
	var s ClassifySettings
	tx.Pref(prefClassify, &s)
	return normalizeSettings(s)
}

// classifierConfig combines the settings with the mail accounts' own addresses.
func classifierConfig(s ClassifySettings, accounts []mail.MailAccount) crm.ClassifierConfig {
	cfg := crm.ClassifierConfig{
		MyAddresses:       append([]string{}, s.MyAddresses...),
		InternalDomains:   s.InternalDomains,
		Include:           s.Include,
		Exclude:           s.Exclude,
		ListMailIsHistory: s.ListMailIsHistory,
	}
	if len(s.FreeMailDomains) > 0 {
		cfg.FreeMailDomains = append(crm.DefaultFreeMailDomains(), s.FreeMailDomains...)
	}
	for _, a := range accounts {
		cfg.MyAddresses = append(cfg.MyAddresses, a.MyAddresses...)
	}
	return cfg
}

// importRunner runs one live importer per mail account in the background
// and reports their combined progress.
type importRunner struct {
	w *Workspace

	mu        sync.Mutex
	cancel    context.CancelFunc
	done      chan struct{}
	importers map[string]*mail.Importer
	progress  map[string]mail.Progress
	stopDemo  func()
}

func newImportRunner(w *Workspace) *importRunner {
	return &importRunner{w: w, importers: map[string]*mail.Importer{}, progress: map[string]mail.Progress{}}
}

// start (re)starts importing every mail account of the workspace. In the
// demo workspace it first serves the generated demo mailbox over IMAP on
// loopback, so the demo goes through the real importer.
func (r *importRunner) start(ctx context.Context, st *store.Store, isDemo bool) error {
	r.stop()
	if isDemo {
		if err := r.prepareDemo(ctx, st); err != nil {
			return err
		}
	}
	accounts, err := mail.MailAccounts(ctx, st)
	if err != nil {
		return err
	}
	var settings ClassifySettings
	st.View(ctx, func(tx *store.Tx) error { settings = loadClassify(tx); return nil })
	ing, err := mail.NewIngester(st, mail.IngestConfig{Classify: classifierConfig(settings, accounts), Logger: r.w.log})
	if err != nil {
		return err
	}
	// Build every importer first; only then publish them, so stop never
	// waits for a run that was not started.
	type job struct {
		id string
		im *mail.Importer
	}
	var jobs []job
	for _, a := range accounts {
		_, secret, err := mail.GetMailAccount(ctx, st, a.ID)
		if err != nil {
			return err
		}
		id := a.ID
		im, err := mail.NewImporter(mail.Options{
			Store: st, Sink: ing, Account: a, Secret: secret, Live: true, Logger: r.w.log,
			Progress: func(p mail.Progress) { r.report(id, p) },
		})
		if err != nil {
			return err
		}
		jobs = append(jobs, job{id, im})
	}
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var wg sync.WaitGroup
	r.mu.Lock()
	r.cancel, r.done = cancel, done
	r.importers, r.progress = map[string]*mail.Importer{}, map[string]mail.Progress{}
	for _, j := range jobs {
		r.importers[j.id] = j.im
	}
	r.mu.Unlock()
	for _, j := range jobs {
		wg.Add(1)
		r.w.cfg.Crashes.Go("import-"+j.id, func() {
			defer wg.Done()
			sum, err := j.im.Run(runCtx)
			if err != nil && !errors.Is(err, context.Canceled) {
				r.w.log.Error("import stopped", "account_id", j.id, applog.KeyErr, err)
				p := r.snapshot(j.id)
				p.Phase, p.Problem = mail.PhaseError, mail.Explain(err)
				r.report(j.id, p)
			} else {
				r.w.log.Info("import finished", "account_id", j.id, applog.KeyCount, sum.Fetched)
			}
		})
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	return nil
}

// prepareDemo serves the demo mailbox and points the demo account at it.
func (r *importRunner) prepareDemo(ctx context.Context, st *store.Store) error {
	mb := demo.Generate(demoSeed, time.Now())
	addr, user, pass, stop, err := demo.Serve(context.Background(), mb)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.stopDemo = stop
	r.mu.Unlock()
	host, port := splitHostPort(addr)
	_, me := demo.Me()
	acct := mail.MailAccount{ID: "demo", Name: "Demo mailbox", Host: host, Port: port, Security: mail.SecurityPlain,
		Username: user, MyAddresses: []string{me}}
	if _, err := mail.SaveMailAccount(ctx, st, acct, pass); err != nil {
		return err
	}
	return st.Update(ctx, func(tx *store.Tx) error {
		return tx.PutPref(prefClassify, ClassifySettings{InternalDomains: demo.InternalDomains(), FreeMailDomains: demo.FreeMailDomains()})
	})
}

func (r *importRunner) snapshot(id string) mail.Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.progress[id]
}

// report records one account's progress and sends the combined progress.
func (r *importRunner) report(id string, p mail.Progress) {
	r.mu.Lock()
	prev := r.progress[id]
	r.progress[id] = p
	all := make([]mail.Progress, 0, len(r.progress))
	ids := make([]string, 0, len(r.progress))
	for k := range r.progress {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	for _, k := range ids {
		all = append(all, r.progress[k])
	}
	r.mu.Unlock()
	r.w.setProgress(combine(all))
	if p.Stats.Imported != prev.Stats.Imported { // new mail, not a live importer changing phase
		r.w.cfg.Emitter.Emit(EventChanged, Changed{Kinds: []string{"mail"}})
	}
}

// combine sums the accounts' progress into what the status bar shows.
func combine(all []mail.Progress) ImportProgress {
	out := ImportProgress{Phase: "idle", Folders: []FolderProgress{}}
	rank := map[mail.Phase]int{mail.PhaseError: 7, mail.PhaseConnecting: 6, mail.PhasePlanning: 5, mail.PhaseFetching: 4, mail.PhaseBackfill: 3, mail.PhaseOffline: 2, mail.PhaseLive: 1}
	best := -1
	for _, p := range all {
		out.Done += p.Done
		out.Total += p.Total
		out.Rate += p.Rate
		out.Paused = out.Paused || p.Paused
		if r, ok := rank[p.Phase]; ok && r > best {
			best, out.Phase, out.Folder = r, string(p.Phase), p.Folder
		}
		if p.Problem != "" {
			out.Error = p.Problem
		}
		for _, f := range p.Folders {
			out.Folders = append(out.Folders, FolderProgress{Account: p.Account, Folder: f.Folder, Done: f.Done, Total: f.Total})
		}
	}
	switch mail.Phase(out.Phase) {
	case mail.PhaseConnecting, mail.PhasePlanning, mail.PhaseFetching, mail.PhaseBackfill:
		out.Running = true
	}
	if out.Rate > 0 && out.Total > out.Done {
		out.EtaSec = int(float64(out.Total-out.Done) / out.Rate)
	}
	return out
}

// online reports whether some importer reached its server lately.
func (r *importRunner) online() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.progress {
		switch p.Phase {
		case mail.PhaseFetching, mail.PhaseBackfill, mail.PhaseLive, mail.PhasePlanning:
			return true
		}
	}
	return false
}

func (r *importRunner) each(fn func(*mail.Importer)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, im := range r.importers {
		fn(im)
	}
}

// setPaused pauses or resumes every importer and reports it at once: an
// importer waiting for new mail sends no progress of its own until mail comes.
func (r *importRunner) setPaused(paused bool) {
	r.mu.Lock()
	ims := make(map[string]*mail.Importer, len(r.importers))
	for id, im := range r.importers {
		ims[id] = im
	}
	r.mu.Unlock()
	for id, im := range ims {
		if paused {
			im.Pause()
		} else {
			im.Resume()
		}
		p := r.snapshot(id)
		p.Paused = paused
		r.report(id, p)
	}
}

// stop cancels every importer and waits for them.
func (r *importRunner) stop() {
	r.mu.Lock()
	cancel, done, stopDemo := r.cancel, r.done, r.stopDemo
	r.cancel, r.done, r.stopDemo = nil, nil, nil
	r.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	if stopDemo != nil {
		stopDemo()
	}
}

func splitHostPort(addr string) (string, int) {
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	return host, p
}

// demoSeed fixes the demo mailbox's content; its dates follow the clock.
const demoSeed = 20261125

// ClassifierConfigFor returns the classification rules of a workspace:
// its settings plus every mail account's own addresses. The CLI's import
// uses it so that it decides as the app does.
func ClassifierConfigFor(ctx context.Context, st *store.Store) (crm.ClassifierConfig, error) {
	accounts, err := mail.MailAccounts(ctx, st)
	if err != nil {
		return crm.ClassifierConfig{}, err
	}
	var settings ClassifySettings
	st.View(ctx, func(tx *store.Tx) error { settings = loadClassify(tx); return nil })
	return classifierConfig(settings, accounts), nil
}
