package imaptest

import (
	"bytes"
	"context"
	"net/mail"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"

	"parley/app/demo"
)

// MemServer is go-imap's in-memory server on loopback, for tests that need
// an IMAP server but not Dovecot's behaviour.
type MemServer struct {
	Addr, User, Password string
}

// StartMemServer serves folders (name to raw messages, in order) for one
// user until the test ends. A folder named "Sent" is listed with \Sent.
// Each message's internal date is its Date header when that parses, or the
// time of loading. INBOX always exists.
func StartMemServer(t testing.TB, folders map[string][][]byte) *MemServer {
	t.Helper()
	names := make([]string, 0, len(folders)+1)
	for name := range folders {
		names = append(names, name)
	}
	if _, ok := folders["INBOX"]; !ok {
		names = append(names, "INBOX")
	}
	slices.SortFunc(names, func(a, b string) int {
		// INBOX first, the rest by name: the order LIST reports is stable.
		if a == "INBOX" || b == "INBOX" {
			return boolCmp(b == "INBOX", a == "INBOX")
		}
		return strings.Compare(a, b)
	})
	mb := &demo.Mailbox{}
	for _, name := range names {
		f := demo.Folder{Name: name}
		if name == "Sent" {
			f.SpecialUse = imap.MailboxAttrSent
		}
		for _, raw := range folders[name] {
			m := demo.Message{Raw: raw}
			if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
				if d, err := msg.Header.Date(); err == nil {
					m.Date = d
				}
			}
			f.Messages = append(f.Messages, m)
		}
		mb.Folders = append(mb.Folders, f)
	}
	addr, user, pass, stop, err := demo.Serve(context.Background(), mb)
	if err != nil {
		t.Fatalf("imaptest: start memory server: %v", err)
	}
	t.Cleanup(stop)
	return &MemServer{Addr: addr, User: user, Password: pass}
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
