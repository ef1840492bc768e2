// Package demo generates a fictional sales mailbox for demos and tests, and
// serves it over IMAP with go-imap's in-memory server.
//
// Everything here is invented: companies live on reserved top-level domains
// (.test, .example, RFC 2606), phone numbers are in the 555-01xx range, and
// no message is taken from real mail. The content is fixed by a seed; dates
// are placed relative to the caller's "now" so the demo always looks
// current.
package demo
