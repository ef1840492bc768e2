package mail

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// DialOptions tune connections; the zero value is right for real servers.
type DialOptions struct {
	// TLSConfig is the base TLS configuration (tests set RootCAs); the
	// server name is always the account's host. Nil uses the system roots.
	TLSConfig *tls.Config
	// Timeout bounds each step that makes no progress (connect, a command,
	// the gap between two fetched messages). 0 means one minute.
	Timeout time.Duration
	// Debug receives the raw protocol (it includes the password): tests only.
	Debug io.Writer
}

func (o DialOptions) timeout() time.Duration {
	if o.Timeout <= 0 {
		return time.Minute
	}
	return o.Timeout
}

// imapConn is one authenticated IMAP connection. go-imap v2 takes no
// context, so every call runs under a watchdog that closes the connection
// when ctx ends or the step stalls. Only the goroutine that dialled it may
// use it (one goroutine owns each connection); the watchdog only closes.
type imapConn struct {
	c       *imapclient.Client
	raw     net.Conn
	acct    MailAccount
	timeout time.Duration
	caps    imap.CapSet
	// news is signalled (never blocking) when the selected folder grows.
	news chan struct{}

	closeOnce sync.Once
}

// dialIMAP connects, secures and signs in.
func dialIMAP(ctx context.Context, a MailAccount, secret string, o DialOptions) (*imapConn, error) {
	ic := &imapConn{acct: a, timeout: o.timeout(), news: make(chan struct{}, 1)}
	opts := &imapclient.Options{
		DebugWriter: o.Debug,
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					select {
					case ic.news <- struct{}{}:
					default:
					}
				}
			},
		},
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.TLSConfig != nil {
		tlsConf = o.TLSConfig.Clone()
	}
	tlsConf.ServerName = a.Host
	opts.TLSConfig = tlsConf

	dctx, cancel := context.WithTimeout(ctx, ic.timeout)
	defer cancel()
	d := &net.Dialer{}
	var err error
	switch a.Security {
	case SecurityTLS:
		td := &tls.Dialer{NetDialer: d, Config: tlsConf}
		ic.raw, err = td.DialContext(dctx, "tcp", a.Addr())
		if err != nil {
			ph := phaseDial
			if isTLSFailure(err) {
				ph = phaseTLS
			}
			return nil, ic.fail(ctx, err, ph)
		}
		ic.c = imapclient.New(ic.raw, opts)
	case SecuritySTARTTLS:
		if ic.raw, err = d.DialContext(dctx, "tcp", a.Addr()); err != nil {
			return nil, ic.fail(ctx, err, phaseDial)
		}
		err = ic.guarded(ctx, phaseTLS, func() error {
			c, err := imapclient.NewStartTLS(ic.raw, opts)
			ic.c = c
			return err
		})
		if err != nil {
			ic.raw.Close()
			return nil, err
		}
	case SecurityPlain:
		if !isLoopback(a.Host) {
			return nil, &ConnError{Kind: ErrLoginDisabled, Account: a.ID, Detail: "unencrypted connections are allowed only to this computer"}
		}
		if ic.raw, err = d.DialContext(dctx, "tcp", a.Addr()); err != nil {
			return nil, ic.fail(ctx, err, phaseDial)
		}
		ic.c = imapclient.New(ic.raw, opts)
	default:
		return nil, &ConnError{Kind: ErrServerRefused, Account: a.ID, Detail: "unknown security " + string(a.Security)}
	}
	if err := ic.login(ctx, secret); err != nil {
		ic.Close()
		return nil, err
	}
	return ic, nil
}

func isTLSFailure(err error) bool {
	var opErr *net.OpError
	if ok := asErr(err, &opErr); ok && opErr.Op == "dial" {
		return false
	}
	return true
}

func (ic *imapConn) login(ctx context.Context, secret string) error {
	err := ic.guarded(ctx, phaseLogin, func() error {
		if err := ic.c.WaitGreeting(); err != nil {
			return err
		}
		if ic.acct.Auth == AuthXOAuth2 {
			return ic.c.Authenticate(xoauth2Client{user: ic.acct.Username, token: secret})
		}
		if ic.c.Caps().Has(imap.CapLoginDisabled) {
			return &ConnError{Kind: ErrLoginDisabled, Account: ic.acct.ID, Detail: "LOGINDISABLED"}
		}
		return ic.c.Login(ic.acct.Username, secret).Wait()
	})
	if err != nil {
		return err
	}
	return ic.guarded(ctx, phaseCommand, func() error {
		ic.caps = ic.c.Caps()
		return nil
	})
}

// Close ends the connection at once; safe from any goroutine, idempotent.
func (ic *imapConn) Close() {
	ic.closeOnce.Do(func() {
		if ic.raw != nil {
			ic.raw.Close()
		}
		if ic.c != nil {
			ic.c.Close()
		}
	})
}

// Logout says goodbye politely, then closes.
func (ic *imapConn) Logout(ctx context.Context) {
	_ = ic.guarded(ctx, phaseCommand, func() error { return ic.c.Logout().Wait() })
	ic.Close()
}

// guard arms a watchdog: it closes the connection when ctx ends or when
// kick has not been called for the timeout. stop disarms it and reports
// whether it fired.
func (ic *imapConn) guard(ctx context.Context) (kick func(), stop func() (timedOut bool)) {
	var fired atomic.Bool
	t := time.AfterFunc(ic.timeout, func() { fired.Store(true); ic.Close() })
	stopCtx := context.AfterFunc(ctx, ic.Close)
	return func() { t.Reset(ic.timeout) }, func() bool {
		t.Stop()
		stopCtx()
		return fired.Load()
	}
}

// guarded runs fn under the watchdog and classifies its error.
func (ic *imapConn) guarded(ctx context.Context, ph phase, fn func() error) error {
	_, stop := ic.guard(ctx)
	err := fn()
	timedOut := stop()
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if timedOut {
		return &ConnError{Kind: ErrTimeout, Account: ic.acct.ID, Temporary: true, Err: err}
	}
	return ic.classify(err, ph)
}

func (ic *imapConn) fail(ctx context.Context, err error, ph phase) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return classify(err, ph, ic.acct.ID, ic.acct.Auth, true)
}

func (ic *imapConn) classify(err error, ph phase) error {
	closed := false
	if ic.c != nil {
		select {
		case <-ic.c.Closed():
			closed = true
		default:
		}
	}
	return classify(err, ph, ic.acct.ID, ic.acct.Auth, closed)
}

// xoauth2Client is SASL XOAUTH2 (Google's and Microsoft's token sign-in).
type xoauth2Client struct{ user, token string }

func (x xoauth2Client) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

// Next answers the server's error challenge (a JSON status) with an empty
// response, after which the server fails the command with NO.
func (x xoauth2Client) Next([]byte) ([]byte, error) { return []byte{}, nil }
