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

// killGroupLocked stops the process group of the master: SIGTERM first, so
// Dovecot closes its indexes cleanly, then SIGKILL for anything left.
func (d *Dovecot) killGroupLocked(exited chan error) {
	if d.cmd == nil {
		return
	}
	pgid := d.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-exited
	}
	// Children may outlive the master for a moment and would keep the
	// listening sockets open; wait for the group to empty.
	for deadline := time.Now().Add(3 * time.Second); ; {
		if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
			break
		}
		if time.Now().After(deadline) {
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			time.Sleep(50 * time.Millisecond)
			break
		}
		time.Sleep(5 * time.Millisecond)
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
// folder's dovecot-uidlist and index files, and starts it again. Every
// message then gets a new UID. folder is an IMAP name ("INBOX",
// "usrp-users").
func (d *Dovecot) ChangeUIDValidity(folder string) error {
	d.Stop()
	sub := ""
	if !strings.EqualFold(folder, "INBOX") {
		sub = "." + strings.ReplaceAll(folder, "/", ".")
	}
	if _, err := os.Stat(filepath.Join(d.paths.maildir, sub, "cur")); err != nil {
		return fmt.Errorf("imaptest: change uidvalidity of %q: %w", folder, err)
	}
	for _, dir := range []string{filepath.Join(d.paths.control, sub), filepath.Join(d.paths.index, sub)} {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("imaptest: change uidvalidity: %w", err)
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasPrefix(e.Name(), "dovecot") {
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
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
