package imaptest

import (
	"os"
	"path/filepath"
	"testing"
)

// FindShared returns the ../shared folder beside the module root, found by
// walking up from the working directory to go.mod. Test data lives there,
// never inside the repository.
func FindShared(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("imaptest: getwd: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("imaptest: no go.mod above the working directory")
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared")
	if fi, err := os.Stat(shared); err != nil || !fi.IsDir() {
		t.Fatalf("imaptest: shared folder %s not found beside the module root", shared)
	}
	return shared
}

// requireServers reports whether a missing server must fail the test.
func requireServers() bool { return os.Getenv("PARLEY_REQUIRE_SERVERS") == "1" }

// missingServer skips the test, or fails it under PARLEY_REQUIRE_SERVERS=1.
func missingServer(t testing.TB, format string, args ...any) {
	t.Helper()
	if requireServers() {
		t.Fatalf("imaptest: PARLEY_REQUIRE_SERVERS=1 but "+format, args...)
		return
	}
	t.Skipf("imaptest: "+format, args...)
}
