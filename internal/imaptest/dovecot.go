package imaptest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// DovecotBinary is where Debian's dovecot-imapd installs the server.
const DovecotBinary = "/usr/sbin/dovecot"

// Default credentials of the single test user.
const (
	DefaultUser     = "parley"
	DefaultPassword = "secret"
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
	t       testing.TB
	opts    DovecotOptions
	paths   dovecotPaths
	owner   mailOwner
	port    int
	tlsPort int
	tls     *TLSMaterial

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan error // receives the master's exit status
}

// StartDovecot starts Dovecot on free loopback ports, serving a copy of
// opts.Maildir to one user, and stops it when the test ends. It skips the
// test when Dovecot is not installed (fails under PARLEY_REQUIRE_SERVERS=1).
func StartDovecot(t testing.TB, opts DovecotOptions) *Dovecot {
	t.Helper()
	if _, err := os.Stat(DovecotBinary); err != nil {
		missingServer(t, "dovecot not found at %s (install dovecot-imapd): %v", DovecotBinary, err)
	}
	if opts.User == "" {
		opts.User = DefaultUser
	}
	if opts.Password == "" {
		opts.Password = DefaultPassword
	}
	owner, err := lookupMailOwner()
	if err != nil {
		t.Fatalf("imaptest: %v", err)
	}
	d := &Dovecot{t: t, opts: opts, owner: owner}
	if err := d.prepare(); err != nil {
		t.Fatalf("imaptest: %v", err)
	}
	t.Cleanup(d.Stop)
	var startErr error
	// A free port found by listening and closing can be taken again before
	// Dovecot binds it; pick new ports and retry a few times.
	for attempt := 0; attempt < 3; attempt++ {
		if startErr = d.pickPorts(); startErr != nil {
			break
		}
		if startErr = d.start(); startErr == nil {
			return d
		}
		if !strings.Contains(startErr.Error(), "in use") {
			break
		}
	}
	t.Fatalf("imaptest: start dovecot: %v", startErr)
	return nil
}

func lookupMailOwner() (mailOwner, error) {
	if os.Geteuid() != 0 {
		return mailOwner{uid: os.Getuid(), gid: os.Getgid()}, nil
	}
	u, err := user.Lookup("mail")
	if err != nil {
		return mailOwner{}, fmt.Errorf("look up user mail: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return mailOwner{uid: uid, gid: gid}, nil
}

// prepare lays out the private folders, the Maildir copy, the user and the
// TLS files.
func (d *Dovecot) prepare() error {
	root := d.t.TempDir()
	// Unix socket paths are limited to ~108 bytes; long test names make
	// TempDir paths long, so the sockets get a short folder of their own.
	base := filepath.Join(root, "run")
	if len(base) > 60 {
		short, err := os.MkdirTemp("", "pdv")
		if err != nil {
			return fmt.Errorf("base dir: %w", err)
		}
		d.t.Cleanup(func() { os.RemoveAll(short) })
		base = short
	}
	d.paths = dovecotPaths{
		conf:    filepath.Join(root, "dovecot.conf"),
		base:    base,
		state:   filepath.Join(root, "state"),
		log:     filepath.Join(root, "dovecot.log"),
		stdout:  filepath.Join(root, "dovecot.out"),
		passwd:  filepath.Join(root, "passwd"),
		home:    filepath.Join(root, "home"),
		maildir: filepath.Join(root, "Maildir"),
		index:   filepath.Join(root, "index"),
		control: filepath.Join(root, "control"),
	}
	// The mail user must be able to walk down to its folders.
	for _, dir := range []string{filepath.Dir(root), root} {
		if err := os.Chmod(dir, 0o755); err != nil {
			return fmt.Errorf("chmod %s: %w", dir, err)
		}
	}
	for _, dir := range []string{d.paths.base, d.paths.state, d.paths.home, d.paths.index, d.paths.control} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("mkdir: %w", err)
		}
	}
	for _, dir := range []string{d.paths.home, d.paths.index, d.paths.control} {
		if err := chownDirs(dir, d.owner); err != nil {
			return err
		}
	}
	if err := copyMaildir(d.opts.Maildir, d.paths.maildir, d.owner); err != nil {
		return err
	}
	line := d.opts.User + ":{PLAIN}" + d.opts.Password + "::::::\n"
	if err := os.WriteFile(d.paths.passwd, []byte(line), 0o644); err != nil {
		return fmt.Errorf("passwd: %w", err)
	}
	if d.opts.TLS {
		m, err := NewTLSMaterial()
		if err != nil {
			return err
		}
		d.tls = m
		if d.paths.cert, d.paths.key, err = m.writePEM(root, d.opts.ServerCert); err != nil {
			return err
		}
	}
	return nil
}

func (d *Dovecot) pickPorts() error {
	var err error
	if d.port, err = freePort(); err != nil {
		return err
	}
	d.tlsPort = 0 // 0 switches the imaps listener off
	if d.opts.TLS {
		if d.tlsPort, err = freePort(); err != nil {
			return err
		}
	}
	return nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// start writes the configuration, runs Dovecot in the foreground in its own
// process group and waits until every listener greets.
func (d *Dovecot) start() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	name := "parley-test-" + strconv.Itoa(d.port)
	conf := dovecotConfig(d.paths, name, d.port, d.tlsPort, d.opts, d.owner)
	if err := os.WriteFile(d.paths.conf, []byte(conf), 0o644); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	logStart := fileSize(d.paths.log)
	cmd := exec.Command(DovecotBinary, "-F", "-c", d.paths.conf)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	// A file, not a Go writer: with a writer, exec copies through a pipe
	// and Wait also waits for every holder of the pipe to close it.
	out, err := os.OpenFile(d.paths.stdout, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("dovecot output: %w", err)
	}
	defer out.Close()
	outStart := fileSize(d.paths.stdout)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run %s: %w", DovecotBinary, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	d.cmd = cmd
	addrs := []string{d.Addr()}
	if d.tlsPort != 0 {
		addrs = append(addrs, d.TLSAddr())
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, addr := range addrs {
		for {
			if err := probe(addr, d.tlsPort != 0 && addr == d.TLSAddr()); err == nil {
				break
			}
			select {
			case err := <-exited:
				d.cmd = nil
				return fmt.Errorf("dovecot exited (%v): %s %s", err, readTail(d.paths.stdout, outStart), readTail(d.paths.log, logStart))
			case <-time.After(10 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				d.killGroupLocked(exited)
				return fmt.Errorf("dovecot did not listen on %s: %s %s", addr, readTail(d.paths.stdout, outStart), readTail(d.paths.log, logStart))
			}
		}
	}
	d.exited = exited
	return nil
}

// probe connects and reads the greeting; for the TLS port it only checks
// that something accepts, since the handshake needs a trusting client.
func probe(addr string, isTLS bool) error {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return err
	}
	defer c.Close()
	if isTLS {
		return nil
	}
	c.SetReadDeadline(time.Now().Add(time.Second))
	buf := make([]byte, 4)
	if _, err := c.Read(buf); err != nil {
		return err
	}
	if string(buf) != "* OK" {
		return fmt.Errorf("unexpected greeting %q", buf)
	}
	return nil
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func readTail(path string, from int64) string {
	b, err := os.ReadFile(path)
	if err != nil || int64(len(b)) < from {
		return ""
	}
	return string(b[from:])
}
