package store

import (
	"crypto/sha256"
	"encoding/binary"

	"parley/app/crm"
)

// The whole key layout of the store. Every key starts with a one-byte
// prefix and a slash; multi-part keys join parts with '/', and numbers are
// 8-byte big-endian so that keys sort by them.
//
//	m/schema                      → uint64 schema version
//	m/client                      → this device's client id (string)
//	m/seq                         → uint64 last local change sequence
//	m/cseq                        → uint64 last client sequence (ops made here)
//	m/hlc                         → JSON crm.HLC, the last clock reading
//	m/count/<kind>                → uint64 number of live entities of a kind
//	e/<kind>/<id>                 → record: uint64 version + JSON entity
//	o/<cseq>                      → JSON crm.Op, the change log of this device (the sync outbox reads it)
//	c/<seq>                       → JSON change: which entity a local write touched (the search index follows it)
//	r/<message id>                → zstd raw RFC 5322 source of an imported message
//	b/<message id>/<n>            → content of attachment n of a message (under the size cap)
//	k/<mail account>/<folder>     → JSON import checkpoint of one folder
//	s/<name>                      → a secret (mail password, token), inside the encrypted store
//	p/<name>                      → a preference (JSON)
//	x/tl/<account>/<ts>/<kind>/<id> → nil: an account's timeline, oldest first
//	x/recent/<ts>/<kind>/<id>       → nil: customer-history threads and activities by time
//	x/tm/<thread>/<ts>/<message>    → nil: a thread's messages by date
//	x/addr/<address>              → contact id owning a normalised address
//	x/dom/<domain>                → account id owning a registrable domain
//	x/ac/<account>/<contact>      → nil: the people of an account
//	x/mid/<message id>            → thread id of a Message-ID seen or referenced (threading state)
//	x/tmerge/<thread>             → thread id it was merged into (threading state)
//	x/sjl/<subject key>           → JSON list of a subject's loose messages (no references, a reply prefix; threading state)
//	x/sje/<subject key>/<ts>/<h>  → JSON entry of one message with that subject (threading state; h: 8 bytes of the message key's hash)
//	x/subj/<subject key>          → JSON list of every recent message of a subject, as older versions kept it (read once, then moved)
//
// Values of e/message/, r/ and b/ keys from 1 KiB up are kept in packs
// (pack.go: packs/NNNNNNNN.pack, sealed with AES-GCM bound to the key);
// Badger then holds a 16-byte pointer, its entry's user meta set to 1.
const (
	prefixMeta     = "m/"
	prefixEntity   = "e/"
	prefixOp       = "o/"
	prefixChange   = "c/"
	prefixRaw      = "r/"
	prefixBlob     = "b/"
	prefixCheck    = "k/"
	prefixSecret   = "s/"
	prefixPref     = "p/"
	prefixTimeline = "x/tl/"
	prefixRecent   = "x/recent/"
	prefixThreadM  = "x/tm/"
	prefixAddr     = "x/addr/"
	prefixDomain   = "x/dom/"
	prefixAcctC    = "x/ac/"
	prefixMsgID    = "x/mid/"
	prefixSubjectL = "x/sjl/"
	prefixSubjectE = "x/sje/"
	prefixSubject  = "x/subj/" // older versions' layout
	prefixTMerge   = "x/tmerge/"
)

var (
	keySchema = []byte("m/schema")
	keyClient = []byte("m/client")
	keySeq    = []byte("m/seq")
	keyCSeq   = []byte("m/cseq")
	keyHLC    = []byte("m/hlc")
)

func u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

func i64(n int64) []byte { return u64(uint64(n) ^ (1 << 63)) } // sorts negatives first

func join(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	out := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			out = append(out, '/')
		}
		out = append(out, p...)
	}
	return out
}

func s(v string) []byte { return []byte(v) }

func keyCount(k crm.Kind) []byte { return []byte(prefixMeta + "count/" + string(k)) }
func keyEntity(k crm.Kind, id crm.ID) []byte {
	return []byte(prefixEntity + string(k) + "/" + string(id))
}
func keyOp(cseq uint64) []byte        { return append([]byte(prefixOp), u64(cseq)...) }
func keyChange(seq uint64) []byte     { return append([]byte(prefixChange), u64(seq)...) }
func keyRaw(id crm.ID) []byte         { return []byte(prefixRaw + string(id)) }
func keyBlob(id crm.ID, n int) []byte { return join(s(prefixBlob+string(id)), u64(uint64(n))) }
func keyCheckpoint(account, folder string) []byte {
	return []byte(prefixCheck + account + "/" + folder)
}
func keySecret(name string) []byte { return []byte(prefixSecret + name) }
func keyPref(name string) []byte   { return []byte(prefixPref + name) }
func keyTimeline(account crm.ID, ts int64, k crm.Kind, id crm.ID) []byte {
	return join(s(prefixTimeline+string(account)), i64(ts), s(string(k)), s(string(id)))
}
func keyRecent(ts int64, k crm.Kind, id crm.ID) []byte {
	return join(s(prefixRecent[:len(prefixRecent)-1]), i64(ts), s(string(k)), s(string(id)))
}
func keyThreadMsg(thread crm.ID, ts int64, msg crm.ID) []byte {
	return join(s(prefixThreadM+string(thread)), i64(ts), s(string(msg)))
}
func keyAddr(addr string) []byte        { return []byte(prefixAddr + crm.NormalizeAddress(addr)) }
func keyDomain(domain string) []byte    { return []byte(prefixDomain + domain) }
func keyAcctContact(a, c crm.ID) []byte { return []byte(prefixAcctC + string(a) + "/" + string(c)) }
func keyMsgID(messageID crm.ID) []byte  { return []byte(prefixMsgID + string(messageID)) }

func keyLegacySubject(subjectKey string) []byte { return []byte(prefixSubject + subjectKey) }
func keyLooseSubject(subjectKey string) []byte  { return []byte(prefixSubjectL + subjectKey) }
func keySubjectEntries(subjectKey string) []byte {
	return []byte(prefixSubjectE + subjectKey + "/")
}

func keySubjectEntry(subjectKey string, date int64, messageKey string) []byte {
	h := sha256.Sum256([]byte(messageKey))
	return append(append(keySubjectEntries(subjectKey), i64(date)...), h[:8]...)
}
func keyTMerge(thread crm.ID) []byte { return []byte(prefixTMerge + string(thread)) }
