package mail

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"parley/app/crm"
	"parley/app/store"
)

// Security is how a mail account's connection is protected.
type Security string

const (
	SecurityTLS      Security = "tls"      // implicit TLS, usually port 993
	SecuritySTARTTLS Security = "starttls" // plain connect, then STARTTLS, never falling back
	SecurityPlain    Security = "plain"    // no encryption: loopback hosts only (tests, demo)
)

// AuthMethod is how Parley signs in.
type AuthMethod string

const (
	AuthPassword AuthMethod = "password" // IMAP LOGIN
	AuthXOAuth2  AuthMethod = "xoauth2"  // SASL XOAUTH2 with an access token
)

// MailAccount is one IMAP account to import from. Its secret (password
// or token) is never part of it: it lives only in the store's secrets.
type MailAccount struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Host     string     `json:"host"`
	Port     int        `json:"port"`
	Security Security   `json:"security"`
	Username string     `json:"username"`
	Auth     AuthMethod `json:"auth"`
	// Folders chosen by the user; empty means found by SPECIAL-USE
	// (Inbox, Sent, Archive or All).
	Folders []string `json:"folders,omitempty"`
	// Since is the oldest day to import ("2006-01-02"); "" imports all.
	Since string `json:"since,omitempty"`
	// MyAddresses are the rep's own addresses in this account.
	MyAddresses []string `json:"myAddresses,omitempty"`
}

// DateLayout is the layout of MailAccount.Since.
const DateLayout = "2006-01-02"

var accountIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._@+-]{0,63}$`)

// Normalize fills defaults (port from security, auth password, id from
// the user name) and trims fields.
func (a MailAccount) Normalize() MailAccount {
	a.Host = strings.ToLower(strings.TrimSpace(a.Host))
	a.Username = strings.TrimSpace(a.Username)
	a.Name = strings.TrimSpace(a.Name)
	if a.Security == "" {
		a.Security = SecurityTLS
	}
	if a.Auth == "" {
		a.Auth = AuthPassword
	}
	if a.Port == 0 {
		a.Port = 993
		if a.Security != SecurityTLS {
			a.Port = 143
		}
	}
	if a.ID == "" {
		a.ID = strings.ToLower(a.Username)
	}
	if a.Name == "" {
		a.Name = a.Username
	}
	for i, f := range a.MyAddresses {
		a.MyAddresses[i] = crm.NormalizeAddress(f)
	}
	return a
}

// Validate checks the account; errors wrap crm.ErrInvalid and say what to fix.
func (a MailAccount) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("mail account: %w: "+format, append([]any{crm.ErrInvalid}, args...)...)
	}
	switch {
	case !accountIDPattern.MatchString(a.ID):
		return bad("the account id %q must be 1-64 lower-case letters, digits or . _ @ + -", a.ID)
	case a.Host == "" || strings.ContainsAny(a.Host, " /"):
		return bad("the mail server name %q is not valid", a.Host)
	case a.Port < 1 || a.Port > 65535:
		return bad("the port %d is not valid", a.Port)
	case a.Username == "":
		return bad("the user name is missing")
	}
	switch a.Security {
	case SecurityTLS, SecuritySTARTTLS:
	case SecurityPlain:
		if !isLoopback(a.Host) {
			return bad("an unencrypted connection is allowed only to this computer (localhost), not to %s", a.Host)
		}
	default:
		return bad("security must be tls, starttls or plain, not %q", a.Security)
	}
	if a.Auth != AuthPassword && a.Auth != AuthXOAuth2 {
		return bad("sign-in must be password or xoauth2, not %q", a.Auth)
	}
	if a.Since != "" {
		if _, err := time.Parse(DateLayout, a.Since); err != nil {
			return bad("the since date %q must look like 2025-01-31", a.Since)
		}
	}
	for _, f := range a.Folders {
		if strings.TrimSpace(f) == "" {
			return bad("a folder name is empty")
		}
	}
	return nil
}

// Addr is host:port.
func (a MailAccount) Addr() string { return net.JoinHostPort(a.Host, strconv.Itoa(a.Port)) }

// SinceTime is Since as a time (zero when unset).
func (a MailAccount) SinceTime() time.Time {
	t, _ := time.Parse(DateLayout, a.Since)
	return t
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Keys of mail accounts in the store's preferences and secrets.
const (
	prefMailAccounts = "mail/accounts" // JSON []MailAccount
	secretMailPrefix = "mail/"         // + account id → the password or token (string)
)

// ErrNoMailAccount means no mail account has the given id.
var ErrNoMailAccount = errors.New("no mail account with this id")

// SaveMailAccount validates and stores an account (adding it, or
// replacing the one with its id); secret, when not empty, is stored only
// in the store's encrypted secrets. It returns the normalised account.
func SaveMailAccount(ctx context.Context, st *store.Store, a MailAccount, secret string) (MailAccount, error) {
	a = a.Normalize()
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := st.Update(ctx, func(tx *store.Tx) error {
		list, err := readMailAccounts(tx)
		if err != nil {
			return err
		}
		i, err := indexOfMailAccount(list, a.ID)
		if err == nil {
			list[i] = a
		} else {
			list = append(list, a)
		}
		if err := tx.PutPref(prefMailAccounts, list); err != nil {
			return err
		}
		if secret != "" {
			return tx.PutSecret(secretMailPrefix+a.ID, secret)
		}
		return nil
	})
	if err != nil {
		return a, fmt.Errorf("mail: save account %s: %w", a.ID, err)
	}
	return a, nil
}

// MailAccounts lists the stored accounts in the order they were added.
func MailAccounts(ctx context.Context, st *store.Store) ([]MailAccount, error) {
	var list []MailAccount
	err := st.View(ctx, func(tx *store.Tx) (err error) {
		list, err = readMailAccounts(tx)
		return err
	})
	return list, err
}

// GetMailAccount returns one account and its secret, or ErrNoMailAccount.
func GetMailAccount(ctx context.Context, st *store.Store, id string) (MailAccount, string, error) {
	var (
		a      MailAccount
		secret string
	)
	err := st.View(ctx, func(tx *store.Tx) error {
		list, err := readMailAccounts(tx)
		if err != nil {
			return err
		}
		i, err := indexOfMailAccount(list, id)
		if err != nil {
			return err
		}
		a = list[i]
		if err := tx.Secret(secretMailPrefix+id, &secret); err != nil && !errors.Is(err, crm.ErrNotFound) {
			return err
		}
		return nil
	})
	return a, secret, err
}

// RemoveMailAccount forgets an account, its secret and the checkpoints of
// its folders. Mail already imported stays.
func RemoveMailAccount(ctx context.Context, st *store.Store, id string) error {
	return st.Update(ctx, func(tx *store.Tx) error {
		list, err := readMailAccounts(tx)
		if err != nil {
			return err
		}
		i, err := indexOfMailAccount(list, id)
		if err != nil {
			return err
		}
		if err := tx.PutPref(prefMailAccounts, slices.Delete(list, i, i+1)); err != nil {
			return err
		}
		var folders []string
		if err := tx.Pref(prefFoldersOf(id), &folders); err == nil {
			for _, f := range folders {
				if err := tx.DeleteCheckpoint(id, f); err != nil {
					return err
				}
			}
		}
		if err := tx.DeleteSecret(secretMailPrefix + id); err != nil {
			return err
		}
		return tx.PutPref(prefFoldersOf(id), []string{})
	})
}

// prefFoldersOf lists the folders of an account that have a checkpoint, so
// that removing the account can forget them.
func prefFoldersOf(id string) string { return "mail/folders/" + id }

func readMailAccounts(tx *store.Tx) ([]MailAccount, error) {
	var list []MailAccount
	if err := tx.Pref(prefMailAccounts, &list); err != nil && !errors.Is(err, crm.ErrNotFound) {
		return nil, fmt.Errorf("mail: read accounts: %w", err)
	}
	return list, nil
}

// ConnectionReport is what TestConnection found.
type ConnectionReport struct {
	Folders   []FolderInfo `json:"folders"`
	IDLE      bool         `json:"idle"`      // new mail arrives at once
	CondStore bool         `json:"condStore"` // cheap change checks
}

// TestConnection connects, signs in and lists the folders, returning a
// *ConnError (see Explain) when any step fails.
func TestConnection(ctx context.Context, a MailAccount, secret string, o DialOptions) (ConnectionReport, error) {
	a = a.Normalize()
	if err := a.Validate(); err != nil {
		return ConnectionReport{}, err
	}
	ic, err := dialIMAP(ctx, a, secret, o)
	if err != nil {
		return ConnectionReport{}, err
	}
	defer ic.Logout(context.WithoutCancel(ctx))
	folders, err := ic.listFolders(ctx)
	if err != nil {
		return ConnectionReport{}, err
	}
	return ConnectionReport{Folders: folders, IDLE: ic.caps.Has("IDLE") || ic.caps.Has("IMAP4rev2"), CondStore: ic.caps.Has("CONDSTORE")}, nil
}

// indexOfMailAccount finds an account in the stored list by id.
func indexOfMailAccount(list []MailAccount, id string) (int, error) {
	i := slices.IndexFunc(list, func(b MailAccount) bool { return b.ID == id })
	if i < 0 {
		return -1, fmt.Errorf("mail: %q: %w", id, ErrNoMailAccount)
	}
	return i, nil
}
