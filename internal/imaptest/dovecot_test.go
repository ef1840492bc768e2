package imaptest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

const usrpUsersCount = 1102

func corpus(t *testing.T) string {
	return filepath.Join(FindShared(t), "corpus", "public")
}

func login(t *testing.T, c *imapclient.Client, d *Dovecot) {
	t.Helper()
	if err := c.Login(d.User(), d.Password()).Wait(); err != nil {
		t.Fatalf("login: %v\n%s", err, d.Log())
	}
}

func dialPlain(t *testing.T, addr string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func selectCount(t *testing.T, c *imapclient.Client, folder string) *imap.SelectData {
	t.Helper()
	data, err := c.Select(folder, nil).Wait()
	if err != nil {
		t.Fatalf("select %s: %v", folder, err)
	}
	return data
}

func TestDovecotServesCorpusCopy(t *testing.T) {
	start := time.Now()
	d := StartDovecot(t, DovecotOptions{Maildir: corpus(t)})
	t.Logf("dovecot with a copy of the corpus ready in %v", time.Since(start))

	c := dialPlain(t, d.Addr())
	login(t, c, d)
	if !c.Caps().Has(imap.CapCondStore) {
		t.Errorf("CONDSTORE not advertised: %v", c.Caps())
	}
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	names := map[string]bool{}
	for _, m := range list {
		names[m.Mailbox] = true
	}
	for _, want := range []string{"INBOX", "usrp-users", "linux-btrfs"} {
		if !names[want] {
			t.Errorf("LIST lacks %q: %v", want, names)
		}
	}
	sel := selectCount(t, c, "usrp-users")
	if sel.NumMessages != usrpUsersCount {
		t.Fatalf("usrp-users has %d messages, want %d", sel.NumMessages, usrpUsersCount)
	}
	msgs, err := c.Fetch(imap.SeqSetNum(1, usrpUsersCount), &imap.FetchOptions{
		Envelope: true, UID: true,
	}).Collect()
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	if len(msgs) != 2 || msgs[1].Envelope == nil || msgs[1].Envelope.MessageID == "" {
		t.Fatalf("fetch of first and last message returned %+v", msgs)
	}
	t.Logf("corpus served and checked in %v", time.Since(start))
}

func TestDovecotDisableCondStore(t *testing.T) {
	d := StartDovecot(t, DovecotOptions{DisableCondStore: true})
	c := dialPlain(t, d.Addr())
	login(t, c, d)
	caps := c.Caps()
	if caps.Has(imap.CapCondStore) || caps.Has(imap.CapQResync) {
		t.Fatalf("CONDSTORE/QRESYNC still advertised: %v", caps)
	}
	if !caps.Has(imap.CapIdle) {
		t.Fatalf("IDLE lost from capabilities: %v", caps)
	}
}

func TestDovecotTLS(t *testing.T) {
	d := StartDovecot(t, DovecotOptions{Maildir: corpus(t), TLS: true})

	t.Run("implicit TLS with the CA", func(t *testing.T) {
		c, err := imapclient.DialTLS(d.TLSAddr(), &imapclient.Options{TLSConfig: &tls.Config{RootCAs: d.CAPool()}})
		if err != nil {
			t.Fatalf("dial TLS: %v", err)
		}
		defer c.Close()
		login(t, c, d)
		if n := selectCount(t, c, "usrp-users").NumMessages; n != usrpUsersCount {
			t.Fatalf("over TLS usrp-users has %d messages", n)
		}
	})
	t.Run("STARTTLS with the CA", func(t *testing.T) {
		c, err := imapclient.DialStartTLS(d.Addr(), &imapclient.Options{TLSConfig: &tls.Config{RootCAs: d.CAPool()}})
		if err != nil {
			t.Fatalf("dial STARTTLS: %v", err)
		}
		defer c.Close()
		login(t, c, d)
		if n := selectCount(t, c, "linux-btrfs").NumMessages; n == 0 {
			t.Fatalf("over STARTTLS linux-btrfs is empty")
		}
	})
	t.Run("both listeners come back after a restart", func(t *testing.T) {
		if err := d.Restart(); err != nil {
			t.Fatal(err)
		}
		c, err := imapclient.DialTLS(d.TLSAddr(), &imapclient.Options{TLSConfig: &tls.Config{RootCAs: d.CAPool()}})
		if err != nil {
			t.Fatalf("dial TLS after restart: %v", err)
		}
		defer c.Close()
		login(t, c, d)
	})
	t.Run("implicit TLS without trusting the CA fails", func(t *testing.T) {
		c, err := imapclient.DialTLS(d.TLSAddr(), &imapclient.Options{TLSConfig: &tls.Config{RootCAs: d.TLS().OtherCAPool}})
		if err == nil {
			c.Close()
			t.Fatal("handshake succeeded with an untrusted CA")
		}
	})
}

// A server presenting a certificate for another host, or from another CA,
// must be refused by a client that trusts the test CA.
func TestDovecotBadCertificates(t *testing.T) {
	isHostname := func(err error) bool { var e x509.HostnameError; return errors.As(err, &e) }
	isAuthority := func(err error) bool { var e x509.UnknownAuthorityError; return errors.As(err, &e) }
	for _, tc := range []struct {
		name string
		cert ServerCert
		want func(error) bool
	}{
		{"wrong host", CertWrongHost, isHostname},
		{"other CA", CertOtherCA, isAuthority},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := StartDovecot(t, DovecotOptions{TLS: true, ServerCert: tc.cert})
			cfg := &tls.Config{RootCAs: d.CAPool()}
			c, err := imapclient.DialTLS(d.TLSAddr(), &imapclient.Options{TLSConfig: cfg})
			if err == nil {
				c.Close()
				t.Fatal("implicit TLS accepted a bad certificate")
			}
			if !tc.want(err) {
				t.Errorf("implicit TLS failed for another reason: %v", err)
			}
			c, err = imapclient.DialStartTLS(d.Addr(), &imapclient.Options{TLSConfig: cfg})
			if err == nil {
				c.Close()
				t.Fatal("STARTTLS accepted a bad certificate")
			}
			if !tc.want(err) {
				t.Errorf("STARTTLS failed for another reason: %v", err)
			}
		})
	}
}

func TestDovecotRestartKeepsData(t *testing.T) {
	d := StartDovecot(t, DovecotOptions{Maildir: corpus(t)})
	c := dialPlain(t, d.Addr())
	login(t, c, d)
	before := selectCount(t, c, "usrp-users")
	addr := d.Addr()

	start := time.Now()
	if err := d.Restart(); err != nil {
		t.Fatal(err)
	}
	t.Logf("restart took %v", time.Since(start))
	if d.Addr() != addr {
		t.Errorf("address changed from %s to %s", addr, d.Addr())
	}
	if err := c.Noop().Wait(); err == nil {
		t.Error("old connection still works after restart")
	}
	c2 := dialPlain(t, d.Addr())
	login(t, c2, d)
	after := selectCount(t, c2, "usrp-users")
	if after.NumMessages != before.NumMessages || after.UIDValidity != before.UIDValidity || after.UIDNext != before.UIDNext {
		t.Fatalf("after restart %d msgs uidvalidity %d uidnext %d, before %d %d %d",
			after.NumMessages, after.UIDValidity, after.UIDNext, before.NumMessages, before.UIDValidity, before.UIDNext)
	}
}

func TestDovecotChangeUIDValidity(t *testing.T) {
	d := StartDovecot(t, DovecotOptions{Maildir: corpus(t)})
	c := dialPlain(t, d.Addr())
	login(t, c, d)
	before := selectCount(t, c, "usrp-users")
	other := selectCount(t, c, "linux-btrfs")
	c.Close()

	start := time.Now()
	if err := d.ChangeUIDValidity("usrp-users"); err != nil {
		t.Fatal(err)
	}
	t.Logf("uidvalidity change took %v", time.Since(start))
	c2 := dialPlain(t, d.Addr())
	login(t, c2, d)
	after := selectCount(t, c2, "usrp-users")
	if after.UIDValidity == before.UIDValidity {
		t.Fatalf("UIDVALIDITY still %d", after.UIDValidity)
	}
	if after.NumMessages != before.NumMessages {
		t.Fatalf("messages %d, want %d", after.NumMessages, before.NumMessages)
	}
	if got := selectCount(t, c2, "linux-btrfs").UIDValidity; got != other.UIDValidity {
		t.Fatalf("other folder's UIDVALIDITY changed from %d to %d", other.UIDValidity, got)
	}
	st, err := c2.Status("usrp-users", &imap.StatusOptions{UIDValidity: true}).Wait()
	if err != nil || st.UIDValidity != after.UIDValidity {
		t.Fatalf("STATUS after the change: %v %+v, SELECT says %d", err, st, after.UIDValidity)
	}
}

// INBOX lives at the Maildir root, beside Dovecot's own files: changing its
// UIDVALIDITY right after it was created (the same second) must still work.
func TestDovecotChangeUIDValidityOfInbox(t *testing.T) {
	d := StartDovecot(t, DovecotOptions{})
	if err := d.AppendRaw("INBOX", []byte("Subject: one\r\nMessage-ID: <one@example.test>\r\n\r\nbody\r\n")); err != nil {
		t.Fatal(err)
	}
	c := dialPlain(t, d.Addr())
	login(t, c, d)
	before := selectCount(t, c, "INBOX")
	c.Close()
	if err := d.ChangeUIDValidity("INBOX"); err != nil {
		t.Fatal(err)
	}
	c2 := dialPlain(t, d.Addr())
	login(t, c2, d)
	after := selectCount(t, c2, "INBOX")
	if after.UIDValidity == before.UIDValidity || after.NumMessages != 1 {
		t.Fatalf("INBOX uidvalidity %d -> %d, %d messages", before.UIDValidity, after.UIDValidity, after.NumMessages)
	}
}

func TestMissingServerSkipsOrFails(t *testing.T) {
	for _, require := range []bool{false, true} {
		rec := &recorder{TB: t}
		if require {
			t.Setenv("PARLEY_REQUIRE_SERVERS", "1")
		} else {
			t.Setenv("PARLEY_REQUIRE_SERVERS", "")
		}
		missingServer(rec, "dovecot not found")
		if rec.failed != require || rec.skipped == require {
			t.Errorf("PARLEY_REQUIRE_SERVERS=%v: failed %v, skipped %v", require, rec.failed, rec.skipped)
		}
		if require && !strings.Contains(rec.msg, "PARLEY_REQUIRE_SERVERS=1") {
			t.Errorf("failure message %q does not say why", rec.msg)
		}
	}
}

// recorder captures Fatalf and Skipf instead of ending the test.
type recorder struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped, r.msg = true, fmt.Sprintf(format, args...)
}

func TestDovecotAppendRaw(t *testing.T) {
	d := StartDovecot(t, DovecotOptions{})
	c := dialPlain(t, d.Addr())
	login(t, c, d)
	if n := selectCount(t, c, "INBOX").NumMessages; n != 0 {
		t.Fatalf("empty INBOX has %d messages", n)
	}
	raw := "From: A <a@example.test>\r\nTo: B <b@example.test>\r\nSubject: dropped in\r\n" +
		"Message-ID: <append-raw@example.test>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nhello\r\n"
	if err := d.AppendRaw("INBOX", []byte(raw)); err != nil {
		t.Fatal(err)
	}
	if err := c.Noop().Wait(); err != nil {
		t.Fatal(err)
	}
	if n := c.Mailbox().NumMessages; n != 1 {
		t.Fatalf("after delivery and NOOP INBOX has %d messages", n)
	}
	msgs, err := c.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{Envelope: true}).Collect()
	if err != nil || len(msgs) != 1 || msgs[0].Envelope.Subject != "dropped in" {
		t.Fatalf("fetch delivered message: %v %+v", err, msgs)
	}
}

func TestCutProxyCutsFetchMidStream(t *testing.T) {
	d := StartDovecot(t, DovecotOptions{Maildir: corpus(t)})
	p := NewCutProxy(t, d.Addr())
	c := dialPlain(t, p.Addr())
	login(t, c, d)
	selectCount(t, c, "linux-btrfs")

	p.CutAfter(200 << 10)
	cmd := c.Fetch(imap.SeqSetNum(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40), &imap.FetchOptions{
		BodySection: []*imap.FetchItemBodySection{{Peek: true}},
	})
	got, readErr := streamBodies(c, cmd)
	closeErr := cmd.Close()
	if readErr == nil && closeErr == nil {
		t.Fatalf("FETCH through a cut connection succeeded (%d messages)", got)
	}
	if p.Cuts() != 1 {
		t.Fatalf("proxy cut %d times", p.Cuts())
	}
	if got == 0 || got >= 40 {
		t.Fatalf("client got %d of 40 messages before the cut; want a mid-stream cut", got)
	}

	// The proxy keeps accepting: a new session works.
	c2 := dialPlain(t, p.Addr())
	login(t, c2, d)
}

// streamBodies reads every body of a FETCH the way an importer should:
// item by item with Next, never Collect. It returns how many bodies were
// read whole and the first read error.
//
// A connection lost inside a literal shows up as a short body whose Read
// ends in a plain io.EOF, so the length must be checked against Size.
// go-imap beta.8 also has a data race on a connection lost inside a literal:
// the reader goroutine resumes decoding from the shared bufio.Reader as
// soon as the literal's Read fails, while FetchMessageData.Next (and so
// Collect and FetchCommand.Close) reads the failed literal again to discard
// it. Waiting for Client.Closed before touching the command again avoids
// it: the reader goroutine has ended by then.
func streamBodies(c *imapclient.Client, cmd *imapclient.FetchCommand) (int, error) {
	got := 0
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		for item := msg.Next(); item != nil; item = msg.Next() {
			body, ok := item.(imapclient.FetchItemDataBodySection)
			if !ok || body.Literal == nil {
				continue
			}
			n, err := io.Copy(io.Discard, body.Literal)
			if err == nil && n != body.Literal.Size() {
				// beta.8 reports a connection closed inside a literal as
				// a clean io.EOF: only the length shows the truncation.
				err = fmt.Errorf("body %d of %d bytes: %w", n, body.Literal.Size(), io.ErrUnexpectedEOF)
			}
			if err != nil {
				select {
				case <-c.Closed():
				case <-time.After(5 * time.Second):
				}
				return got, err
			}
			got++
		}
	}
	return got, nil
}
