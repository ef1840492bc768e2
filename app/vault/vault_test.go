package vault

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPassphrasePathWithoutKeychain(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	v := &Vault{Dir: dir}
	if _, _, err := v.Unlock(ctx, "", true); !errors.Is(err, ErrNoKeychain) {
		t.Fatalf("new workspace, no keychain, no passphrase: %v", err)
	}
	key, src, err := v.Unlock(ctx, "correct horse battery", true)
	if err != nil || src != FromPassphrase || len(key) != 32 {
		t.Fatalf("new with passphrase: %v %v", src, err)
	}
	if _, _, err := v.Unlock(ctx, "", false); !errors.Is(err, ErrNeedPassphrase) {
		t.Fatalf("no passphrase: %v", err)
	}
	if _, _, err := v.Unlock(ctx, "wrong passphrase", false); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	again, src, err := v.Unlock(ctx, "correct horse battery", false)
	if err != nil || src != FromPassphrase || !bytes.Equal(again, key) {
		t.Fatalf("reopen: %v %v", src, err)
	}
	// The key file never holds the key in the clear.
	b, _ := os.ReadFile(filepath.Join(dir, keyFileName))
	if bytes.Contains(b, key) || bytes.Contains(b, []byte("correct horse")) {
		t.Fatal("key file holds the key or passphrase in the clear")
	}
}

// TestKeychainPath runs against the real Secret Service that `make test`
// starts (gnome-keyring under dbus-run-session).
func TestKeychainPath(t *testing.T) {
	needSecretService(t)
	ctx := context.Background()
	v := &Vault{Dir: t.TempDir(), Keychain: OSKeychain{}}
	t.Cleanup(func() { v.Forget(ctx) })
	key, src, err := v.Unlock(ctx, "", true)
	if err != nil || src != FromKeychain {
		t.Fatalf("new workspace with keychain: %v %v", src, err)
	}
	again, src, err := v.Unlock(ctx, "", false)
	if err != nil || src != FromKeychain || !bytes.Equal(again, key) {
		t.Fatalf("reopen from keychain: %v %v", src, err)
	}
	// A passphrase set later unlocks it when the keychain entry is gone.
	if err := v.Wrap(key, "a long passphrase"); err != nil {
		t.Fatal(err)
	}
	if err := v.Forget(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := v.Unlock(ctx, "", false); !errors.Is(err, ErrNeedPassphrase) {
		t.Fatalf("after forgetting: %v", err)
	}
	got, src, err := v.Unlock(ctx, "a long passphrase", false)
	if err != nil || src != FromPassphrase || !bytes.Equal(got, key) {
		t.Fatalf("passphrase fallback: %v %v", src, err)
	}
	// The passphrase unlock put the key back in the keychain.
	if _, src, err := v.Unlock(ctx, "", false); err != nil || src != FromKeychain {
		t.Fatalf("keychain restored: %v %v", src, err)
	}
}

// needSecretService skips a test that needs the real Secret Service that
// `make test` starts, and fails it there (PARLEY_REQUIRE_SERVERS=1).
func needSecretService(t *testing.T) {
	t.Helper()
	if os.Getenv("PARLEY_TEST_KEYRING") != "" {
		return
	}
	if os.Getenv("PARLEY_REQUIRE_SERVERS") == "1" {
		t.Fatal("no Secret Service: run under scripts/with-keyring.sh")
	}
	t.Skip("no Secret Service (set up by make test)")
}
