package crm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// People: one contact per person, with all their addresses. The same name
// is weak evidence on its own (two John Smiths are common; a shared
// mailbox signs with a person's name), so a name only joins two addresses
// together with something that ties them: the same company, or the same
// conversations.

// PersonKey normalises a display name for comparing people: case and
// accents folded, "Last, First" turned round, list decorations ("via
// usrp-users"), quotes, brackets and initials dropped. It returns "" when
// the name is not a full name (fewer than two words of two letters or
// more) or names a role ("Support Team"), since such a name says nothing
// about who wrote.
func PersonKey(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.Index(strings.ToLower(name), " via "); i > 0 {
		name = name[:i]
	}
	name = dropBracketed(name)
	if strings.Contains(name, "@") {
		return ""
	}
	if last, first, ok := strings.Cut(name, ","); ok && !strings.Contains(first, ",") {
		name = first + " " + last
	}
	folded := name
	if !isASCII(name) { // accents to fold (the chain is costly to build)
		f, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), name)
		if err == nil {
			folded = f
		}
	}
	folded = unaccent.Replace(strings.ToLower(folded))
	var words []string
	for _, w := range strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		w = strings.Trim(w, "'")
		if len([]rune(w)) < 2 {
			continue // an initial
		}
		if roleWords[w] {
			return ""
		}
		words = append(words, w)
	}
	if len(words) < 2 {
		return ""
	}
	return strings.Join(words, " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// unaccent folds the letters that have no decomposition (Aydın, Søren,
// Łukasz) the way people type them on an ASCII keyboard.
var unaccent = strings.NewReplacer("ı", "i", "ø", "o", "ł", "l", "đ", "d", "æ", "ae", "œ", "oe", "ß", "ss", "þ", "th")

func dropBracketed(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// roleWords mark names of mailboxes, not of people.
var roleWords = map[string]bool{
	"team": true, "support": true, "sales": true, "info": true, "admin": true, "office": true,
	"service": true, "services": true, "desk": true, "help": true, "billing": true, "accounts": true,
	"payable": true, "receivable": true, "department": true, "dept": true, "robot": true, "bot": true,
	"noreply": true, "notifications": true, "newsletter": true, "list": true, "mailing": true,
}

// roleLocalParts are mailboxes shared by a team, never one person's.
var roleLocalParts = map[string]bool{
	"info": true, "sales": true, "support": true, "admin": true, "office": true, "contact": true,
	"hello": true, "team": true, "billing": true, "accounts": true, "ap": true, "ar": true, "hr": true,
	"jobs": true, "careers": true, "help": true, "service": true, "orders": true, "purchasing": true,
	"procurement": true, "invoices": true, "finance": true, "marketing": true, "press": true,
	"security": true, "it": true, "helpdesk": true, "reception": true, "mail": true, "kernel-team": true,
}

// IsRoleAddress reports whether an address is a team's mailbox (sales@,
// support@, kernel-team@), which no rule may join to a person.
func IsRoleAddress(addr string) bool {
	local := localPartOf(addr)
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	return roleLocalParts[local] || strings.HasSuffix(local, "-team") || strings.HasSuffix(local, "-list") ||
		isAutomatedLocalPart(local)
}

func localPartOf(addr string) string {
	a := NormalizeAddress(addr)
	if at := strings.LastIndexByte(a, '@'); at >= 0 {
		return a[:at]
	}
	return a
}

// PersonFacts is what the person rules know of one contact.
type PersonFacts struct {
	Name      string   // display name as stored (may be the local part)
	Addresses []string // normalised
	FreeMail  bool
}

// PersonEvidence is how two contacts are tied, as the importer sees it.
type PersonEvidence struct {
	// SameCompany: both belong to one account (after domain families
	// joined).
	SameCompany bool
	// SharedThread: both took part in one conversation.
	SharedThread bool
}

// SamePerson decides whether two contacts are one person, and says why in
// words for the Duplicates screen. The rules, strongest first:
//   - within one company, the same mailbox name at two of its domains
//     (dsterba@suse.com, dsterba@suse.cz), unless their names disagree;
//   - within one company, the same full name (PersonKey);
//   - a free-mail address and a company address with the same full name
//     in the same conversation (zs1kwa@gmail.com writing as Kevin
//     Williams in a thread with kevin.williams@vastech.co.za).
//
// Team mailboxes never join a person, and two free-mail addresses are
// never joined on a name alone: nothing ties them to one company.
func SamePerson(a, b PersonFacts, ev PersonEvidence) (bool, string) {
	for _, x := range append(append([]string{}, a.Addresses...), b.Addresses...) {
		if IsRoleAddress(x) {
			return false, ""
		}
	}
	ka, kb := PersonKey(a.Name), PersonKey(b.Name)
	sameName := ka != "" && ka == kb
	if ev.SameCompany && !a.FreeMail && !b.FreeMail {
		if sharedLocalPart(a.Addresses, b.Addresses) && (sameName || ka == "" || kb == "") {
			return true, "the same mailbox at two of the company's domains"
		}
		if sameName {
			return true, "the same full name at one company"
		}
		return false, ""
	}
	if sameName && ev.SharedThread && a.FreeMail != b.FreeMail {
		return true, "a personal address under the same full name in the same conversation"
	}
	return false, ""
}

// SharedPeople counts the mailbox names that people of two domains
// share (dsterba@ at suse.com and suse.cz), leaving out team mailboxes,
// short names and pairs whose full names disagree.
func SharedPeople(domainA, domainB string, a, b []PersonFacts) int {
	atA := map[string][]string{}
	for _, p := range a {
		for _, addr := range p.Addresses {
			if domainOf(addr) == domainA || strings.HasSuffix(domainOf(addr), "."+domainA) {
				atA[localPartOf(addr)] = append(atA[localPartOf(addr)], PersonKey(p.Name))
			}
		}
	}
	shared := map[string]bool{}
	for _, p := range b {
		kb := PersonKey(p.Name)
		for _, addr := range p.Addresses {
			d, local := domainOf(addr), localPartOf(addr)
			if d != domainB && !strings.HasSuffix(d, "."+domainB) || len(local) < 3 || IsRoleAddress(addr) {
				continue
			}
			for _, ka := range atA[local] {
				if ka == "" || kb == "" || ka == kb {
					shared[local] = true
				}
			}
		}
	}
	return len(shared)
}

func sharedLocalPart(a, b []string) bool {
	for _, x := range a {
		lx := localPartOf(x)
		if len(lx) < 3 {
			continue
		}
		for _, y := range b {
			if lx == localPartOf(y) && x != y {
				return true
			}
		}
	}
	return false
}

// MergeIDFor returns the id of the Merge that joins from into into: the
// same on every device that makes the same merge, so sync sees one.
func MergeIDFor(k Kind, from, into ID) ID {
	return derive("g_", "merge", string(k)+"\x00"+string(from)+"\x00"+string(into))
}
