package imaptest

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Addr is the plain IMAP listener (STARTTLS available when TLS is on).
func (d *Dovecot) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(d.port)) }

// TLSAddr is the implicit-TLS listener, or "" when TLS is off.
func (d *Dovecot) TLSAddr() string {
	if d.tlsPort == 0 {
		return ""
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(d.tlsPort))
}

// User and Password are the credentials of the test user.
func (d *Dovecot) User() string     { return d.opts.User }
func (d *Dovecot) Password() string { return d.opts.Password }

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
func (d *Dovecot) MaildirPath() string { return d.paths.maildir }

// Log returns Dovecot's log so far, for failure messages.
func (d *Dovecot) Log() string {
	b, _ := os.ReadFile(d.paths.log)
	return string(b)
}

// Stop ends Dovecot and every process it started, and waits for them. It
// is idempotent and runs automatically at the end of the test.
func (d *Dovecot) Stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.killGroupLocked(d.exited)
}

// killGroupLocked stops the process group of the master: SIGTERM first,
// so Dovecot can close its indexes, then SIGKILL. The grace period is
// short on purpose: on SIGTERM the 2.3 master often sleeps a whole second
// waiting for a just-disconnected imap child, which made every Stop take
// 1-3 s. Dovecot's indexes survive a kill (they are rebuilt from the
// transaction log and the Maildir), and the restart test checks the data.
func (d *Dovecot) killGroupLocked(exited chan error) {
	if d.cmd == nil {
		return
	}
	pgid := d.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(150 * time.Millisecond):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-exited
	}
	// Children can outlive the master for a moment, holding the listening
	// sockets; make sure they are gone too.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if !groupAlive(pgid) {
			break
		}
	}
	d.cmd, d.exited = nil, nil
}

// Restart stops Dovecot and starts it again on the same ports with the same
// data. Clients must reconnect.
func (d *Dovecot) Restart() error {
	d.Stop()
	var err error
	// The ports were ours a moment ago, but the kernel can be slow to let
	// go of them; retry briefly.
	for i := 0; i < 20; i++ {
		if err = d.start(); err == nil || !strings.Contains(err.Error(), "in use") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("imaptest: restart: %w", err)
	}
	return nil
}

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
	if _, err := os.Stat(filepath.Join(d.paths.maildir, mailSub, "cur")); err != nil {
		return fmt.Errorf("imaptest: change uidvalidity of %q: %w", folder, err)
	}
	targets := []struct{ dir, prefix string }{
		{filepath.Join(d.paths.control, sub), "dovecot-uidlist"},
		{filepath.Join(d.paths.index, sub), "dovecot.index"},
		{d.paths.index, "dovecot.list.index"},
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
	_, err := deliver(d.paths.maildir, folder, raw, d.owner)
	return err
}

// groupAlive reports whether a process of group pgid is still running.
// Zombies do not count: they hold no sockets, and once the master is gone
// they wait for init to reap them, which can take a second here.
func groupAlive(pgid int) bool {
	if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return true // cannot tell: assume the worst
	}
	for _, e := range entries {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the parenthesised command: state ppid pgrp ...
		i := strings.LastIndexByte(string(b), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) && f[0] != "Z" && f[0] != "X" {
			return true
		}
	}
	return false
}
