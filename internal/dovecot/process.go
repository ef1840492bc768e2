package dovecot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// start writes the configuration, runs Dovecot in the foreground in its own
// process group and waits until every listener greets.
func (s *Server) start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.WriteFile(s.paths.conf, []byte(s.config()), 0o644); err != nil {
		return fmt.Errorf("dovecot: write config: %w", err)
	}
	logStart := fileSize(s.paths.log)
	cmd := exec.Command(Binary, "-F", "-c", s.paths.conf)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	// A file, not a Go writer: with a writer, exec copies through a pipe
	// and Wait also waits for every holder of the pipe to close it.
	out, err := os.OpenFile(s.paths.stdout, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("dovecot: output: %w", err)
	}
	defer out.Close()
	outStart := fileSize(s.paths.stdout)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("dovecot: run %s: %w", Binary, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	s.cmd = cmd
	output := func() string {
		return readTail(s.paths.stdout, outStart) + " " + readTail(s.paths.log, logStart)
	}
	addrs := []string{s.Addr()}
	if s.tlsPort != 0 {
		addrs = append(addrs, s.TLSAddr())
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, addr := range addrs {
		for probe(addr, addr == s.TLSAddr()) != nil {
			select {
			case err := <-exited:
				s.cmd = nil
				return fmt.Errorf("dovecot: exited (%v): %s", err, output())
			case <-ctx.Done():
				s.killGroupLocked(exited)
				return fmt.Errorf("dovecot: start: %w", ctx.Err())
			case <-time.After(10 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				s.killGroupLocked(exited)
				return fmt.Errorf("dovecot: did not listen on %s: %s", addr, output())
			}
		}
	}
	s.exited = exited
	return nil
}

// portInUse reports whether start failed because a listener's port was
// taken: Dovecot logs "Address already in use", and start's error quotes
// the log.
func portInUse(err error) bool { return strings.Contains(err.Error(), "in use") }

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

// Stop ends Dovecot and every process it started, and waits for them. It
// is idempotent.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.killGroupLocked(s.exited)
}

// killGroupLocked stops the process group of the master: SIGTERM first,
// so Dovecot can close its indexes, then SIGKILL. The grace period is
// short on purpose: on SIGTERM the 2.3 master often sleeps a whole second
// waiting for a just-disconnected imap child, which made every Stop take
// 1-3 s. Dovecot's indexes survive a kill (they are rebuilt from the
// transaction log and the Maildir); imaptest's TestDovecotRestartKeepsData
// checks the data.
func (s *Server) killGroupLocked(exited chan error) {
	if s.cmd == nil {
		return
	}
	pgid := s.cmd.Process.Pid
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
	s.cmd, s.exited = nil, nil
}

// Restart stops Dovecot and starts it again on the same ports with the same
// data. Clients must reconnect.
func (s *Server) Restart(ctx context.Context) error {
	s.Stop()
	var err error
	// The ports were ours a moment ago, but the kernel can be slow to let
	// go of them; retry briefly.
	for i := 0; i < 20; i++ {
		if err = s.start(ctx); err == nil || !portInUse(err) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
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
