package vault

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// TestQuickSecretGet: the few-round-trip read returns what the general
// keychain library stored, and says "not found" for what it did not.
func TestQuickSecretGet(t *testing.T) {
	needSecretService(t)
	const service, user = "Parley test", "quick-secret-get"
	if err := keyring.Set(service, user, "0123abcd secret"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { keyring.Delete(service, user) })
	got, err := quickSecretGet(service, user)
	if err != nil || got != "0123abcd secret" {
		t.Fatalf("quick get: %q %v", got, err)
	}
	if _, err := quickSecretGet(service, "nobody-stored-this"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("missing item: %v", err)
	}
	if got, err := (OSKeychain{}).Get(service, user); err != nil || got != "0123abcd secret" {
		t.Fatalf("OSKeychain.Get: %q %v", got, err)
	}
}

// Without a session bus the keychain is absent: no D-Bus library gets to
// launch a bus and a Secret Service that outlive the command.
func TestNoSessionBusMeansNoKeychain(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	before := daemons(t)
	if _, err := (OSKeychain{}).Get("parley-test", "nobody"); !errors.Is(err, errNoSessionBus) {
		t.Fatalf("get without a session bus: %v", err)
	}
	if err := (OSKeychain{}).Set("parley-test", "nobody", "x"); !errors.Is(err, errNoSessionBus) {
		t.Fatalf("set without a session bus: %v", err)
	}
	if after := daemons(t); after > before {
		t.Errorf("D-Bus or keyring daemons went from %d to %d", before, after)
	}
	v := &Vault{Dir: t.TempDir(), Keychain: OSKeychain{}}
	if _, src, err := v.Unlock(context.Background(), "a long passphrase", true); err != nil || src != FromPassphrase {
		t.Fatalf("a new workspace without a bus: %v %v, want the passphrase", src, err)
	}
}

// daemons counts running dbus-daemon and gnome-keyring-daemon processes.
func daemons(t *testing.T) int {
	t.Helper()
	n := 0
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		b, err := os.ReadFile("/proc/" + e.Name() + "/comm")
		if err != nil {
			continue
		}
		switch strings.TrimSpace(string(b)) {
		case "dbus-daemon", "gnome-keyring-d":
			n++
		}
	}
	return n
}
