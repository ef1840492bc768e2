package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"parley/app/crm"
	"parley/app/settings"
	"parley/app/store"
	"parley/app/vault"
)

func testWorkspace(t *testing.T, paths settings.Paths, pass string) *Workspace {
	t.Helper()
	w := NewWorkspace(Config{Paths: paths, Passphrase: pass, Demo: true, NoImport: true})
	t.Cleanup(func() { w.Close(context.Background()) })
	return w
}

func TestWorkspaceLifecycle(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	paths := settings.Paths{Data: dir + "/data", Logs: dir + "/logs"}

	// No keychain and no passphrase: locked, with words for the user.
	w := testWorkspace(t, paths, "")
	if err := w.Open(ctx); !errors.Is(err, vault.ErrNoKeychain) {
		t.Fatalf("open without key: %v", err)
	}
	if s := w.Status(ctx); s.State != "locked" || !strings.Contains(s.Message, "passphrase") {
		t.Fatalf("status: %+v", s)
	}
	if _, err := (&AccountService{w}).List(""); err == nil {
		t.Fatal("a locked workspace answered a query")
	}
	if err := w.Unlock(ctx, "a good passphrase"); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	s := w.Status(ctx)
	if s.State != "open" || !s.Demo || s.KeySource != "passphrase" || !s.FirstRun {
		t.Fatalf("open status: %+v", s)
	}

	// A second app on the same folder gets a plain message, not a lock error.
	w2 := testWorkspace(t, paths, "a good passphrase")
	if err := w2.Open(ctx); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	if msg := w2.Status(ctx).Message; !strings.Contains(msg, "already open") {
		t.Fatalf("second open message: %q", msg)
	}

	svc := NewServices(w)
	if _, err := svc.Activity.Capture(ActivityInput{Kind: "lunch", Body: "x"}); err == nil {
		t.Fatal("unknown kind accepted")
	}
	if _, err := svc.Activity.Capture(ActivityInput{Kind: "note", Body: "   "}); err == nil {
		t.Fatal("empty note accepted")
	}
	item, err := svc.Activity.Capture(ActivityInput{Kind: "call", Body: "Called Jane about the pilot\nShe wants a quote"})
	if err != nil {
		t.Fatal(err)
	}
	if item.Title != "Called Jane about the pilot" || item.Kind != "call" {
		t.Fatalf("captured item: %+v", item)
	}
	recent, err := svc.Timeline.Recent(10)
	if err != nil || len(recent) != 1 || recent[0].ID != item.ID {
		t.Fatalf("recent: %+v %v", recent, err)
	}
	if _, err := svc.Workspace.ChooseDemo(); err != nil {
		t.Fatal(err)
	}
	if s := w.Status(ctx); s.FirstRun || s.Counts.Activities != 1 {
		t.Fatalf("after choosing demo: %+v", s)
	}
	accts, err := svc.Accounts.List("")
	if err != nil || accts == nil {
		t.Fatalf("empty list must be [] not nil: %v %v", accts, err)
	}

	// Closing and reopening with the passphrase keeps the note.
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	w3 := testWorkspace(t, paths, "a good passphrase")
	if err := w3.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if s := w3.Status(ctx); s.Counts.Activities != 1 {
		t.Fatalf("after reopen: %+v", s.Counts)
	}
}

// The status bar counts people and companies, not the records merged away.
func TestStatusCountsLiveAccountsAndContacts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := testWorkspace(t, settings.Paths{Data: dir + "/data", Logs: dir + "/logs"}, "a good passphrase")
	if err := w.Open(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := w.Store()
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update(ctx, func(tx *store.Tx) error {
		a := &crm.Account{ID: crm.AccountIDFor("acme.test"), Name: "Acme", Domains: []string{"acme.test"}}
		b := &crm.Account{ID: crm.AccountIDFor("acme-labs.test"), Name: "Acme Labs", Domains: []string{"acme-labs.test"}, MergedInto: a.ID}
		c := &crm.Contact{ID: "c_1", Name: "Ann Lee", Addresses: []string{"ann@acme.test"}}
		for _, e := range []crm.Entity{a, b, c, &crm.Merge{ID: crm.MergeIDFor(crm.KindAccount, b.ID, a.ID), Kind: crm.KindAccount, From: b.ID, Into: a.ID}} {
			if _, err := tx.Put(e, "me"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Status(ctx).Counts; got.Accounts != 1 || got.Contacts != 1 {
		t.Fatalf("counts %+v, want one account and one contact", got)
	}
}
