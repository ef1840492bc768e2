package mail_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"parley/app/crm"
	"parley/app/mail"
	"parley/app/store"
)

func TestMailAccountValidation(t *testing.T) {
	good := mail.MailAccount{Host: "imap.example.com", Username: "Rep@Example.com"}.Normalize()
	if err := good.Validate(); err != nil {
		t.Fatalf("good account: %v", err)
	}
	if good.Port != 993 || good.Security != mail.SecurityTLS || good.ID != "rep@example.com" || good.Auth != mail.AuthPassword {
		t.Fatalf("defaults %+v", good)
	}
	for name, mod := range map[string]func(*mail.MailAccount){
		"plain to a remote host": func(a *mail.MailAccount) { a.Security = mail.SecurityPlain },
		"unknown security":       func(a *mail.MailAccount) { a.Security = "ssl3" },
		"no host":                func(a *mail.MailAccount) { a.Host = "" },
		"bad port":               func(a *mail.MailAccount) { a.Port = 70000 },
		"bad since":              func(a *mail.MailAccount) { a.Since = "yesterday" },
		"bad id":                 func(a *mail.MailAccount) { a.ID = "a/b" },
		"unknown auth":           func(a *mail.MailAccount) { a.Auth = "kerberos" },
	} {
		a := good
		mod(&a)
		if err := a.Validate(); !errors.Is(err, crm.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	local := good
	local.Host, local.Security = "127.0.0.1", mail.SecurityPlain
	if err := local.Validate(); err != nil {
		t.Fatalf("plain to loopback: %v", err)
	}
}

func TestMailAccountsKeepTheSecretApart(t *testing.T) {
	st := tempStore(t)
	ctx := context.Background()
	a, err := mail.SaveMailAccount(ctx, st, mail.MailAccount{Host: "imap.example.com", Username: "rep@example.com"}, "hunter2-secret")
	if err != nil {
		t.Fatal(err)
	}
	list, err := mail.MailAccounts(ctx, st)
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("list %+v %v", list, err)
	}
	var prefs []byte
	st.View(ctx, func(tx *store.Tx) error {
		var raw any
		tx.Pref("mail/accounts", &raw)
		prefs = []byte(strings.ToLower(fmtAny(raw)))
		return nil
	})
	if strings.Contains(string(prefs), "hunter2") {
		t.Fatal("the password is in the preferences")
	}
	_, secret, err := mail.GetMailAccount(ctx, st, a.ID)
	if err != nil || secret != "hunter2-secret" {
		t.Fatalf("secret %q %v", secret, err)
	}
	if err := mail.RemoveMailAccount(ctx, st, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := mail.GetMailAccount(ctx, st, a.ID); !errors.Is(err, mail.ErrNoMailAccount) {
		t.Fatalf("after remove: %v", err)
	}
	var s string
	if err := st.View(ctx, func(tx *store.Tx) error { return tx.Secret("mail/"+a.ID, &s) }); !errors.Is(err, crm.ErrNotFound) {
		t.Fatalf("secret left after remove: %q %v", s, err)
	}
}

func fmtAny(v any) string { b, _ := json.Marshal(v); return string(b) }
