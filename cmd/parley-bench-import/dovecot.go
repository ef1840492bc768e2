package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The one IMAP user of the private server.
const (
	imapUser = "parley"
	imapPass = "secret"
)

var errDovecot = errors.New("dovecot")

// dovecot is a private Dovecot 2.3 serving one Maildir++ tree on loopback.
// internal/imaptest does the same for tests (it needs a testing.TB); this
// is the benchmark's own, smaller starter.
type dovecot struct {
	dir     string // config, sockets, state, log, Dovecot's index
	maildir string
	port    int
	cmd     *exec.Cmd
	exited  chan error
}

// mailOwner is who Dovecot's mail processes run as: Dovecot refuses uid 0,
// so as root the Debian user "mail" serves the files.
func mailOwner() (uid, gid int, err error) {
	if os.Geteuid() != 0 {
		return os.Getuid(), os.Getgid(), nil
	}
	u, err := user.Lookup("mail")
	if err != nil {
		return 0, 0, fmt.Errorf("%w: look up user mail: %w", errDovecot, err)
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return uid, gid, nil
}

// chownTree hands a tree to the mail user.
func chownTree(root string, uid, gid int) error {
	return filepath.WalkDir(root, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}

// startDovecot serves maildir (which the mail user must own) from a
// config under dir. Stop it with stop.
func startDovecot(dir, maildir string) (*dovecot, error) {
	uid, gid, err := mailOwner()
	if err != nil {
		return nil, err
	}
	d := &dovecot{dir: dir, maildir: maildir}
	for _, sub := range []string{"run", "state", "home", "index", "control"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("%w: %w", errDovecot, err)
		}
	}
	for _, sub := range []string{"home", "index", "control"} {
		if err := os.Chown(filepath.Join(dir, sub), uid, gid); err != nil {
			return nil, fmt.Errorf("%w: %w", errDovecot, err)
		}
	}
	// The mail user must be able to walk down to its folders.
	for p := dir; p != "/" && p != "."; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o005 != 0o005 {
			os.Chmod(p, fi.Mode().Perm()|0o005)
		}
	}
	passwd := filepath.Join(dir, "passwd")
	if err := os.WriteFile(passwd, []byte(imapUser+":{PLAIN}"+imapPass+"::::::\n"), 0o644); err != nil {
		return nil, fmt.Errorf("%w: %w", errDovecot, err)
	}
	for attempt := 0; ; attempt++ {
		if d.port, err = freePort(); err != nil {
			return nil, err
		}
		err = d.start(passwd, uid, gid)
		if err == nil || attempt == 2 || !strings.Contains(err.Error(), "in use") {
			return d, err
		}
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("%w: free port: %w", errDovecot, err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// config renders Dovecot 2.3 syntax (2.4's does not load on Debian 12).
// Dovecot's own index and control files stay outside the Maildir.
func (d *dovecot) config(passwd string, uid, gid int) string {
	p := func(s string) string { return filepath.Join(d.dir, s) }
	return strings.Join([]string{
		"instance_name = parley-bench-import-" + strconv.Itoa(d.port),
		"base_dir = " + p("run"),
		"state_dir = " + p("state"),
		"log_path = " + p("dovecot.log"),
		"info_log_path = " + p("dovecot.log"),
		"listen = 127.0.0.1",
		"protocols = imap",
		"ssl = no",
		"disable_plaintext_auth = no",
		"auth_mechanisms = plain login",
		"first_valid_uid = 1",
		"mail_fsync = never",
		"mail_max_userip_connections = 100",
		"mail_location = maildir:" + d.maildir + ":INDEX=" + p("index") + ":CONTROL=" + p("control"),
		"namespace inbox {", "  inbox = yes", "  separator = /", "  prefix =",
		"  mailbox Sent {", "    special_use = \\Sent", "  }", "}",
		"passdb {", "  driver = passwd-file", "  args = scheme=PLAIN username_format=%u " + passwd, "}",
		"userdb {", "  driver = static",
		"  args = uid=" + strconv.Itoa(uid) + " gid=" + strconv.Itoa(gid) + " home=" + p("home"), "}",
		"service imap-login {",
		"  inet_listener imap {", "    address = 127.0.0.1", "    port = " + strconv.Itoa(d.port), "  }",
		"  inet_listener imaps {", "    port = 0", "  }",
		"}", "",
	}, "\n")
}

func (d *dovecot) start(passwd string, uid, gid int) error {
	conf := filepath.Join(d.dir, "dovecot.conf")
	if err := os.WriteFile(conf, []byte(d.config(passwd, uid, gid)), 0o644); err != nil {
		return fmt.Errorf("%w: %w", errDovecot, err)
	}
	out, err := os.OpenFile(filepath.Join(d.dir, "dovecot.out"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("%w: %w", errDovecot, err)
	}
	defer out.Close()
	cmd := exec.Command("/usr/sbin/dovecot", "-F", "-c", conf)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%w: %w", errDovecot, err)
	}
	d.cmd, d.exited = cmd, make(chan error, 1)
	go func() { d.exited <- cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if greets(d.addr()) {
			return nil
		}
		select {
		case err := <-d.exited:
			d.cmd = nil
			return fmt.Errorf("%w: exited (%v): %s", errDovecot, err, tail(filepath.Join(d.dir, "dovecot.out"))+tail(filepath.Join(d.dir, "dovecot.log")))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			d.stop()
			return fmt.Errorf("%w: not listening on %s: %s", errDovecot, d.addr(), tail(filepath.Join(d.dir, "dovecot.log")))
		}
	}
}

func greets(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(time.Second))
	buf := make([]byte, 4)
	_, err = c.Read(buf)
	return err == nil && string(buf) == "* OK"
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

func (d *dovecot) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(d.port)) }

// stop ends the master and its children (its process group).
func (d *dovecot) stop() {
	if d == nil || d.cmd == nil {
		return
	}
	pgid := d.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(2 * time.Second):
	}
	syscall.Kill(-pgid, syscall.SIGKILL)
	d.cmd = nil
}
