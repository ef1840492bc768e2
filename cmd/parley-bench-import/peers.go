package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"parley/internal/dovecot"
)

// peerRun is one peer tool's timed step.
type peerRun struct {
	timedRun
	Version    string  `json:"version"`
	MsgsPerSec float64 `json:"msgsPerSec"`
	DiskBytes  int64   `json:"diskBytes"` // what it wrote: the Maildir, or the database
}

// peers are mbsync into an empty Maildir, then notmuch and mu indexing it.
type peers struct {
	Mbsync  peerRun `json:"mbsync"`
	Notmuch peerRun `json:"notmuch"`
	Mu      peerRun `json:"mu"`
}

func toolVersion(argv ...string) string {
	out, _ := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}

// mbsyncConfig pulls folders from the server into near, without fsync
// (Parley's store is not asked to fsync per message either).
func mbsyncConfig(addr string, folders []string, near string) string {
	host, port, _ := strings.Cut(addr, ":")
	return strings.Join([]string{
		"FSync no", "",
		"IMAPAccount bench", "Host " + host, "Port " + port, "User " + dovecot.DefaultUser, "Pass " + dovecot.DefaultPassword,
		"SSLType None", "AuthMechs LOGIN", "",
		"IMAPStore far", "Account bench", "",
		"MaildirStore near", "Path " + near + "/", "Inbox " + filepath.Join(near, "INBOX"), "SubFolders Verbatim", "",
		"Channel bench", "Far :far:", "Near :near:", "Patterns " + strings.Join(folders, " "),
		"Create Near", "Sync Pull", "SyncState *", "",
	}, "\n")
}

// runMbsync syncs the folders into a new Maildir at near.
func runMbsync(ctx context.Context, work, addr string, folders []string, near string) (timedRun, error) {
	if err := os.MkdirAll(work, 0o755); err != nil {
		return timedRun{}, err
	}
	conf := filepath.Join(work, filepath.Base(near)+".mbsyncrc")
	if err := os.WriteFile(conf, []byte(mbsyncConfig(addr, folders, near)), 0o600); err != nil {
		return timedRun{}, err
	}
	if err := os.MkdirAll(near, 0o755); err != nil {
		return timedRun{}, err
	}
	return runTimed(ctx, nil, os.Stderr, "mbsync", "-q", "-c", conf, "-a")
}

// warmUp pulls everything once with mbsync, untimed: a first pass over a
// cold Dovecot folder is slow on the server's side (Dovecot builds its own
// index), and every timed run should meet the same warm server.
func warmUp(ctx context.Context, work, addr string, folders []string) (float64, error) {
	r, err := runMbsync(ctx, work, addr, folders, filepath.Join(work, "warmup-maildir"))
	os.RemoveAll(filepath.Join(work, "warmup-maildir"))
	return r.Secs, err
}

// runPeers runs mbsync into an empty Maildir, then mu index and notmuch
// new over what mbsync wrote.
func runPeers(ctx context.Context, work, addr string, src mailSource, me string, logf func(string, ...any)) (peers, error) {
	var p peers
	var err error
	near := filepath.Join(work, "mbsync-maildir")
	logf("mbsync into an empty Maildir")
	if p.Mbsync.timedRun, err = runMbsync(ctx, work, addr, src.Folders, near); err != nil {
		return p, err
	}
	p.Mbsync.Version = toolVersion("mbsync", "--version")
	p.Mbsync.MsgsPerSec = perSec(src.Messages, p.Mbsync.Secs)
	p.Mbsync.DiskBytes = diskUsage(near)

	muHome := filepath.Join(work, "mu-home")
	if out, err := exec.CommandContext(ctx, "mu", "init", "--muhome="+muHome, "--maildir="+near, "--my-address="+me).CombinedOutput(); err != nil {
		return p, fmt.Errorf("%w: mu init: %v: %s", errTool, err, out)
	}
	logf("mu index")
	if p.Mu.timedRun, err = runTimed(ctx, nil, os.Stderr, "mu", "index", "--muhome="+muHome, "--quiet"); err != nil {
		return p, err
	}
	p.Mu.Version = toolVersion("mu", "--version")
	p.Mu.MsgsPerSec = perSec(src.Messages, p.Mu.Secs)
	p.Mu.DiskBytes = diskUsage(filepath.Join(muHome, "xapian"))
	nmDB := filepath.Join(work, "notmuch-db")
	os.MkdirAll(nmDB, 0o755)
	nmConf := filepath.Join(work, "notmuch-config")
	conf := fmt.Sprintf("[database]\npath=%s\nmail_root=%s\n[user]\nprimary_email=%s\n[new]\ntags=inbox;\nignore=\n[maildir]\nsynchronize_flags=false\n", nmDB, near, me)
	if err := os.WriteFile(nmConf, []byte(conf), 0o644); err != nil {
		return p, err
	}
	logf("notmuch new")
	if p.Notmuch.timedRun, err = runTimed(ctx, []string{"NOTMUCH_CONFIG=" + nmConf}, os.Stderr, "notmuch", "new", "--quiet"); err != nil {
		return p, err
	}
	p.Notmuch.Version = toolVersion("notmuch", "--version")
	p.Notmuch.MsgsPerSec = perSec(src.Messages, p.Notmuch.Secs)
	p.Notmuch.DiskBytes = diskUsage(nmDB)

	return p, nil
}
