package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// DemoPassword is the password of the demo user; the user name is the
// rep's address (see Me). The server listens on loopback only.
const DemoPassword = "demo"

// Serve starts go-imap's in-memory IMAP server on 127.0.0.1 (a free port)
// loaded with mb, for one user. It serves plain IMAP (no TLS) with
// SPECIAL-USE, so Sent carries `\Sent`. The server stops when ctx ends or
// stop is called; stop is idempotent and waits for the listener to close.
func Serve(ctx context.Context, mb *Mailbox) (addr, user, pass string, stop func(), err error) {
	_, user = Me()
	pass = DemoPassword
	u := imapmemserver.NewUser(user, pass)
	reg := newFolderRegistry()
	for _, f := range mb.Folders {
		if err := loadFolder(u, reg, f); err != nil {
			return "", "", "", nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", "", nil, fmt.Errorf("demo: listen: %w", err)
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &session{user: u, folders: reg}, nil, nil
		},
		Caps: imap.CapSet{
			imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {},
			imap.CapSpecialUse: {}, imap.CapCreateSpecialUse: {},
		},
		// Plain-text login is acceptable only because the listener is on
		// loopback.
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln) // returns when the server is closed
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			srv.Close()
			<-done
		})
	}
	go func() {
		select {
		case <-ctx.Done():
			stop()
		case <-done:
		}
	}()
	return ln.Addr().String(), user, pass, stop, nil
}

// ErrLoad is returned when the mailbox cannot be loaded into the server.
var ErrLoad = errors.New("demo: load mailbox")

func loadFolder(u *imapmemserver.User, reg *folderRegistry, f Folder) error {
	var use []imap.MailboxAttr
	if f.SpecialUse != "" {
		use = []imap.MailboxAttr{f.SpecialUse}
	}
	if err := u.Create(f.Name, &imap.CreateOptions{SpecialUse: use}); err != nil {
		return fmt.Errorf("%w: create %s: %w", ErrLoad, f.Name, err)
	}
	reg.add(f.Name, use)
	if err := u.Subscribe(f.Name); err != nil {
		return fmt.Errorf("%w: subscribe %s: %w", ErrLoad, f.Name, err)
	}
	reg.setSubscribed(f.Name, true)
	for i, m := range f.Messages {
		lit := literal{bytes.NewReader(m.Raw), int64(len(m.Raw))}
		if _, err := u.Append(f.Name, lit, &imap.AppendOptions{Time: m.Date, Flags: m.Flags}); err != nil {
			return fmt.Errorf("%w: append %s #%d: %w", ErrLoad, f.Name, i+1, err)
		}
	}
	return nil
}

// literal adapts a byte slice to imap.LiteralReader.
type literal struct {
	*bytes.Reader
	size int64
}

func (l literal) Size() int64 { return l.size }
