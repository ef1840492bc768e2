package imaptest

import (
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Addr is the plain IMAP listener (STARTTLS available when TLS is on).
func (d *Dovecot) Addr() string { return d.srv.Addr() }

// TLSAddr is the implicit-TLS listener, or "" when TLS is off.
func (d *Dovecot) TLSAddr() string { return d.srv.TLSAddr() }

// User and Password are the credentials of the test user.
func (d *Dovecot) User() string     { return d.srv.User() }
func (d *Dovecot) Password() string { return d.srv.Password() }

// CAPool trusts the CA that issued the good server certificate; nil when
// TLS is off.
func (d *Dovecot) CAPool() *x509.CertPool {
	if d.tls == nil {
		return nil
	}
	return d.tls.CAPool
}

// TLS returns the test PKI (nil when TLS is off), for negative tests with
// OtherCAPool or the other certificates.
func (d *Dovecot) TLS() *TLSMaterial { return d.tls }

// MaildirPath is the served copy of the Maildir.
func (d *Dovecot) MaildirPath() string { return d.maildir }

// Log returns Dovecot's log so far, for failure messages.
func (d *Dovecot) Log() string { return d.srv.Log() }

// ChangeUIDValidity makes Dovecot assign folder a new UIDVALIDITY, as a
// server does after its index is lost: it stops Dovecot, deletes the
// folder's dovecot-uidlist and index files (and the mailbox list index,
// which caches UIDVALIDITY for STATUS), and starts it again. Every message
// of the folder then gets a new UID; other folders keep theirs. Dovecot
// takes the new value from its dovecot-uidvalidity counter, which is kept,
// so the value always changes. folder is an IMAP name ("INBOX",
// "usrp-users").
func (d *Dovecot) ChangeUIDValidity(folder string) error {
	d.Stop()
	// Maildir++ keeps INBOX at the root, but with separate CONTROL and
	// INDEX folders Dovecot files INBOX's state under ".INBOX".
	sub, mailSub := ".INBOX", ""
	if !strings.EqualFold(folder, "INBOX") {
		sub = "." + strings.ReplaceAll(folder, "/", ".")
		mailSub = sub
	}
	if _, err := os.Stat(filepath.Join(d.maildir, mailSub, "cur")); err != nil {
		return fmt.Errorf("imaptest: change uidvalidity of %q: %w", folder, err)
	}
	targets := []struct{ dir, prefix string }{
		{filepath.Join(d.srv.ControlDir(), sub), "dovecot-uidlist"},
		{filepath.Join(d.srv.IndexDir(), sub), "dovecot.index"},
		{d.srv.IndexDir(), "dovecot.list.index"},
	}
	for _, tg := range targets {
		entries, err := os.ReadDir(tg.dir)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("imaptest: change uidvalidity: %w", err)
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasPrefix(e.Name(), tg.prefix) {
				if err := os.Remove(filepath.Join(tg.dir, e.Name())); err != nil {
					return fmt.Errorf("imaptest: change uidvalidity: %w", err)
				}
			}
		}
	}
	return d.Restart()
}

// AppendRaw delivers raw into folder the way an MTA does (tmp/ then new/),
// while Dovecot runs; clients see it on their next NOOP, IDLE or SELECT.
func (d *Dovecot) AppendRaw(folder string, raw []byte) error {
	_, err := deliver(d.maildir, folder, raw, d.owner)
	return err
}
