package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// errSecretLocked means the secret exists but its collection is locked:
// unlocking may prompt the user, which the general keyring path does.
var errSecretLocked = errors.New("vault: the keychain item is locked")

const (
	secretsDest  = "org.freedesktop.secrets"
	secretsPath  = dbus.ObjectPath("/org/freedesktop/secrets")
	secretsIface = "org.freedesktop.Secret.Service"
)

// secretValue is the Secret Service's Secret struct (oayays).
type secretValue struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

// quickSecretGet reads one secret from the Secret Service in as few round
// trips as the protocol allows: connect and say hello, then open a plain
// session and search the items at the same time, then fetch the secret.
// A general keychain library unlocks the collection, searches it, opens a
// session, unlocks the item, reads it and closes the session, one call
// after the other: every `parley search` started without a running app
// pays for those. The session ends with the connection. An unlocked item
// is all this handles; a locked one returns errSecretLocked.
func quickSecretGet(service, user string) (string, error) {
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return "", err
	}
	if err := conn.Hello(); err != nil {
		return "", err
	}
	svc := conn.Object(secretsDest, secretsPath)
	openCall := svc.Go(secretsIface+".OpenSession", 0, nil, "plain", dbus.MakeVariant(""))
	searchCall := svc.Go(secretsIface+".SearchItems", 0, nil, map[string]string{"service": service, "username": user})
	<-openCall.Done
	<-searchCall.Done
	if searchCall.Err != nil {
		return "", searchCall.Err
	}
	var unlocked, locked []dbus.ObjectPath
	if err := searchCall.Store(&unlocked, &locked); err != nil {
		return "", err
	}
	switch {
	case len(unlocked) == 0 && len(locked) == 0:
		return "", keyring.ErrNotFound
	case len(unlocked) == 0:
		return "", errSecretLocked
	}
	if openCall.Err != nil {
		return "", openCall.Err
	}
	var output dbus.Variant
	var session dbus.ObjectPath
	if err := openCall.Store(&output, &session); err != nil {
		return "", err
	}
	var secrets map[dbus.ObjectPath]secretValue
	if err := svc.Call(secretsIface+".GetSecrets", 0, unlocked[:1], session).Store(&secrets); err != nil {
		return "", err
	}
	s, ok := secrets[unlocked[0]]
	if !ok {
		return "", fmt.Errorf("vault: the keychain returned no secret for %s", unlocked[0])
	}
	return string(s.Value), nil
}

// errNoSessionBus means there is no D-Bus session to find a keychain on.
var errNoSessionBus = errors.New("vault: no D-Bus session, so no keychain")

// keychainReachable refuses the keychain when there is no session bus:
// D-Bus libraries then start one themselves (dbus-launch), which starts a
// Secret Service, and both outlive the command — two daemons left behind by
// every command run on a headless login. The passphrase serves there.
func keychainReachable() error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return nil
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
			return nil
		}
	}
	return errNoSessionBus
}

// osKeychainGet reads a secret the quick way, and the general way when the
// item is locked or the quick way fails for another reason.
func osKeychainGet(service, user string) (string, error) {
	s, err := quickSecretGet(service, user)
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return s, err
	}
	return keyring.Get(service, user)
}
