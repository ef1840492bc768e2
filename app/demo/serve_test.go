package demo

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

func TestServe(t *testing.T) {
	mb := Generate(1, testNow)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, user, pass, stop, err := Serve(ctx, mb)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, "wrong").Wait(); err == nil {
		t.Fatal("login with a wrong password succeeded")
	}
	if err := c.Login(user, pass).Wait(); err != nil {
		t.Fatal(err)
	}

	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatal(err)
	}
	attrs := map[string][]imap.MailboxAttr{}
	for _, l := range list {
		attrs[l.Mailbox] = l.Attrs
	}
	if len(attrs) != 2 || !slices.Contains(attrs[FolderSent], imap.MailboxAttrSent) || slices.Contains(attrs[FolderInbox], imap.MailboxAttrSent) {
		t.Fatalf("LIST: %v", attrs)
	}
	special, err := c.List("", "*", &imap.ListOptions{SelectSpecialUse: true}).Collect()
	if err != nil || len(special) != 1 || special[0].Mailbox != FolderSent {
		t.Fatalf("LIST (SPECIAL-USE): %v %+v", err, special)
	}

	for _, f := range mb.Folders {
		sel, err := c.Select(f.Name, nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		if int(sel.NumMessages) != len(f.Messages) {
			t.Fatalf("%s: server has %d messages, mailbox %d", f.Name, sel.NumMessages, len(f.Messages))
		}
		last := uint32(len(f.Messages))
		msgs, err := c.Fetch(imap.SeqSetNum(1, last), &imap.FetchOptions{
			Flags: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}},
		}).Collect()
		if err != nil || len(msgs) != 2 {
			t.Fatalf("fetch %s: %v (%d messages)", f.Name, err, len(msgs))
		}
		for i, seq := range []uint32{1, last} {
			want := f.Messages[seq-1]
			got := msgs[i]
			if !bytes.Equal(got.FindBodySection(&imap.FetchItemBodySection{}), want.Raw) {
				t.Errorf("%s #%d: body differs from the generated message", f.Name, seq)
			}
			if !got.InternalDate.Equal(want.Date) {
				t.Errorf("%s #%d: internal date %v, want %v", f.Name, seq, got.InternalDate, want.Date)
			}
			if len(got.Flags) != len(want.Flags) {
				t.Errorf("%s #%d: flags %v, want %v", f.Name, seq, got.Flags, want.Flags)
			}
		}
	}

	cancel() // ending the context stops the server
	stop()
	if c2, err := imapclient.DialInsecure(addr, nil); err == nil {
		err = c2.Login(user, pass).Wait()
		c2.Close()
		if err == nil {
			t.Fatal("server still answers after stop")
		}
	}
}
