package demo

import (
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
)

// Mailbox is a whole demo mailbox.
type Mailbox struct {
	Folders []Folder
}

// Folder is one IMAP folder.
type Folder struct {
	Name string
	// SpecialUse is an RFC 6154 attribute such as `\Sent`, or "".
	SpecialUse imap.MailboxAttr
	Messages   []Message
}

// Message is one raw message as stored on the server.
type Message struct {
	Raw   []byte // RFC 5322, CRLF line endings
	Date  time.Time
	Flags []imap.Flag
}

// Folder names and attributes of the demo mailbox.
const (
	FolderInbox = "INBOX"
	FolderSent  = "Sent"
)

// Generate writes the demo mailbox: the same messages for the same seed,
// dated relative to now (pass time.Now()). Mail the rep wrote is in Sent,
// everything else in INBOX, both in date order.
func Generate(seed int64, now time.Time) *Mailbox {
	g := newGen(seed, now.Truncate(time.Second))
	g.storyAcme()
	g.storyGlobex()
	g.storyBluefin()
	g.storyHarborview()
	g.storyCedarRidge()
	g.storyOrbital()
	g.storyFreeMail()
	g.storyInternal()
	g.storyBulk()
	g.storyFiller(6)
	g.settleFlags()

	slices.SortStableFunc(g.mails, func(a, b *mail) int { return a.at.Compare(b.at) })
	inbox := Folder{Name: FolderInbox}
	sent := Folder{Name: FolderSent, SpecialUse: imap.MailboxAttrSent}
	for _, m := range g.mails {
		msg := Message{Raw: render(m, !m.sent), Date: m.at, Flags: m.flags()}
		if m.sent {
			sent.Messages = append(sent.Messages, msg)
		} else {
			inbox.Messages = append(inbox.Messages, msg)
		}
	}
	return &Mailbox{Folders: []Folder{inbox, sent}}
}

// settleFlags marks what the rep has read and answered: inbound mail older
// than a day and a half is read unless the story says otherwise, and mail
// the rep replied to is answered.
func (g *gen) settleFlags() {
	replied := map[string]bool{}
	for _, m := range g.mails {
		if m.sent && m.inReplyTo != "" {
			replied[m.inReplyTo] = true
		}
	}
	for _, m := range g.mails {
		if m.sent {
			continue
		}
		if !m.unreadSet {
			m.seen = g.now.Sub(m.at) > 36*time.Hour
		}
		m.answered = replied[m.id]
	}
}

// Count is the number of messages in all folders.
func (mb *Mailbox) Count() int {
	n := 0
	for _, f := range mb.Folders {
		n += len(f.Messages)
	}
	return n
}

// Folder returns the folder with the given name, or nil.
func (mb *Mailbox) Folder(name string) *Folder {
	for i := range mb.Folders {
		if mb.Folders[i].Name == name {
			return &mb.Folders[i]
		}
	}
	return nil
}
