package app

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"parley/app/settings"
	"parley/internal/imaptest"
)

func mailAt(i int, from, subject string) []byte {
	return []byte(fmt.Sprintf("Message-ID: <m%d@test>\r\nFrom: %s\r\nTo: rep@vendor.test\r\nSubject: %s\r\nDate: Mon, 2 Nov 2026 1%d:00:00 +0000\r\n\r\nBody %d\r\n", i, from, subject, i%10, i))
}

// TestAddAccountImportsAndLeavesOutWithReasons: adding the first mail
// account leaves the demo for the rep's own workspace, imports over IMAP,
// and lists what it left out and why.
func TestAddAccountImportsAndLeavesOutWithReasons(t *testing.T) {
	srv := imaptest.StartMemServer(t, map[string][][]byte{"INBOX": {
		mailAt(1, "Jane Roe <jane@acme.test>", "Quote please"),
		mailAt(2, "Ann Colleague <ann@vendor.test>", "Lunch?"),
		mailAt(3, "Jane Roe <jane@acme.test>", "Re: Quote please"),
	}})
	home := t.TempDir()
	paths := settings.Paths{Data: home + "/data", Logs: home + "/logs"}
	w := NewWorkspace(Config{Paths: paths, Passphrase: "a long passphrase", Demo: false, NoImport: false})
	ctx := context.Background()
	if err := w.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer w.Close(ctx)
	if !w.Status(ctx).Demo {
		t.Fatal("a new install should open the demo")
	}
	svc := NewServices(w)
	host, port, _ := net.SplitHostPort(srv.Addr)
	p, _ := strconv.Atoi(port)
	acct := MailAccountView{Host: host, Port: p, Security: "plain", Username: srv.User, MyAddresses: []string{"rep@vendor.test"}}

	if _, err := svc.Import.AddAccount(acct, "wrong password"); err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("a refused password must say so: %v", err)
	}
	if res, _ := svc.Import.TestAccount(acct, srv.Password); !res.OK || len(res.Folders) == 0 {
		t.Fatalf("test connection: %+v", res)
	}
	saved, err := svc.Import.AddAccount(acct, srv.Password)
	if err != nil {
		t.Fatal(err)
	}
	if s := w.Status(ctx); s.Demo || s.State != "open" {
		t.Fatalf("after adding an account: %+v", s)
	}
	deadline := time.Now().Add(30 * time.Second)
	for w.Status(ctx).Counts.Messages < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("import did not finish: %+v", w.Status(ctx).Import)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := svc.Import.Pause(); err != nil || !w.Status(ctx).Import.Paused {
		t.Fatalf("pause: %v, status %+v", err, w.Status(ctx).Import)
	}
	if err := svc.Import.Resume(); err != nil || w.Status(ctx).Import.Paused {
		t.Fatalf("resume: %v, status %+v", err, w.Status(ctx).Import)
	}
	list, _ := svc.Import.Accounts()
	if len(list) != 1 || list[0].ID != saved.ID {
		t.Fatalf("accounts: %+v", list)
	}
	left, err := svc.Import.LeftOut(10)
	if err != nil || len(left) != 1 || left[0].Reason != "internal only" || left[0].Address != "ann@vendor.test" {
		t.Fatalf("left out: %+v %v", left, err)
	}
	accts, _ := svc.Accounts.List("")
	if len(accts) != 1 || accts[0].Name != "Acme" || accts[0].ThreadCount != 1 {
		t.Fatalf("accounts from mail: %+v", accts)
	}
	// The rep says colleague Ann's mail is customer history after all
	// (she forwards customer mail): the stored message joins history now.
	if err := svc.Import.Override("ann@vendor.test", true); err != nil {
		t.Fatal(err)
	}
	if st, _ := svc.Import.Settings(); len(st.Include) != 1 || st.Include[0] != "ann@vendor.test" {
		t.Fatalf("settings: %+v", st)
	}
	if left, _ := svc.Import.LeftOut(10); len(left) != 0 {
		t.Fatalf("still left out after the override: %+v", left)
	}
	if err := svc.Import.RemoveAccount(saved.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := svc.Import.Accounts(); len(list) != 0 {
		t.Fatalf("after remove: %+v", list)
	}
}
