package crm

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// ID is an opaque, stable identifier. Ids derived from the world (a
// Message-ID, an address, a domain) are hashes of their source, so two
// devices importing the same mail agree on them, and an id never reveals
// the text it came from (ids appear in the search index in plain text).
type ID string

// Kind names an entity type; it prefixes ids and keys.
type Kind string

const (
	KindAccount  Kind = "account"
	KindContact  Kind = "contact"
	KindThread   Kind = "thread"
	KindMessage  Kind = "message"
	KindActivity Kind = "activity"
	KindFollowUp Kind = "followup"
	KindMerge    Kind = "merge"
	KindSetting  Kind = "setting"
)

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// derive hashes a namespaced source into a 128-bit id, with a short kind
// prefix so ids are readable in logs without revealing their source.
func derive(prefix, namespace, source string) ID {
	sum := sha256.Sum256([]byte(namespace + "\x00" + source))
	return ID(prefix + idEncoding.EncodeToString(sum[:16]))
}

// MessageIDFor returns the id of a message from its Message-ID header
// (angle brackets and case of the domain part do not matter).
func MessageIDFor(messageID string) ID {
	return derive("m_", "message-id", NormalizeMessageID(messageID))
}

// MessageIDFromContent returns a fallback id for a message with no usable
// Message-ID, from what identifies it: sender, date and subject and a digest
// of its body.
func MessageIDFromContent(from string, date time.Time, subject string, bodyDigest []byte) ID {
	return derive("m_", "message-content", strings.ToLower(from)+"\x00"+date.UTC().Format(time.RFC3339)+"\x00"+subject+"\x00"+string(bodyDigest))
}

// ThreadIDFor returns a thread's id from the Message-ID that roots it.
func ThreadIDFor(rootMessageID string) ID {
	return derive("t_", "thread", NormalizeMessageID(rootMessageID))
}

// ContactIDFor returns a contact's id from one of its addresses.
func ContactIDFor(address string) ID {
	return derive("c_", "contact", NormalizeAddress(address))
}

// AccountIDFor returns an account's id from its registrable domain.
func AccountIDFor(domain string) ID {
	return derive("a_", "account", strings.ToLower(strings.TrimSpace(domain)))
}

// SurvivorOf returns the id that survives when two derived ids join: the
// smaller, the same on every device.
func SurvivorOf(a, b ID) ID {
	if a < b {
		return a
	}
	return b
}

var (
	entropyMu sync.Mutex
	entropy   = ulid.Monotonic(rand.Reader, 0)
)

// NewID returns a random, time-ordered id for what a person creates
// (notes, activities, follow-ups, accounts typed by hand).
func NewID(prefix string) ID {
	entropyMu.Lock()
	defer entropyMu.Unlock()
	u := ulid.MustNew(ulid.Timestamp(time.Now()), entropy)
	return ID(prefix + strings.ToLower(u.String()))
}

// NormalizeMessageID strips angle brackets and spaces from a Message-ID and
// lower-cases its domain part (the local part is case-sensitive).
func NormalizeMessageID(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "<")
	s = strings.TrimSuffix(s, ">")
	s = strings.TrimSpace(s)
	if at := strings.LastIndexByte(s, '@'); at >= 0 {
		s = s[:at] + strings.ToLower(s[at:])
	}
	return s
}

// NormalizeAddress lower-cases an email address and trims it.
func NormalizeAddress(addr string) string {
	return strings.ToLower(strings.TrimSpace(addr))
}

// SubjectKeyFor returns an opaque key for a normalised subject (see
// NormalizeSubject); empty subjects have no key.
func SubjectKeyFor(normalized string) string {
	if normalized == "" {
		return ""
	}
	return string(derive("s_", "subject", normalized))
}
