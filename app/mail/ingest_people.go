package mail

import (
	"errors"
	"strings"

	"parley/app/crm"
)

// people links a customer-history message to its accounts and contacts,
// creating them the first time they appear.
func (w *writer) people(m *crm.Message, d crm.Decision) error {
	for _, domain := range d.AccountDomains {
		id, err := w.account(domain, m.Date, m.Text)
		if err != nil {
			return err
		}
		m.AccountIDs = appendID(m.AccountIDs, id)
	}
	for _, p := range d.Participants {
		if p.Class != crm.ClassExternal && p.Class != crm.ClassFreeMail {
			continue
		}
		var account crm.ID
		if p.Class == crm.ClassExternal {
			account = crm.AccountIDFor(p.Domain)
		}
		id, err := w.contact(p, account, m.Date)
		if err != nil {
			return err
		}
		m.ContactIDs = appendID(m.ContactIDs, id)
	}
	return nil
}

// account returns the id of the account owning domain, creating it.
func (w *writer) account(domain string, at int64, text string) (crm.ID, error) {
	id, err := w.tx.AccountByDomain(domain)
	if errors.Is(err, crm.ErrNotFound) {
		id = crm.AccountIDFor(domain)
	} else if err != nil {
		return "", err
	}
	a := &crm.Account{ID: id}
	switch err := w.tx.Get(a); {
	case errors.Is(err, crm.ErrNotFound):
		a = &crm.Account{ID: id, Name: AccountNameFromDomain(domain), Domains: []string{domain}, Created: at, LastAt: at}
		if n := NameInText(domain, text); n != "" {
			a.Name = n
		}
		w.stats.Accounts++
	case err != nil:
		return "", err
	default:
		for a.MergedInto != "" { // merged by the rep: history goes to the survivor
			a = &crm.Account{ID: a.MergedInto}
			if err := w.tx.Get(a); err != nil {
				return "", err
			}
		}
		renamed := false
		if a.Name == AccountNameFromDomain(domain) { // still the name made from the domain
			if n := NameInText(domain, text); n != "" {
				a.Name, renamed = n, true
			}
		}
		if at <= a.LastAt && !renamed {
			return a.ID, nil
		}
		a.LastAt = max(a.LastAt, at)
	}
	_, err = w.tx.Put(a, w.g.cfg.Author)
	return a.ID, err
}

// contact returns the id of the person owning an address, creating them.
func (w *writer) contact(p crm.Participant, account crm.ID, at int64) (crm.ID, error) {
	addr := p.Address.Address
	id, err := w.tx.ContactByAddress(addr)
	if errors.Is(err, crm.ErrNotFound) {
		id = crm.ContactIDFor(addr)
	} else if err != nil {
		return "", err
	}
	c := &crm.Contact{ID: id}
	switch err := w.tx.Get(c); {
	case errors.Is(err, crm.ErrNotFound):
		c = &crm.Contact{ID: id, Name: cleanPersonName(p.Address.Name, addr), Addresses: []string{addr}, AccountID: account, FreeMail: p.Class == crm.ClassFreeMail, LastAt: at}
		w.stats.Contacts++
	case err != nil:
		return "", err
	default:
		changed := false
		if at > c.LastAt {
			c.LastAt, changed = at, true
		}
		if c.Name == "" || (c.Name == localPart(addr) && p.Address.Name != "") {
			if n := cleanPersonName(p.Address.Name, addr); n != c.Name {
				c.Name, changed = n, true
			}
		}
		if c.AccountID == "" && account != "" {
			c.AccountID, changed = account, true
		}
		if !changed {
			return c.ID, nil
		}
	}
	_, err = w.tx.Put(c, w.g.cfg.Author)
	return c.ID, err
}

// cleanPersonName drops list decorations ("Jane Doe via usrp-users") and
// quotes from a display name; an empty name becomes the address's local part.
func cleanPersonName(name, addr string) string {
	name = strings.Trim(strings.TrimSpace(name), `"'`)
	if i := strings.Index(strings.ToLower(name), " via "); i > 0 {
		name = strings.TrimSpace(name[:i])
	}
	if name == "" || strings.Contains(name, "@") {
		return localPart(addr)
	}
	return name
}

func localPart(addr string) string {
	if i := strings.IndexByte(addr, '@'); i > 0 {
		return addr[:i]
	}
	return addr
}

// AccountNameFromDomain makes a readable company name from a registrable
// domain: "acme-labs.co.uk" → "Acme Labs". The rep can rename it.
func AccountNameFromDomain(domain string) string {
	label, _, _ := strings.Cut(domain, ".")
	words := strings.FieldsFunc(label, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		if len(w) <= 3 && len(words) == 1 {
			words[i] = strings.ToUpper(w) // "ni" → "NI", "ibm" → "IBM"
			continue
		}
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	if len(words) == 0 {
		return domain
	}
	return strings.Join(words, " ")
}

// NameInText finds how a company writes its own name in a message (a
// signature, a footer): a run of capitalised words whose letters spell the
// domain's first label, so orbitalbrewing.com is "Orbital Brewing" and
// cedar-ridge-farms.com "Cedar Ridge Farms". It returns "" when the text
// does not spell it.
func NameInText(domain, text string) string {
	label, _, _ := strings.Cut(domain, ".")
	want := strings.ReplaceAll(strings.ToLower(label), "-", "")
	if len(want) < 4 || !strings.ContainsAny(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return ""
	}
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '&')
	})
	for i := range words {
		if w := words[i]; w == "" || w[0] < 'A' || w[0] > 'Z' {
			continue
		}
		joined := ""
		for j := i; j < len(words) && j < i+4; j++ {
			if w := words[j]; w[0] < 'A' || w[0] > 'Z' {
				break
			}
			joined += strings.ToLower(words[j])
			if joined == want && j > i { // one word is just the domain again
				return strings.Join(words[i:j+1], " ")
			}
			if !strings.HasPrefix(want, joined) {
				break
			}
		}
	}
	return ""
}

func appendID(ids []crm.ID, id crm.ID) []crm.ID {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}
