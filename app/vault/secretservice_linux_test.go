package vault

import (
	"errors"
	"os"
	"testing"

	"github.com/zalando/go-keyring"
)

// TestQuickSecretGet: the few-round-trip read returns what the general
// keychain library stored, and says "not found" for what it did not.
func TestQuickSecretGet(t *testing.T) {
	if os.Getenv("PARLEY_TEST_KEYRING") == "" {
		if os.Getenv("PARLEY_REQUIRE_SERVERS") == "1" {
			t.Fatal("no Secret Service: run under scripts/with-keyring.sh")
		}
		t.Skip("no Secret Service (set up by make test)")
	}
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
