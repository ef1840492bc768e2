package imaptest

import (
	"slices"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

func TestStartMemServer(t *testing.T) {
	msg := func(subject string) []byte {
		return []byte("From: A <a@example.test>\r\nTo: B <b@example.test>\r\nSubject: " + subject +
			"\r\nDate: Tue, 3 Nov 2026 09:30:00 +0100\r\nMessage-ID: <" + subject + "@example.test>\r\n\r\nbody\r\n")
	}
	s := StartMemServer(t, map[string][][]byte{
		"Sent":     {msg("one")},
		"Projects": {msg("two"), msg("three")},
	})
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range list {
		names = append(names, l.Mailbox)
		if (l.Mailbox == "Sent") != slices.Contains(l.Attrs, imap.MailboxAttrSent) {
			t.Errorf("%s has attributes %v", l.Mailbox, l.Attrs)
		}
	}
	if !slices.Equal(names, []string{"INBOX", "Projects", "Sent"}) {
		t.Fatalf("folders %v", names)
	}
	sel, err := c.Select("Projects", nil).Wait()
	if err != nil || sel.NumMessages != 2 {
		t.Fatalf("select Projects: %v, %+v", err, sel)
	}
	msgs, err := c.Fetch(imap.SeqSetNum(2), &imap.FetchOptions{Envelope: true, InternalDate: true}).Collect()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("fetch: %v %d", err, len(msgs))
	}
	if msgs[0].Envelope.Subject != "three" || msgs[0].InternalDate.UTC().Hour() != 8 {
		t.Fatalf("message 2: subject %q, internal date %v", msgs[0].Envelope.Subject, msgs[0].InternalDate)
	}
}
