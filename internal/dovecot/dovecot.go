// Package dovecot runs a private Dovecot 2.3 IMAP server on loopback,
// serving one Maildir++ tree to one user, for tests and benchmarks.
package dovecot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
)

// Binary is where Debian's dovecot-imapd installs the server.
const Binary = "/usr/sbin/dovecot"

// The credentials served when Config leaves them empty.
const (
	DefaultUser     = "parley"
	DefaultPassword = "secret"
)

// Config describes one private instance.
type Config struct {
	// Name starts Dovecot's instance_name, which the port completes, so
	// that the processes of concurrent instances can be told apart.
	Name string
	// Dir holds everything Dovecot writes apart from the mail: its
	// configuration, state, log, passwd file, home, index and control
	// files. Required.
	Dir string
	// RunDir is Dovecot's base_dir, where its sockets go; it defaults to
	// Dir/run. Unix socket paths are limited to about 108 bytes, so give
	// a short folder here when Dir is long.
	RunDir string
	// Maildir is the Maildir++ tree served, which the MailOwner must be
	// able to reach, read and write. Dovecot changes it as clients do, so
	// serve a copy. Required.
	Maildir string
	// User and Password default to DefaultUser and DefaultPassword.
	User, Password string
	// TLSCert and TLSKey are PEM files. When set, Dovecot also listens
	// with implicit TLS (TLSAddr) and offers STARTTLS on Addr.
	TLSCert, TLSKey string
	// DisableCondStore stops Dovecot advertising CONDSTORE and QRESYNC.
	DisableCondStore bool
}

// paths are the private folders and files of one instance.
type paths struct {
	conf, run, state, log, stdout, passwd, home, index, control string
}

// Server is a running private Dovecot. Its methods are safe for use by one
// goroutine at a time.
type Server struct {
	cfg     Config
	paths   paths
	owner   Owner
	port    int
	tlsPort int // 0 when TLS is off

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan error // receives the master's exit status
}

// Start prepares cfg.Dir and starts Dovecot on free loopback ports. It
// returns once every listener greets; the caller must Stop the server.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Dir == "" || cfg.Maildir == "" {
		return nil, errors.New("dovecot: Config needs Dir and Maildir")
	}
	if cfg.User == "" {
		cfg.User = DefaultUser
	}
	if cfg.Password == "" {
		cfg.Password = DefaultPassword
	}
	if cfg.RunDir == "" {
		cfg.RunDir = filepath.Join(cfg.Dir, "run")
	}
	// Dovecot's configuration needs absolute paths.
	for _, p := range []*string{&cfg.Dir, &cfg.RunDir, &cfg.Maildir, &cfg.TLSCert, &cfg.TLSKey} {
		if *p == "" {
			continue
		}
		abs, err := filepath.Abs(*p)
		if err != nil {
			return nil, fmt.Errorf("dovecot: %w", err)
		}
		*p = abs
	}
	owner, err := MailOwner()
	if err != nil {
		return nil, err
	}
	in := func(name string) string { return filepath.Join(cfg.Dir, name) }
	s := &Server{cfg: cfg, owner: owner, paths: paths{
		conf:    in("dovecot.conf"),
		run:     cfg.RunDir,
		state:   in("state"),
		log:     in("dovecot.log"),
		stdout:  in("dovecot.out"),
		passwd:  in("passwd"),
		home:    in("home"),
		index:   in("index"),
		control: in("control"),
	}}
	if err := s.prepare(); err != nil {
		return nil, err
	}
	// A free port found by listening and closing can be taken again before
	// Dovecot binds it; pick new ports and retry a few times.
	for attempt := 0; attempt < 3; attempt++ {
		if err = s.pickPorts(); err != nil {
			break
		}
		if err = s.start(ctx); err == nil {
			return s, nil
		}
		if !portInUse(err) {
			break
		}
	}
	return nil, err
}

// prepare lays out the private folders and the passwd file.
func (s *Server) prepare() error {
	p := s.paths
	for _, dir := range []string{p.run, p.state, p.home, p.index, p.control} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("dovecot: %w", err)
		}
	}
	for _, dir := range []string{p.home, p.index, p.control} {
		if err := s.owner.Chown(dir); err != nil {
			return fmt.Errorf("dovecot: %w", err)
		}
	}
	if err := makeReachable(s.cfg.Dir); err != nil {
		return err
	}
	line := s.cfg.User + ":{PLAIN}" + s.cfg.Password + "::::::\n"
	if err := os.WriteFile(p.passwd, []byte(line), 0o644); err != nil {
		return fmt.Errorf("dovecot: passwd: %w", err)
	}
	return nil
}

func (s *Server) pickPorts() error {
	var err error
	if s.port, err = freePort(); err != nil {
		return err
	}
	s.tlsPort = 0
	if s.cfg.TLSCert != "" {
		if s.tlsPort, err = freePort(); err != nil {
			return err
		}
	}
	return nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("dovecot: free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Addr is the plain IMAP listener (STARTTLS available when TLS is on).
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// TLSAddr is the implicit-TLS listener, or "" when TLS is off.
func (s *Server) TLSAddr() string {
	if s.tlsPort == 0 {
		return ""
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.tlsPort))
}

// User and Password are the credentials of the one user served.
func (s *Server) User() string     { return s.cfg.User }
func (s *Server) Password() string { return s.cfg.Password }

// IndexDir and ControlDir hold Dovecot's own files for the Maildir
// (indexes, dovecot-uidlist), kept outside it.
func (s *Server) IndexDir() string   { return s.paths.index }
func (s *Server) ControlDir() string { return s.paths.control }

// Log returns Dovecot's log so far, for failure messages.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.paths.log)
	return string(b)
}
