package demo

import (
	"slices"
	"strings"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// go-imap v2.0.0-beta.8's in-memory server accepts CreateOptions.SpecialUse
// but drops it, and keeps mailbox names private. The session below wraps
// the memory server's and answers LIST itself from a registry of folder
// names, attributes and subscriptions, so that Sent is listed as \Sent.

const mailboxDelim = '/'

type folderInfo struct {
	specialUse []imap.MailboxAttr
	subscribed bool
}

// folderRegistry is shared by all sessions of one server.
type folderRegistry struct {
	mu      sync.Mutex
	folders map[string]*folderInfo
}

func newFolderRegistry() *folderRegistry {
	return &folderRegistry{folders: map[string]*folderInfo{}}
}

func (r *folderRegistry) add(name string, use []imap.MailboxAttr) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.folders[name] = &folderInfo{specialUse: use}
}

func (r *folderRegistry) remove(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.folders, name)
}

func (r *folderRegistry) rename(from, to string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.folders[from]; ok {
		delete(r.folders, from)
		r.folders[to] = f
	}
}

func (r *folderRegistry) setSubscribed(name string, on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.folders[name]; ok {
		f.subscribed = on
	}
}

// snapshot returns the folders sorted by name, copied.
func (r *folderRegistry) snapshot() ([]string, map[string]folderInfo) {
	r.mu.Lock()
	defer r.mu.Unlock()
	names := make([]string, 0, len(r.folders))
	infos := make(map[string]folderInfo, len(r.folders))
	for n, f := range r.folders {
		names = append(names, n)
		infos[n] = folderInfo{specialUse: slices.Clone(f.specialUse), subscribed: f.subscribed}
	}
	slices.Sort(names)
	return names, infos
}

// session is one connection's session: the memory server's own, plus
// LIST with special-use attributes.
type session struct {
	*imapmemserver.UserSession // nil until Login

	user    *imapmemserver.User
	folders *folderRegistry
}

var _ imapserver.SessionIMAP4rev2 = (*session)(nil)

func (s *session) Login(username, password string) error {
	if err := s.user.Login(username, password); err != nil {
		return err
	}
	s.UserSession = imapmemserver.NewUserSession(s.user)
	return nil
}

func (s *session) Close() error {
	if s.UserSession == nil {
		return nil
	}
	return s.UserSession.Close()
}

func (s *session) Create(name string, options *imap.CreateOptions) error {
	if err := s.UserSession.Create(name, options); err != nil {
		return err
	}
	var use []imap.MailboxAttr
	if options != nil {
		use = options.SpecialUse
	}
	s.folders.add(strings.TrimRight(name, string(mailboxDelim)), use)
	return nil
}

func (s *session) Delete(name string) error {
	if err := s.UserSession.Delete(name); err != nil {
		return err
	}
	s.folders.remove(name)
	return nil
}

func (s *session) Rename(name, newName string, options *imap.RenameOptions) error {
	if err := s.UserSession.Rename(name, newName, options); err != nil {
		return err
	}
	s.folders.rename(name, strings.TrimRight(newName, string(mailboxDelim)))
	return nil
}

func (s *session) Subscribe(name string) error {
	if err := s.UserSession.Subscribe(name); err != nil {
		return err
	}
	s.folders.setSubscribed(name, true)
	return nil
}

func (s *session) Unsubscribe(name string) error {
	if err := s.UserSession.Unsubscribe(name); err != nil {
		return err
	}
	s.folders.setSubscribed(name, false)
	return nil
}

// List answers LIST and LSUB. Special-use attributes are always returned,
// as Dovecot and most servers do, not only on RETURN (SPECIAL-USE).
func (s *session) List(w *imapserver.ListWriter, ref string, patterns []string, options *imap.ListOptions) error {
	if len(patterns) == 0 {
		return w.WriteList(&imap.ListData{Attrs: []imap.MailboxAttr{imap.MailboxAttrNoSelect}, Delim: mailboxDelim})
	}
	names, infos := s.folders.snapshot()
	for _, name := range names {
		if !matchAny(name, ref, patterns) {
			continue
		}
		info := infos[name]
		if options.SelectSubscribed && !info.subscribed {
			continue
		}
		if options.SelectSpecialUse && len(info.specialUse) == 0 {
			continue
		}
		data := imap.ListData{Mailbox: name, Delim: mailboxDelim}
		if info.subscribed {
			data.Attrs = append(data.Attrs, imap.MailboxAttrSubscribed)
		}
		data.Attrs = append(data.Attrs, info.specialUse...)
		if options.ReturnStatus != nil {
			st, err := s.UserSession.Status(name, options.ReturnStatus)
			if err != nil {
				return err
			}
			data.Status = st
		}
		if err := w.WriteList(&data); err != nil {
			return err
		}
	}
	return nil
}

func matchAny(name, ref string, patterns []string) bool {
	for _, p := range patterns {
		if imapserver.MatchList(name, mailboxDelim, ref, p) {
			return true
		}
	}
	return false
}
