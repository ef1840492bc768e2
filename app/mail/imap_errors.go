package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/emersion/go-imap/v2"
)

// What can go wrong talking to a mail server, in words a rep understands.
// Callers branch with errors.Is; IsTemporary says whether retrying later
// can help.
var (
	// Permanent: the account or the server must change before it can work.
	ErrAuthFailed    = errors.New("the mail server refused the password for this account")
	ErrTokenRefused  = errors.New("the mail server refused the sign-in token for this account; sign in again")
	ErrCertificate   = errors.New("the mail server's certificate is not valid, so Parley did not connect")
	ErrNoSTARTTLS    = errors.New("the mail server does not offer STARTTLS encryption, so Parley did not send the password; choose implicit TLS or ask your provider")
	ErrTLS           = errors.New("the secure connection to the mail server failed")
	ErrLoginDisabled = errors.New("the mail server does not allow signing in on this connection; choose TLS or STARTTLS")
	ErrFolderMissing = errors.New("the folder does not exist on the mail server")
	ErrServerRefused = errors.New("the mail server refused a request")

	// Temporary: offline, a server restart, a slow network.
	ErrUnreachable    = errors.New("the mail server cannot be reached")
	ErrConnectionLost = errors.New("the connection to the mail server was lost")
	ErrTimeout        = errors.New("the mail server did not answer in time")
	ErrUnavailable    = errors.New("the mail server is unavailable for now")
)

// ConnError is a classified failure of one mail account's connection.
type ConnError struct {
	Kind      error  // one of the Err* sentinels above
	Account   string // mail account id
	Detail    string // what the server or the network said, for the log
	Temporary bool
	Err       error
}

func (e *ConnError) Error() string {
	s := "mail: " + e.Kind.Error()
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

func (e *ConnError) Unwrap() []error { return []error{e.Kind, e.Err} }

// IsTemporary reports whether err may go away by itself (network, server
// restart, timeouts), so that retrying later makes sense. Authentication,
// certificate and configuration errors are permanent.
func IsTemporary(err error) bool {
	var ce *ConnError
	if errors.As(err, &ce) {
		return ce.Temporary
	}
	return false
}

// Explain returns err as one sentence for the rep: the sentinel's words
// with a capital letter, without package prefixes.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var ce *ConnError
	msg := err.Error()
	if errors.As(err, &ce) {
		msg = ce.Kind.Error()
		if errors.Is(ce.Kind, ErrCertificate) && ce.Detail != "" {
			msg += ": " + ce.Detail
		}
	}
	msg = strings.TrimPrefix(msg, "mail: ")
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// phase is what the connection was doing when it failed; it decides what a
// server's NO means.
type phase int

const (
	phaseDial phase = iota
	phaseTLS
	phaseLogin
	phaseCommand
)

// classify turns an error from the network, TLS or go-imap into a
// ConnError. closed says whether the client's connection is gone (go-imap
// reports many transport failures as plain text).
func classify(err error, ph phase, account string, auth AuthMethod, closed bool) error {
	if err == nil {
		return nil
	}
	var ce *ConnError
	if errors.As(err, &ce) {
		return err
	}
	mk := func(kind error, temporary bool, detail string) error {
		if detail == "" {
			detail = err.Error()
		}
		return &ConnError{Kind: kind, Account: account, Detail: detail, Temporary: temporary, Err: err}
	}
	var (
		hostErr   x509.HostnameError
		authErr   x509.UnknownAuthorityError
		invalid   x509.CertificateInvalidError
		verifyErr *tls.CertificateVerificationError
		recErr    tls.RecordHeaderError
		imapErr   *imap.Error
		netErr    net.Error
	)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.As(err, &hostErr):
		return mk(ErrCertificate, false, "it was issued for "+certNames(hostErr.Certificate)+", not "+hostErr.Host)
	case errors.As(err, &authErr):
		return mk(ErrCertificate, false, "it is not signed by an authority this computer trusts")
	case errors.As(err, &invalid):
		return mk(ErrCertificate, false, invalid.Error())
	case errors.As(err, &verifyErr):
		return mk(ErrCertificate, false, "")
	case errors.As(err, &recErr):
		return mk(ErrTLS, false, "the server did not answer in TLS; check the port and security setting")
	case errors.As(err, &imapErr):
		return classifyIMAP(imapErr, ph, mk, auth)
	case errors.As(err, &netErr) && netErr.Timeout():
		return mk(ErrTimeout, true, "")
	case ph == phaseDial:
		return mk(ErrUnreachable, true, "")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNREFUSED):
		return mk(ErrConnectionLost, true, "")
	case ph == phaseTLS:
		if closed {
			return mk(ErrConnectionLost, true, "")
		}
		return mk(ErrTLS, false, "")
	case closed:
		return mk(ErrConnectionLost, true, "")
	}
	return mk(ErrConnectionLost, true, "")
}

func classifyIMAP(e *imap.Error, ph phase, mk func(error, bool, string) error, auth AuthMethod) error {
	detail := strings.TrimSpace(string(e.Type) + " " + string(e.Code) + " " + e.Text)
	switch e.Code {
	case imap.ResponseCodeUnavailable, imap.ResponseCodeServerBug, imap.ResponseCodeInUse, imap.ResponseCodeLimit:
		return mk(ErrUnavailable, true, detail)
	case imap.ResponseCodeNonExistent:
		return mk(ErrFolderMissing, false, detail)
	case imap.ResponseCodeAuthenticationFailed, imap.ResponseCodeAuthorizationFailed, imap.ResponseCodeExpired:
		return mk(authKind(auth), false, detail)
	case imap.ResponseCodePrivacyRequired:
		return mk(ErrLoginDisabled, false, detail)
	}
	switch {
	case e.Type == imap.StatusResponseTypeBye:
		return mk(ErrUnavailable, true, detail)
	case ph == phaseTLS:
		return mk(ErrNoSTARTTLS, false, detail)
	case ph == phaseLogin:
		return mk(authKind(auth), false, detail)
	}
	return mk(ErrServerRefused, false, detail)
}

func authKind(auth AuthMethod) error {
	if auth == AuthXOAuth2 {
		return ErrTokenRefused
	}
	return ErrAuthFailed
}

func certNames(c *x509.Certificate) string {
	if c == nil {
		return "another name"
	}
	names := append([]string{}, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		return c.Subject.CommonName
	}
	return strings.Join(names, ", ")
}

// errorf wraps with the package prefix.
func errorf(format string, args ...any) error { return fmt.Errorf("mail: "+format, args...) }

func asErr[T any](err error, target *T) bool { return errors.As(err, target) }
