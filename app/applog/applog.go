// Package applog writes Parley's log to a size-rotated file and turns
// panics in goroutines into crash reports the user can find.
//
// Log policy: DEBUG for developers, INFO for lifecycle (open, close, import
// started and done with counts), WARN for what Parley recovered from, ERROR
// for what the user must see. Never log message bodies, subjects, names or
// addresses: log ids and counts.
package applog

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"
)

// Attribute keys, constant so logs can be searched.
const (
	KeyErr     = "err"
	KeyFolder  = "folder_id"
	KeyCount   = "count"
	KeyID      = "id"
	KeyElapsed = "elapsed_ms"
)

// RotatingFile is an io.Writer that starts a new file when the current one
// passes MaxBytes, keeping Keep old ones (parley.log.1 … parley.log.N).
type RotatingFile struct {
	Path     string
	MaxBytes int64
	Keep     int

	mu   sync.Mutex
	f    *os.File
	size int64
}

// OpenRotating opens (appending) the log file at path.
func OpenRotating(path string, maxBytes int64, keep int) (*RotatingFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	r := &RotatingFile{Path: path, MaxBytes: maxBytes, Keep: keep}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *RotatingFile) open() error {
	f, err := os.OpenFile(r.Path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	r.f, r.size = f, info.Size()
	return nil
}

func (r *RotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, os.ErrClosed
	}
	if r.size+int64(len(p)) > r.MaxBytes && r.size > 0 {
		if err := r.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

func (r *RotatingFile) rotate() error {
	r.f.Close()
	for i := r.Keep - 1; i >= 1; i-- {
		os.Rename(fmt.Sprintf("%s.%d", r.Path, i), fmt.Sprintf("%s.%d", r.Path, i+1))
	}
	os.Rename(r.Path, r.Path+".1")
	return r.open()
}

// Close closes the current file.
func (r *RotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}

// New returns a JSON logger writing to w at the given level.
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// Crashes writes crash reports into a folder.
type Crashes struct {
	Dir string
	Log *slog.Logger
}

// Go runs fn in a goroutine that turns a panic into a crash report
// instead of taking the app down.
func (c *Crashes) Go(name string, fn func()) {
	go func() {
		defer c.Recover(name)
		fn()
	}()
}

// Recover, deferred, turns a panic into a crash report. It returns the
// report's path in the log when it caught one.
func (c *Crashes) Recover(name string) {
	v := recover()
	if v == nil {
		return
	}
	path := c.Report(name, v, debug.Stack())
	c.Log.Error("a part of Parley crashed and was stopped", "part", name, "report", path)
}

// Report writes one crash report and returns its path.
func (c *Crashes) Report(name string, v any, stack []byte) string {
	os.MkdirAll(c.Dir, 0o700)
	path := filepath.Join(c.Dir, fmt.Sprintf("crash-%s-%s.txt", time.Now().UTC().Format("20060102T150405.000"), name))
	body := fmt.Sprintf("Parley crash report\npart: %s\ntime: %s\npanic: %v\n\n%s", name, time.Now().UTC().Format(time.RFC3339), v, stack)
	os.WriteFile(path, []byte(body), 0o600)
	return path
}
