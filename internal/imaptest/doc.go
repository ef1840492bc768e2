// Package imaptest starts IMAP servers for tests: a private Dovecot 2.3 on
// loopback serving a copy of a Maildir, go-imap's in-memory server, and a
// TCP proxy that cuts connections on demand.
//
// Everything it starts is stopped by t.Cleanup. Tests that need Dovecot skip
// when it is not installed, unless PARLEY_REQUIRE_SERVERS=1, which turns the
// skip into a failure.
package imaptest
