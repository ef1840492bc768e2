// Package imaptest starts IMAP servers for tests: a private Dovecot 2.3 on
// loopback serving a copy of a Maildir, go-imap's in-memory server, and a
// TCP proxy that cuts connections on demand.
//
// A typical import test:
//
//	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{
//		Maildir: filepath.Join(imaptest.FindShared(t), "corpus", "public"),
//	})
//	p := imaptest.NewCutProxy(t, d.Addr())
//	c, err := imapclient.DialInsecure(p.Addr(), nil)
//	// log in with d.User(), d.Password(); p.CutAfter(n) drops the
//	// connection mid-FETCH; d.Restart() and d.ChangeUIDValidity("usrp-users")
//	// simulate server-side events.
//
// Everything it starts is stopped by t.Cleanup. Tests that need Dovecot skip
// when it is not installed, unless PARLEY_REQUIRE_SERVERS=1, which turns the
// skip into a failure.
package imaptest
