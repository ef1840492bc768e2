package imaptest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"parley/internal/dovecot"
)

// DovecotBinary is where Debian's dovecot-imapd installs the server.
const DovecotBinary = dovecot.Binary

// Default credentials of the single test user.
const (
	DefaultUser     = dovecot.DefaultUser
	DefaultPassword = dovecot.DefaultPassword
)

// DovecotOptions configures StartDovecot. The zero value serves an empty
// INBOX over plain IMAP with CONDSTORE advertised.
type DovecotOptions struct {
	// Maildir is a Maildir++ tree to serve a copy of; it is never written.
	Maildir string
	// User and Password default to DefaultUser and DefaultPassword.
	User, Password string
	// TLS adds an implicit-TLS listener (TLSAddr) and STARTTLS on Addr.
	TLS bool
	// ServerCert chooses the certificate presented when TLS is on.
	ServerCert ServerCert
	// DisableCondStore stops Dovecot advertising CONDSTORE and QRESYNC.
	DisableCondStore bool
}

// Dovecot is a private Dovecot 2.3 instance owned by one test.
// Its methods are safe for use by one goroutine at a time.
type Dovecot struct {
	srv     *dovecot.Server
	maildir string // the served copy
	owner   dovecot.Owner
	tls     *TLSMaterial
}

// StartDovecot starts Dovecot on free loopback ports, serving a copy of
// opts.Maildir to one user, and stops it when the test ends. It skips the
// test when Dovecot is not installed (fails under PARLEY_REQUIRE_SERVERS=1).
func StartDovecot(t testing.TB, opts DovecotOptions) *Dovecot {
	t.Helper()
	if _, err := os.Stat(dovecot.Binary); err != nil {
		missingServer(t, "dovecot not found at %s (install dovecot-imapd): %v", dovecot.Binary, err)
	}
	d, err := startDovecot(t, opts)
	if err != nil {
		t.Fatalf("imaptest: start dovecot: %v", err)
	}
	return d
}

// startDovecot lays out the test's folders, the Maildir copy and the TLS
// files, and starts the server.
func startDovecot(t testing.TB, opts DovecotOptions) (*Dovecot, error) {
	root := t.TempDir()
	runDir, err := socketDir(t, root)
	if err != nil {
		return nil, err
	}
	owner, err := dovecot.MailOwner()
	if err != nil {
		return nil, err
	}
	d := &Dovecot{maildir: filepath.Join(root, "Maildir"), owner: owner}
	if err := copyMaildir(opts.Maildir, d.maildir, owner); err != nil {
		return nil, err
	}
	cfg := dovecot.Config{
		Name:             "parley-test",
		Dir:              root,
		RunDir:           runDir,
		Maildir:          d.maildir,
		User:             opts.User,
		Password:         opts.Password,
		DisableCondStore: opts.DisableCondStore,
	}
	if opts.TLS {
		if d.tls, err = NewTLSMaterial(); err != nil {
			return nil, err
		}
		if cfg.TLSCert, cfg.TLSKey, err = d.tls.writePEM(root, opts.ServerCert); err != nil {
			return nil, err
		}
	}
	if d.srv, err = dovecot.Start(t.Context(), cfg); err != nil {
		return nil, err
	}
	t.Cleanup(d.srv.Stop)
	return d, nil
}

// socketDir is Dovecot's folder for its sockets. Unix socket paths are
// limited to ~108 bytes; long test names make TempDir paths long, so the
// sockets then get a short folder of their own.
func socketDir(t testing.TB, root string) (string, error) {
	dir := filepath.Join(root, "run")
	if len(dir) <= 60 {
		return dir, nil
	}
	short, err := os.MkdirTemp("", "pdv")
	if err != nil {
		return "", fmt.Errorf("socket dir: %w", err)
	}
	t.Cleanup(func() { os.RemoveAll(short) })
	return short, nil
}

// Restart stops Dovecot and starts it again on the same ports with the same
// data. Clients must reconnect.
func (d *Dovecot) Restart() error {
	if err := d.srv.Restart(context.Background()); err != nil {
		return fmt.Errorf("imaptest: restart: %w", err)
	}
	return nil
}

// Stop ends Dovecot and every process it started, and waits for them. It
// is idempotent and runs automatically at the end of the test.
func (d *Dovecot) Stop() { d.srv.Stop() }
