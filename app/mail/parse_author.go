package mail

import (
	"strings"

	"parley/app/crm"
)

// ListAddress returns the mailing list's own address: its List-Post
// address, else the one its List-Id implies ("usrp-users.lists.ettus.com"
// → usrp-users@lists.ettus.com). "" for mail that did not come via a list.
func (p *Parsed) ListAddress() string {
	if p.ListPost != "" {
		return p.ListPost
	}
	if dot := strings.IndexByte(p.ListID, '.'); dot > 0 && dot < len(p.ListID)-1 {
		return cleanAddress(p.ListID[:dot] + "@" + p.ListID[dot+1:])
	}
	return ""
}

// RewrittenByList reports whether a mailing list replaced From with its own
// address (DMARC mitigation: "Jane Doe via usrp-users <usrp-users@lists…>").
func (p *Parsed) RewrittenByList() bool {
	from := p.From.Address
	if from == "" {
		return false
	}
	if list := p.ListAddress(); list != "" && from == list {
		return true
	}
	// A list whose List-Post we could not read still names itself in the
	// display name and sends from its own domain.
	if _, ok := cutVia(p.From.Name); ok && p.ListID != "" {
		return strings.HasSuffix(p.ListID, "."+domainOf(from)) || p.ListID == domainOf(from) ||
			strings.HasSuffix(domainOf(from), listDomain(p.ListID))
	}
	return false
}

// Author returns the person who wrote the message. Usually that is From;
// when a list rewrote From to its own address, it is X-Original-From, else
// the single Reply-To that is not the list, named after the display name
// the list kept ("Jane Doe via usrp-users" → "Jane Doe"). From stays as
// it was in Parsed.From.
func (p *Parsed) Author() crm.Address {
	if p.XOriginalFrom.Address != "" && p.XOriginalFrom.Address != p.ListAddress() {
		return p.XOriginalFrom
	}
	if !p.RewrittenByList() {
		return p.From
	}
	name, _ := cutVia(p.From.Name)
	for _, r := range p.ReplyTo {
		if r.Address != p.From.Address && r.Address != p.ListAddress() {
			if r.Name != "" {
				name = r.Name
			}
			return crm.Address{Name: name, Address: r.Address}
		}
	}
	return p.From // nobody else named: the list is all we know
}

// cutVia strips the " via <list>" suffix of a rewritten display name and
// the dashes some lists put in place of an address ("jane.doe--- via L").
func cutVia(name string) (string, bool) {
	lower := strings.ToLower(name)
	i := strings.LastIndex(lower, " via ")
	if i < 0 {
		return name, false
	}
	n := strings.TrimRight(strings.TrimSpace(name[:i]), "-")
	if strings.Contains(n, "@") {
		n = ""
	}
	return strings.TrimSpace(n), true
}

func domainOf(addr string) string {
	if at := strings.LastIndexByte(addr, '@'); at >= 0 {
		return addr[at+1:]
	}
	return ""
}

// listDomain is the host part of a List-Id ("usrp-users.lists.ettus.com"
// → "lists.ettus.com").
func listDomain(listID string) string {
	if dot := strings.IndexByte(listID, '.'); dot >= 0 {
		return listID[dot+1:]
	}
	return listID
}

// IsReply reports whether the message names a parent.
func (p *Parsed) IsReply() bool { return p.InReplyTo != "" || len(p.References) > 0 }

// Facts returns what crm.Classifier.Decide needs to know.
func (p *Parsed) Facts() crm.MailFacts {
	return crm.MailFacts{
		Author:          p.Author(),
		To:              p.To,
		Cc:              p.Cc,
		ListID:          p.ListID,
		ListAddress:     p.ListAddress(),
		HasListPost:     p.HasListPost,
		ListUnsubscribe: p.ListUnsubscribe,
		Precedence:      p.Precedence,
		AutoSubmitted:   p.AutoSubmitted,
		IsReply:         p.IsReply(),
	}
}

// ID returns the message's id: from its Message-ID, else from its content
// (the From address as written, date, subject, body digest). The raw From
// is used, not Author, so the id does not move if the author heuristics
// change between app versions on two devices.
func (p *Parsed) ID() crm.ID {
	if p.MessageID != "" {
		return crm.MessageIDFor(p.MessageID)
	}
	return crm.MessageIDFromContent(p.From.Address, p.Date, p.Subject, p.Digest())
}

// Message returns the crm.Message fields that come from the message
// itself. From is the Author (the person, not a list that rewrote From).
// ThreadID, Direction, Sources, AccountIDs, ContactIDs, History and LeftOut
// are the caller's to fill from the threader and the classifier.
func (p *Parsed) Message() crm.Message {
	m := crm.Message{
		ID:         p.ID(),
		MessageID:  p.MessageID,
		InReplyTo:  p.InReplyTo,
		References: p.References,
		From:       p.Author(),
		ReplyTo:    p.ReplyTo,
		To:         p.To,
		Cc:         p.Cc,
		Subject:    p.Subject,
		Text:       p.Text,
		QuoteStart: p.QuoteStart,
		Truncated:  p.Truncated,
		Unparsed:   p.Unparsed,
		ListID:     p.ListID,
	}
	if !p.Date.IsZero() {
		m.Date = p.Date.UnixMilli()
	}
	for _, a := range p.Attachments {
		m.Attachments = append(m.Attachments, a.Attachment)
	}
	return m
}
