package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"parley/app/crm"
	"parley/app/mail"
	"parley/app/store"
)

// ImportService manages mail accounts, the import, and what it leaves out.
type ImportService struct{ w *Workspace }

func accountView(a mail.MailAccount) MailAccountView {
	return MailAccountView{ID: a.ID, Name: a.Name, Host: a.Host, Port: a.Port, Security: string(a.Security), Username: a.Username,
		Auth: string(a.Auth), Folders: nonNil(a.Folders), Since: a.Since, MyAddresses: nonNil(a.MyAddresses)}
}

func accountFrom(in MailAccountView) mail.MailAccount {
	return mail.MailAccount{ID: in.ID, Name: in.Name, Host: in.Host, Port: in.Port, Security: mail.Security(in.Security),
		Username: in.Username, Auth: mail.AuthMethod(in.Auth), Folders: in.Folders, Since: in.Since, MyAddresses: in.MyAddresses}.Normalize()
}

// Accounts lists the mail accounts of the workspace.
func (s *ImportService) Accounts() ([]MailAccountView, error) {
	st, err := s.w.Store()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := mail.MailAccounts(ctx, st)
	out := make([]MailAccountView, 0, len(list))
	for _, a := range list {
		out = append(out, accountView(a))
	}
	return out, err
}

// TestAccount signs in with the password or access token and lists the
// folders, without saving anything.
func (s *ImportService) TestAccount(in MailAccountView, secret string) (ConnectionResult, error) {
	a := accountFrom(in)
	if err := a.Validate(); err != nil {
		return ConnectionResult{Message: mail.Explain(err), Folders: []FolderView{}}, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep, err := mail.TestConnection(ctx, a, secret, mail.DialOptions{})
	if err != nil {
		return ConnectionResult{Message: mail.Explain(err), Folders: []FolderView{}}, nil
	}
	res := ConnectionResult{OK: true, Message: fmt.Sprintf("Signed in to %s: %d folders.", a.Host, len(rep.Folders)), Idle: rep.IDLE, Folders: []FolderView{}}
	for _, f := range rep.Folders {
		if f.Selectable {
			res.Folders = append(res.Folders, FolderView{Name: f.Name, SpecialUse: f.SpecialUse, Default: f.Default})
		}
	}
	return res, nil
}

// AddAccount tests and saves a mail account and starts importing it. The
// first real account replaces the demo mailbox with the rep's own
// workspace.
func (s *ImportService) AddAccount(in MailAccountView, secret string) (MailAccountView, error) {
	test, _ := s.TestAccount(in, secret)
	if !test.OK {
		return MailAccountView{}, errors.New(test.Message)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if s.w.Status(ctx).Demo {
		if err := s.w.switchToMain(ctx); err != nil {
			return MailAccountView{}, err
		}
	}
	st, err := s.w.Store()
	if err != nil {
		return MailAccountView{}, err
	}
	a := accountFrom(in)
	if len(a.MyAddresses) == 0 && strings.Contains(a.Username, "@") {
		a.MyAddresses = []string{a.Username}
	}
	saved, err := mail.SaveMailAccount(ctx, st, a, secret)
	if err != nil {
		return MailAccountView{}, err
	}
	st.Update(ctx, func(tx *store.Tx) error { return tx.PutPref(prefWelcome, true) })
	s.w.restartImport()
	return accountView(saved), nil
}

// RemoveAccount forgets a mail account and its password. Mail already
// imported stays.
func (s *ImportService) RemoveAccount(id string) error {
	st, err := s.w.Store()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := mail.RemoveMailAccount(ctx, st, id); err != nil {
		return err
	}
	s.w.restartImport()
	return nil
}

// Pause holds the import at the next batch boundary.
func (s *ImportService) Pause() error { return s.w.pauseImport(true) }

// Resume continues a paused import.
func (s *ImportService) Resume() error { return s.w.pauseImport(false) }

func (w *Workspace) pauseImport(paused bool) error {
	runner, err := w.runningImport()
	if err != nil {
		return err
	}
	runner.setPaused(paused)
	return nil
}

// runningImport returns the live import, or an error saying there is none.
func (w *Workspace) runningImport() (*importRunner, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.imports == nil {
		return nil, errors.New("no mail import is running")
	}
	return w.imports, nil
}

// CheckNow looks for new mail at once.
func (s *ImportService) CheckNow() error { return s.w.eachImporter((*mail.Importer).CheckNow) }

// Settings returns the rules that decide what is customer history.
func (s *ImportService) Settings() (ClassifySettings, error) {
	var out ClassifySettings
	err := view(s.w, func(tx *store.Tx) error { out = loadClassify(tx); return nil })
	return out, err
}

// SaveSettings validates and stores the rules, applies them to the mail
// already imported (in the background), and to mail imported from now on.
func (s *ImportService) SaveSettings(in ClassifySettings) error {
	if err := s.saveSettings(in); err != nil {
		return err
	}
	s.w.startReclassify(func(*crm.Message) bool { return true })
	return nil
}

func (s *ImportService) saveSettings(in ClassifySettings) error {
	in = normalizeSettings(in)
	if _, err := crm.NewClassifier(classifierConfig(in, nil)); err != nil {
		return fmt.Errorf("check your settings: %w", err)
	}
	st, err := s.w.Store()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := st.Update(ctx, func(tx *store.Tx) error { return tx.PutPref(prefClassify, in) }); err != nil {
		return err
	}
	s.w.restartImport()
	return nil
}

// Override makes a sender or a whole domain always (include) or never
// count as a customer, for mail imported from now on.
func (s *ImportService) Override(senderOrDomain string, include bool) error {
	v := strings.ToLower(strings.TrimSpace(senderOrDomain))
	if v == "" {
		return errors.New("name a sender (jane@example.com) or a domain (example.com)")
	}
	cur, err := s.Settings()
	if err != nil {
		return err
	}
	cur.Include = slices.DeleteFunc(cur.Include, func(x string) bool { return x == v })
	cur.Exclude = slices.DeleteFunc(cur.Exclude, func(x string) bool { return x == v })
	if include {
		cur.Include = append(cur.Include, v)
	} else {
		cur.Exclude = append(cur.Exclude, v)
	}
	if err := s.saveSettings(cur); err != nil {
		return err
	}
	// The stored mail of that sender or domain changes at once.
	touches := func(m *crm.Message) bool {
		for _, a := range append(append([]crm.Address{m.From}, m.To...), m.Cc...) {
			addr := strings.ToLower(a.Address)
			if addr == v || strings.HasSuffix(addr, "@"+v) || strings.HasSuffix(addr, "."+v) {
				return true
			}
		}
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err = s.w.reclassify(ctx, touches)
	return err
}

// reclassify applies the workspace's current rules to stored mail.
func (w *Workspace) reclassify(ctx context.Context, match func(*crm.Message) bool) (int, error) {
	st, err := w.Store()
	if err != nil {
		return 0, err
	}
	cfg, err := ClassifierConfigFor(ctx, st)
	if err != nil {
		return 0, err
	}
	g, err := mail.NewIngester(st, mail.IngestConfig{Classify: cfg, Logger: w.log})
	if err != nil {
		return 0, err
	}
	n, err := g.Reclassify(ctx, match)
	if n > 0 {
		w.cfg.Emitter.Emit(EventChanged, Changed{Kinds: []string{"all"}})
	}
	return n, err
}

// startReclassify runs reclassify in the background.
func (w *Workspace) startReclassify(match func(*crm.Message) bool) {
	w.mu.RLock()
	bgCtx := w.bgCtx
	w.mu.RUnlock()
	if bgCtx == nil {
		return
	}
	w.startBackground(bgCtx, "reclassify", func(ctx context.Context) {
		if n, err := w.reclassify(ctx, match); err != nil && ctx.Err() == nil {
			w.log.Error("reclassify", "err", err)
		} else {
			w.log.Info("reclassified stored mail", "count", n)
		}
	})
}

// LeftOut lists the newest messages kept out of customer history, with
// the reason for each.
func (s *ImportService) LeftOut(limit int) ([]LeftOutItem, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	out := []LeftOutItem{}
	err := view(s.w, func(tx *store.Tx) error {
		return tx.Each(crm.KindMessage, func(e crm.Entity) bool {
			m := e.(*crm.Message)
			if m.History {
				return true
			}
			out = append(out, LeftOutItem{ID: string(m.ID), ThreadID: string(m.ThreadID), Date: m.Date,
				From: displayName(m.From.Name, m.From.Address), Address: m.From.Address, Subject: m.Subject, Reason: m.LeftOut})
			return true
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, err
}

// restartImport restarts the importers with the current accounts and settings.
func (w *Workspace) restartImport() {
	w.mu.RLock()
	runner, st, isDemo, bgCtx := w.imports, w.st, w.name == demoWorkspace, w.bgCtx
	w.mu.RUnlock()
	if runner == nil || st == nil {
		return
	}
	w.startBackground(bgCtx, "import-restart", func(ctx context.Context) {
		if err := runner.start(ctx, st, isDemo); err != nil && ctx.Err() == nil {
			w.setProgress(ImportProgress{Phase: "error", Error: "Mail import could not start: " + err.Error()})
		}
	})
}

func (w *Workspace) eachImporter(fn func(*mail.Importer)) error {
	runner, err := w.runningImport()
	if err != nil {
		return err
	}
	runner.each(fn)
	return nil
}

// switchToMain closes the demo workspace and opens (creating) the rep's own.
func (w *Workspace) switchToMain(ctx context.Context) error {
	if err := w.Close(ctx); err != nil {
		return err
	}
	if err := os.MkdirAll(w.cfg.Paths.Workspace(mainWorkspace), 0o700); err != nil {
		return err
	}
	w.mu.Lock()
	w.cfg.Demo = false
	w.mu.Unlock()
	return w.Open(ctx)
}
