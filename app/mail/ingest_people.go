package mail

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"parley/app/crm"
)

// people links a customer-history message to its accounts and contacts,
// creating them the first time they appear, then merges the accounts that
// are one company and the contacts that are one person (see
// ingest_family.go and ingest_persons.go).
func (w *writer) people(m *crm.Message, d crm.Decision) error {
	var touched []crm.ID
	text := newNameText(ownTextAndSignature(m), &w.names)
	for _, domain := range d.AccountDomains {
		id, changed, err := w.account(domain, m.Date, text)
		if err != nil {
			return err
		}
		m.AccountIDs = appendID(m.AccountIDs, id)
		if changed {
			touched = append(touched, id)
		}
	}
	if err := w.joinFamilies(touched); err != nil {
		return err
	}
	for _, p := range d.Participants {
		if p.Class != crm.ClassExternal && p.Class != crm.ClassFreeMail {
			continue
		}
		var account crm.ID
		if p.Class == crm.ClassExternal {
			id, err := w.tx.AccountByDomain(p.Domain)
			if err != nil {
				return err
			}
			account = id
		}
		id, changed, err := w.contact(p, account, m.Date)
		if err != nil {
			return err
		}
		if changed && account != "" {
			// A new or renamed person may be someone the company knows
			// under another address, and may tie two domains together.
			if err := w.joinPeopleAtCompany(account, []crm.ID{id}); err != nil {
				return err
			}
			if err := w.joinFamilies([]crm.ID{account}); err != nil {
				return err
			}
		}
		m.ContactIDs = appendID(m.ContactIDs, id)
	}
	return w.resolveLinks(m)
}

// ownTextAndSignature is where a company spells its own name: the end of
// what the author wrote and the start of what follows it (the signature,
// then quotes). Bounding it keeps the name scans of every message cheap.
func ownTextAndSignature(m *crm.Message) string {
	const before, after = 3 << 10, 2 << 10
	end := min(max(m.QuoteStart, 0), len(m.Text))
	from, to := max(end-before, 0), min(end+after, len(m.Text))
	for from > 0 && from < len(m.Text) && !utf8.RuneStart(m.Text[from]) {
		from--
	}
	for to < len(m.Text) && !utf8.RuneStart(m.Text[to]) {
		to++
	}
	return m.Text[from:to]
}

// resolveLinks points a message at the survivors of the merges its own
// people caused.
func (w *writer) resolveLinks(m *crm.Message) error {
	for i, id := range m.AccountIDs {
		a, err := w.liveAccount(id)
		if err != nil {
			return err
		}
		m.AccountIDs[i] = a.ID
	}
	for i, id := range m.ContactIDs {
		c, err := w.liveContact(id)
		if err != nil {
			return err
		}
		m.ContactIDs[i] = c.ID
	}
	m.AccountIDs = replaceID(m.AccountIDs, "", "") // drops the duplicates a merge leaves
	m.ContactIDs = replaceID(m.ContactIDs, "", "")
	return nil
}

// account returns the id of the account owning domain, creating it;
// changed reports a new account or a new name its mail spells, the
// moments its family may show.
func (w *writer) account(domain string, at int64, text *nameText) (crm.ID, bool, error) {
	id, err := w.tx.AccountByDomain(domain)
	if errors.Is(err, crm.ErrNotFound) {
		id = crm.AccountIDFor(domain)
	} else if err != nil {
		return "", false, err
	}
	a := &crm.Account{ID: id}
	changed := false
	switch err := w.tx.Get(a); {
	case errors.Is(err, crm.ErrNotFound):
		a = &crm.Account{ID: id, Name: AccountNameFromDomain(domain), Domains: []string{domain}, Created: at, LastAt: at}
		if n := text.name(domain); n != "" {
			a.Name = n
		}
		w.learnAlias(a, domain, text)
		changed = true
		w.relatedAccounts = nil // a new domain may relate to any account
		w.stats.Accounts++
	case err != nil:
		return "", false, err
	default:
		if a.MergedInto != "" { // merged by the rep: history goes to the survivor
			if a, err = w.liveAccount(a.MergedInto); err != nil {
				return "", false, err
			}
		}
		renamed := false
		if a.Name == AccountNameFromDomain(domain) { // still the name made from the domain
			if n := text.name(domain); n != "" {
				a.Name, renamed = n, true
			}
		}
		changed = w.learnAlias(a, domain, text)
		if at <= a.LastAt && !renamed && !changed {
			return a.ID, false, nil
		}
		a.LastAt = max(a.LastAt, at)
	}
	if _, err := w.tx.Put(a, w.g.cfg.Author); err != nil {
		return "", false, err
	}
	if w.accounts != nil {
		w.accounts[a.ID] = a
	}
	return a.ID, changed, nil
}

// maxAliases bounds the names an account collects from its mail.
const maxAliases = 8

// learnAlias records the company name a domain abbreviates when the text
// spells it ("Harborview Health" for hvhealth.test): evidence that joins
// the account to the one whose domain spells that name. It reports
// whether the account learnt a new name.
func (w *writer) learnAlias(a *crm.Account, domain string, text *nameText) bool {
	if len(a.Aliases) >= maxAliases {
		return false
	}
	label, _, _ := strings.Cut(domain, ".")
	short := strings.ReplaceAll(label, "-", "")
	for _, have := range a.Aliases {
		if crm.Abbreviates(short, strings.Fields(strings.ToLower(have))) {
			return false // the mail already named it: spare the scan
		}
	}
	n := text.expansion(domain)
	if n == "" || slices.Contains(a.Aliases, n) {
		return false
	}
	a.Aliases = sortedUnion(a.Aliases, []string{n})
	return true
}

// contact returns the id of the person owning an address, creating them;
// changed reports a new contact or a new name, the moments it may turn
// out to be someone already known.
func (w *writer) contact(p crm.Participant, account crm.ID, at int64) (crm.ID, bool, error) {
	addr := p.Address.Address
	id, err := w.tx.ContactByAddress(addr)
	if errors.Is(err, crm.ErrNotFound) {
		id = crm.ContactIDFor(addr)
	} else if err != nil {
		return "", false, err
	}
	c := &crm.Contact{ID: id}
	renamed := false
	switch err := w.tx.Get(c); {
	case errors.Is(err, crm.ErrNotFound):
		c = &crm.Contact{ID: id, Name: cleanPersonName(p.Address.Name, addr), Addresses: []string{addr}, AccountID: account, FreeMail: p.Class == crm.ClassFreeMail, LastAt: at}
		renamed = true
		w.stats.Contacts++
	case err != nil:
		return "", false, err
	default:
		if c.MergedInto != "" {
			if c, err = w.liveContact(c.MergedInto); err != nil {
				return "", false, err
			}
		}
		changed := false
		if at > c.LastAt {
			c.LastAt, changed = at, true
		}
		if c.Name == "" || (c.Name == localPart(addr) && p.Address.Name != "") {
			if n := cleanPersonName(p.Address.Name, addr); n != c.Name {
				c.Name, changed, renamed = n, true, true
			}
		}
		if c.AccountID == "" && account != "" {
			c.AccountID, changed, renamed = account, true, true
		}
		if !changed {
			return c.ID, false, nil
		}
	}
	if renamed {
		w.forgetNameKeys(c.Addresses...)
	}
	_, err = w.tx.Put(c, w.g.cfg.Author)
	return c.ID, renamed, err
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
	return newNameText(text, nil).name(domain)
}

// nameText is where a message may spell company names, split into words
// on first use, once for the scans of all the message's domains.
type nameText struct {
	text     string
	capitals bool     // no capital letter, no name
	words    []string // letters, digits and '&' (AT&T), for NameInText
	plain    []string // letters and digits, for crm.ExpansionInWords
	scratch  *nameScratch
}

// nameScratch is where a writer's nameTexts split their words, message
// after message, with no new slices.
type nameScratch struct{ words, plain []string }

// newNameText makes the nameText of text, splitting into scratch's slices
// when it is not nil: the nameText is then valid until the next one made
// with the same scratch.
func newNameText(text string, scratch *nameScratch) *nameText {
	return &nameText{text: text, capitals: strings.ContainsAny(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), scratch: scratch}
}

// expansion is crm.ExpansionInText for this text.
func (t *nameText) expansion(domain string) string {
	if !t.capitals {
		return ""
	}
	if t.plain == nil {
		var dst []string
		if t.scratch != nil {
			dst = t.scratch.plain[:0]
		}
		t.plain = plainWords(dst, t.split())
		if t.scratch != nil {
			t.scratch.plain = t.plain
		}
	}
	return crm.ExpansionInWords(domain, t.plain)
}

// name is NameInText for this text.
func (t *nameText) name(domain string) string {
	label, _, _ := strings.Cut(domain, ".")
	want := strings.ReplaceAll(strings.ToLower(label), "-", "")
	if len(want) < 4 || !t.capitals {
		return ""
	}
	words := t.split()
	for i := range words {
		if w := words[i]; w[0] < 'A' || w[0] > 'Z' {
			continue
		}
		// Capitalised words whose letters, run together, spell want.
		n := 0
		for j := i; j < len(words) && j < i+4; j++ {
			w := words[j]
			if w[0] < 'A' || w[0] > 'Z' || len(w) > len(want)-n || !strings.EqualFold(want[n:n+len(w)], w) {
				break
			}
			if n += len(w); n == len(want) {
				if j > i { // one word is just the domain again
					return strings.Join(words[i:j+1], " ")
				}
				break
			}
		}
	}
	return ""
}

// split returns the text's words, letters, digits and '&' (AT&T).
func (t *nameText) split() []string {
	if t.words == nil {
		var dst []string
		if t.scratch != nil {
			dst = t.scratch.words[:0]
		}
		t.words = crm.AppendWordsWithAmpersands(dst, t.text)
		if t.scratch != nil {
			t.scratch.words = t.words
		}
	}
	return t.words
}

// plainWords appends words split at their ampersands to out: crm.Words of
// the same text.
func plainWords(out, words []string) []string {
	for _, w := range words {
		for part := range strings.SplitSeq(w, "&") {
			if part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func appendID(ids []crm.ID, id crm.ID) []crm.ID {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}
