package mail

import (
	"context"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// FolderInfo is one folder on the server.
type FolderInfo struct {
	Name       string `json:"name"`
	SpecialUse string `json:"specialUse,omitempty"` // `\Sent`, `\Archive`, ... (RFC 6154)
	Selectable bool   `json:"selectable"`
	// Default is true when Parley imports the folder unless told otherwise.
	Default bool `json:"default"`
}

// specialUses Parley reads, and those it skips by default.
var (
	importUses = []imap.MailboxAttr{imap.MailboxAttrSent, imap.MailboxAttrArchive, imap.MailboxAttrAll}
	skipUses   = []imap.MailboxAttr{imap.MailboxAttrDrafts, imap.MailboxAttrJunk, imap.MailboxAttrTrash}
)

// sentNames find Sent on servers without SPECIAL-USE.
var sentNames = []string{"sent", "sent items", "sent messages", "sent mail"}

// listFolders lists every folder with its special use.
func (ic *imapConn) listFolders(ctx context.Context) ([]FolderInfo, error) {
	var out []FolderInfo
	err := ic.guarded(ctx, phaseCommand, func() error {
		var opts *imap.ListOptions
		if ic.caps.Has(imap.CapSpecialUse) || ic.caps.Has(imap.CapListExtended) {
			opts = &imap.ListOptions{ReturnSpecialUse: true}
		}
		list, err := ic.c.List("", "*", opts).Collect()
		if err != nil {
			return err
		}
		for _, l := range list {
			f := FolderInfo{Name: l.Mailbox, Selectable: true}
			for _, a := range l.Attrs {
				switch {
				case a == imap.MailboxAttrNoSelect || a == imap.MailboxAttrNonExistent:
					f.Selectable = false
				case slices.Contains(importUses, a) || slices.Contains(skipUses, a) || a == imap.MailboxAttrFlagged:
					f.SpecialUse = string(a)
				}
			}
			out = append(out, f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	markDefaults(out)
	return out, nil
}

// markDefaults chooses what to import when the user chose nothing: INBOX,
// Sent and Archive (All only when there is no Archive, as it repeats
// everything); never Drafts, Junk or Trash.
func markDefaults(fs []FolderInfo) {
	hasArchive, hasSent := false, false
	for _, f := range fs {
		hasArchive = hasArchive || f.SpecialUse == string(imap.MailboxAttrArchive)
		hasSent = hasSent || f.SpecialUse == string(imap.MailboxAttrSent)
	}
	for i := range fs {
		f := &fs[i]
		if !f.Selectable {
			continue
		}
		switch {
		case strings.EqualFold(f.Name, "INBOX"):
			f.Default = true
		case f.SpecialUse == string(imap.MailboxAttrSent), f.SpecialUse == string(imap.MailboxAttrArchive):
			f.Default = true
		case f.SpecialUse == string(imap.MailboxAttrAll):
			f.Default = !hasArchive
		case f.SpecialUse == "" && !hasSent && slices.Contains(sentNames, strings.ToLower(lastPart(f.Name))):
			f.Default = true
			f.SpecialUse = string(imap.MailboxAttrSent)
		}
	}
}

func lastPart(name string) string {
	if i := strings.LastIndexAny(name, "/."); i >= 0 {
		return name[i+1:]
	}
	return name
}

// chooseFolders returns the folders to import: the chosen names (each must
// exist), or the defaults. Order: INBOX first, then as listed.
func chooseFolders(all []FolderInfo, chosen []string) ([]FolderInfo, error) {
	var out []FolderInfo
	if len(chosen) > 0 {
		for _, name := range chosen {
			i := slices.IndexFunc(all, func(f FolderInfo) bool {
				return f.Name == name || (strings.EqualFold(name, "INBOX") && strings.EqualFold(f.Name, "INBOX"))
			})
			if i < 0 || !all[i].Selectable {
				return nil, &ConnError{Kind: ErrFolderMissing, Detail: name}
			}
			out = append(out, all[i])
		}
		return out, nil
	}
	for _, f := range all {
		if f.Default {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b FolderInfo) int {
		ai, bi := strings.EqualFold(a.Name, "INBOX"), strings.EqualFold(b.Name, "INBOX")
		switch {
		case ai && !bi:
			return -1
		case bi && !ai:
			return 1
		}
		return 0
	})
	return out, nil
}
