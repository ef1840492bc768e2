// Package mail imports mail into Parley: it parses RFC 5322 / MIME messages
// (RFC 2045-2049, RFC 2047 encoded words, RFC 2231 parameters) into the
// fields of crm.Message, threads them by References and In-Reply-To
// (RFC 5322 §3.6.4, after Jamie Zawinski's algorithm) with a subject
// fallback, and fetches them over IMAP (RFC 9051).
//
// Parsing never panics and never drops a message: what cannot be parsed
// comes back with Parsed.Unparsed set to a reason a person can read.
package mail
