// Package resident is the contract between a resident searcher and the
// processes that need the workspace it holds.
//
// A cold `parley search` (no Parley running) pays for a process start,
// the keychain, the store and the index before it searches: three times
// what the search costs. So after answering, it leaves a resident
// searcher behind (`parley-engine resident`): a process that keeps the
// workspace open read-only, answers this user's searches on the per-user
// socket like the desktop app does, and exits after some idle minutes.
//
// It only reads, and it must never stand in the way: whoever needs the
// workspace for writing (the app, an import, a reindex) asks it to leave
// with Evict, and it closes the workspace before it answers. The claim
// file says a resident is alive even before its socket answers, so a
// writer racing a resident's start waits for it instead of failing.
package resident

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ClaimName is the file a resident holds locked while it lives, in the
// data folder beside the socket.
const ClaimName = "parley-resident.lock"

// ReleasePath is where a resident takes requests to leave, and Released
// its whole answer once the workspace is closed.
const (
	ReleasePath = "/cli/release"
	Released    = "released\n"
)

// Off says whether the user turned the resident searcher off
// (PARLEY_RESIDENT=off): every `parley search` then opens the workspace
// itself.
func Off() bool { return strings.EqualFold(os.Getenv("PARLEY_RESIDENT"), "off") }

// Claim takes the resident's claim on dataDir. ok is false when another
// resident holds it. release gives the claim up.
func Claim(dataDir string) (release func(), ok bool, err error) {
	f, err := os.OpenFile(filepath.Join(dataDir, ClaimName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("resident: claim file: %w", err)
	}
	// Alive takes the lock shared for a moment: try a few times.
	for try := 0; ; try++ {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || try == 5 {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, false, nil
			}
			return nil, false, fmt.Errorf("resident: claim: %w", err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	// The process id, for a writer that must stop a resident that does
	// not answer, and for the benchmark. Best effort: the lock is the claim.
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())), 0)
	return func() { f.Close() }, true, nil
}

// PID is the process id the last resident of dataDir wrote, 0 if none.
func PID(dataDir string) int {
	b, _ := os.ReadFile(filepath.Join(dataDir, ClaimName))
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// Alive says whether a resident holds its claim on dataDir.
func Alive(dataDir string) bool { return heldByOther(filepath.Join(dataDir, ClaimName)) }

// Evict asks the resident answering on socket to close the workspace and
// exit. It returns nil once the resident says the workspace is closed, an
// error when nothing answered or what answered is not a resident (the app
// answers a release with 404: it does not leave).
func Evict(ctx context.Context, socket string) error {
	var d net.Dialer
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c, err := d.DialContext(ctx, "unix", socket)
	if err != nil {
		return fmt.Errorf("resident: %w", err)
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	}
	if _, err := io.WriteString(c, "POST "+ReleasePath+" HTTP/1.0\r\nHost: parley\r\nContent-Length: 0\r\n\r\n"); err != nil {
		return err
	}
	reply, err := io.ReadAll(io.LimitReader(c, 4<<10))
	if err != nil {
		return err
	}
	status, _, _ := strings.Cut(string(reply), "\r\n")
	if !strings.HasSuffix(string(reply), "\r\n\r\n"+Released) {
		return fmt.Errorf("resident: not released: %s", status)
	}
	return nil
}

// WaitingName is the file a writer holds locked while it waits for a
// resident to leave: no new resident starts meanwhile, so a loop of
// searches cannot keep the writer out.
const WaitingName = "parley-writer-waiting.lock"

// WriterWaiting says whether a writer waits for the workspace.
func WriterWaiting(dataDir string) bool { return heldByOther(filepath.Join(dataDir, WaitingName)) }

// heldByOther says whether another open file holds path locked: a shared
// lock taken and dropped at once fails only against an exclusive one.
func heldByOther(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return errors.Is(err, syscall.EWOULDBLOCK)
	}
	return false
}

// Leave asks a live resident of dataDir to leave and waits for it to
// exit: for a process about to answer on the socket itself (the app).
func Leave(ctx context.Context, dataDir, socket string) {
	if Alive(dataDir) {
		Evict(ctx, socket)
		WaitGone(ctx, dataDir, 5*time.Second)
	}
}

// WaitGone waits up to wait for the resident of dataDir to exit.
func WaitGone(ctx context.Context, dataDir string, wait time.Duration) bool {
	for deadline := time.Now().Add(wait); Alive(dataDir); {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// WaitWritable calls open until it stops failing with errLocked while a
// resident holds the workspace: it asks the resident to leave, then tries
// again, for up to wait. A resident that does not answer (still opening
// the workspace, or hung) is sent SIGTERM after a second. With no resident
// alive at first it returns open's first answer, so a workspace held by
// the app fails as fast as before.
func WaitWritable[T any](ctx context.Context, dataDir, socket string, wait time.Duration, errLocked error, open func() (T, error)) (T, error) {
	v, err := open()
	if !errors.Is(err, errLocked) || !Alive(dataDir) || PID(dataDir) == os.Getpid() {
		return v, err // not a resident's doing (or the resident itself asks)
	}
	if f, ferr := os.OpenFile(filepath.Join(dataDir, WaitingName), os.O_CREATE|os.O_RDWR, 0o600); ferr == nil {
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX) == nil {
			defer f.Close()
		} else {
			f.Close()
		}
	}
	start := time.Now()
	deadline := start.Add(wait)
	for {
		if Alive(dataDir) {
			if Evict(ctx, socket) != nil && time.Since(start) > time.Second {
				if pid := PID(dataDir); pid > 0 && Alive(dataDir) {
					syscall.Kill(pid, syscall.SIGTERM)
				}
			}
			WaitGone(ctx, dataDir, 200*time.Millisecond)
		} else {
			// Gone; a search of its last moments may still be reading.
			time.Sleep(20 * time.Millisecond)
		}
		v, err = open()
		if !errors.Is(err, errLocked) || time.Now().After(deadline) || ctx.Err() != nil {
			return v, err
		}
	}
}
