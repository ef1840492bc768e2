// Package vault unlocks a workspace's master key: from the OS keychain,
// where it is the only thing Parley keeps, or from a key file in the
// workspace that holds the key wrapped by a passphrase (Argon2id + AES-GCM).
// The master key is never written to disk unwrapped.
package vault

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zalando/go-keyring"
	"golang.org/x/crypto/argon2"
)

// Errors callers branch on.
var (
	// ErrNeedPassphrase means neither the keychain nor a passphrase could
	// unlock the workspace: ask the user for the passphrase.
	ErrNeedPassphrase = errors.New("the keychain has no key for this workspace: enter your Parley passphrase")
	// ErrWrongPassphrase means the passphrase does not unwrap the key.
	ErrWrongPassphrase = errors.New("that passphrase does not unlock this workspace")
	// ErrNoKeychain means no keychain answered and no passphrase was given
	// for a new workspace.
	ErrNoKeychain = errors.New("no keychain is available on this computer: set a passphrase to protect your workspace")
)

const (
	keyringService = "Parley"
	keyFileName    = "master-key.json"
	// keychainTimeout bounds every keychain call: a locked or absent
	// Secret Service can hang forever.
	keychainTimeout = 4 * time.Second
)

// Source says where a key came from.
type Source string

const (
	FromKeychain   Source = "keychain"
	FromPassphrase Source = "passphrase"
)

// Keychain is the OS keychain; tests may supply another real one.
type Keychain interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// OSKeychain is the operating system's keychain (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows).
type OSKeychain struct{}

func (OSKeychain) Get(s, u string) (string, error) {
	if err := keychainReachable(); err != nil {
		return "", err
	}
	return osKeychainGet(s, u)
}

func (OSKeychain) Set(s, u, v string) error {
	if err := keychainReachable(); err != nil {
		return err
	}
	return keyring.Set(s, u, v)
}

func (OSKeychain) Delete(s, u string) error {
	if err := keychainReachable(); err != nil {
		return err
	}
	return keyring.Delete(s, u)
}

// Vault finds or makes the master key of the workspace in Dir.
type Vault struct {
	Dir      string
	Keychain Keychain // nil: no keychain
}

// account names the workspace's keychain entry: a hash of its folder, so
// two workspaces never share a key and the entry reveals no path.
func (v *Vault) account() string {
	abs, _ := filepath.Abs(v.Dir)
	sum := sha256.Sum256([]byte(abs))
	return "workspace-" + hex.EncodeToString(sum[:8])
}

// Unlock returns the master key. It tries the keychain first, then the
// passphrase (may be empty) against the key file. For a new workspace
// (isNew) it makes a key and stores it in the keychain, and wrapped by the
// passphrase when one is given; with neither it returns ErrNoKeychain.
func (v *Vault) Unlock(ctx context.Context, passphrase string, isNew bool) ([]byte, Source, error) {
	if isNew {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, "", err
		}
		kcErr := v.keychainSet(ctx, key)
		if passphrase != "" {
			if err := v.Wrap(key, passphrase); err != nil {
				return nil, "", err
			}
		}
		switch {
		case kcErr == nil:
			return key, FromKeychain, nil
		case passphrase != "":
			return key, FromPassphrase, nil
		default:
			return nil, "", fmt.Errorf("%w (%v)", ErrNoKeychain, kcErr)
		}
	}
	if key, err := v.keychainGet(ctx); err == nil {
		return key, FromKeychain, nil
	}
	if passphrase == "" {
		return nil, "", ErrNeedPassphrase
	}
	key, err := v.unwrap(passphrase)
	if err != nil {
		return nil, "", err
	}
	// Put the key back in the keychain when one answers again, so the next
	// start needs no passphrase.
	_ = v.keychainSet(ctx, key)
	return key, FromPassphrase, nil
}

// HasPassphrase reports whether a passphrase-wrapped key file exists.
func (v *Vault) HasPassphrase() bool {
	_, err := os.Stat(filepath.Join(v.Dir, keyFileName))
	return err == nil
}

func (v *Vault) keychainGet(ctx context.Context) ([]byte, error) {
	if v.Keychain == nil {
		return nil, errors.New("no keychain")
	}
	s, err := withTimeout(ctx, func() (string, error) { return v.Keychain.Get(keyringService, v.account()) })
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(s)
	if err != nil || len(key) != 32 {
		return nil, errors.New("vault: keychain entry is not a Parley key")
	}
	return key, nil
}

func (v *Vault) keychainSet(ctx context.Context, key []byte) error {
	if v.Keychain == nil {
		return errors.New("no keychain")
	}
	_, err := withTimeout(ctx, func() (string, error) {
		return "", v.Keychain.Set(keyringService, v.account(), hex.EncodeToString(key))
	})
	return err
}

// Forget removes the workspace's key from the keychain.
func (v *Vault) Forget(ctx context.Context) error {
	if v.Keychain == nil {
		return nil
	}
	_, err := withTimeout(ctx, func() (string, error) { return "", v.Keychain.Delete(keyringService, v.account()) })
	return err
}

func withTimeout(ctx context.Context, fn func() (string, error)) (string, error) {
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := fn()
		ch <- result{s, err}
	}()
	t := time.NewTimer(keychainTimeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.s, r.err
	case <-t.C:
		return "", errors.New("the keychain did not answer")
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// keyFile is the passphrase-wrapped master key.
type keyFile struct {
	Version    int    `json:"version"`
	KDF        string `json:"kdf"`
	Time       uint32 `json:"time"`
	MemoryKiB  uint32 `json:"memoryKiB"`
	Threads    uint8  `json:"threads"`
	Salt       []byte `json:"salt"`
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
}

var keyFileAD = []byte("parley master key v1")

// Wrap writes the key file: the master key sealed by a key derived from
// the passphrase. It replaces any earlier one atomically.
func (v *Vault) Wrap(key []byte, passphrase string) error {
	if len(passphrase) < 8 {
		return errors.New("a passphrase needs at least 8 characters")
	}
	kf := keyFile{Version: 1, KDF: "argon2id", Time: 3, MemoryKiB: 64 * 1024, Threads: 2, Salt: make([]byte, 16), Nonce: make([]byte, 12)}
	if _, err := rand.Read(kf.Salt); err != nil {
		return err
	}
	if _, err := rand.Read(kf.Nonce); err != nil {
		return err
	}
	aead, err := kf.aead(passphrase)
	if err != nil {
		return err
	}
	kf.Ciphertext = aead.Seal(nil, kf.Nonce, key, keyFileAD)
	b, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(v.Dir, 0o700); err != nil {
		return err
	}
	tmp := filepath.Join(v.Dir, keyFileName+".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("vault: write key file: %w", err)
	}
	return os.Rename(tmp, filepath.Join(v.Dir, keyFileName))
}

func (v *Vault) unwrap(passphrase string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(v.Dir, keyFileName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNeedPassphrase
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read key file: %w", err)
	}
	var kf keyFile
	if err := json.Unmarshal(b, &kf); err != nil || kf.Version != 1 || kf.KDF != "argon2id" {
		return nil, errors.New("vault: the key file is damaged or from a newer Parley")
	}
	aead, err := kf.aead(passphrase)
	if err != nil {
		return nil, err
	}
	key, err := aead.Open(nil, kf.Nonce, kf.Ciphertext, keyFileAD)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return key, nil
}

func (kf *keyFile) aead(passphrase string) (cipher.AEAD, error) {
	kek := argon2.IDKey([]byte(passphrase), kf.Salt, kf.Time, kf.MemoryKiB, kf.Threads, 32)
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// SubKey derives a key for one purpose (e.g. "search-index") from the
// master key, so no other part of Parley holds the master key itself.
func SubKey(master []byte, purpose string) []byte {
	h := sha256.New()
	h.Write([]byte("parley subkey v1\x00" + purpose + "\x00"))
	h.Write(master)
	return h.Sum(nil)
}
