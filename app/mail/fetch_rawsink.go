package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"net/mail"
	"time"

	"parley/app/crm"
	"parley/app/store"
)

// RawSink stores each fetched message as a crm.Message with only its id,
// its source and the raw bytes: no parsing, threading or people. It is the
// stand-in used by tests and until the ingester is wired in; it dedupes by
// id like the ingester (ids derive from the Message-ID).
type RawSink struct {
	DB     *store.Store
	Author string // the change log's author; "" means "me"
}

// Store implements Sink.
func (s RawSink) Store(ctx context.Context, mailAccount string, batch []Fetched, commit func(tx *store.Tx) error) (BatchStats, error) {
	author := s.Author
	if author == "" {
		author = "me"
	}
	var stats BatchStats
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		stats = BatchStats{Seen: len(batch)}
		for _, f := range batch {
			m := &crm.Message{
				ID: RawMessageID(f.Raw),
				Sources: []crm.Source{{
					MailAccount: mailAccount, Folder: f.Folder, UIDValidity: f.UIDValidity, UID: f.UID,
				}},
			}
			added, err := tx.Import(m, store.CompressRaw(f.Raw), author)
			if err != nil {
				return err
			}
			if added {
				stats.Imported++
			} else {
				stats.Duplicates++
			}
		}
		return commit(tx)
	})
	return stats, err
}

// RawMessageID is a message's id from its Message-ID header (read with
// net/mail), or from a hash of its content when it has none or its header
// cannot be read.
func RawMessageID(raw []byte) crm.ID {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err == nil {
		if id := msg.Header.Get("Message-Id"); crm.NormalizeMessageID(id) != "" {
			return crm.MessageIDFor(id)
		}
		body := sha256.New()
		if _, err := body.Write(raw); err == nil {
			date, _ := msg.Header.Date()
			return crm.MessageIDFromContent(msg.Header.Get("From"), date, msg.Header.Get("Subject"), body.Sum(nil))
		}
	}
	sum := sha256.Sum256(raw)
	return crm.MessageIDFromContent("", time.Time{}, "", sum[:])
}
