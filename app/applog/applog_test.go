package applog

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "parley.log")
	r, err := OpenRotating(path, 200, 2)
	if err != nil {
		t.Fatal(err)
	}
	log := New(r, slog.LevelInfo)
	for i := 0; i < 20; i++ {
		log.Info("import done", KeyCount, i)
	}
	r.Close()
	for _, p := range []string{path, path + ".1", path + ".2"} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s missing: %v", p, err)
		}
	}
	if _, err := os.Stat(path + ".3"); err == nil {
		t.Error("kept more files than asked")
	}
	b, _ := os.ReadFile(path)
	if len(b) > 400 || !bytes.Contains(b, []byte(`"count":19`)) {
		t.Errorf("current log: %q", b)
	}
}

func TestCrashReport(t *testing.T) {
	dir := t.TempDir()
	logBuf := &syncBuffer{}
	c := &Crashes{Dir: dir, Log: New(logBuf, slog.LevelInfo)}
	c.Go("importer", func() {
		panic("importer lost its footing")
	})
	for i := 0; i < 200 && !strings.Contains(logBuf.String(), "crashed"); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "crash-*-importer.txt"))
	if len(files) != 1 {
		t.Fatalf("crash reports: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "importer lost its footing") || !strings.Contains(string(b), "applog_test.go") {
		t.Errorf("report lacks the panic or stack: %s", b)
	}
	if !strings.Contains(logBuf.String(), files[0]) {
		t.Errorf("log does not point at the report: %s", logBuf.String())
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
