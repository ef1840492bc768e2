package crm

import "strings"

// Domain families: the registrable domains one company mails from
// (acme.test and acme-labs.test, harborview-health.test and
// hvhealth.test, suse.com and suse.cz) belong on one account. A wrong
// merge hides one customer inside another, so the rules below ask for a
// relation between the names and, unless the relation is close, a second
// piece of evidence from the mail itself.

// LabelRelation is how the first labels of two registrable domains relate.
type LabelRelation int

const (
	RelNone LabelRelation = iota
	// RelSameLabel: the same name under another suffix (suse.com, suse.cz).
	RelSameLabel
	// RelWordPrefix: one label is the first hyphenated words of the other
	// (acme, acme-labs).
	RelWordPrefix
	// RelWordSuffix: one label is the last hyphenated words of the other
	// (robotics, acme-robotics). Weaker: "health" ends many names.
	RelWordSuffix
	// RelAbbreviation: one label abbreviates the other's words
	// (hvhealth, harborview-health; ibm, international-business-machines).
	RelAbbreviation
)

func (r LabelRelation) String() string {
	switch r {
	case RelSameLabel:
		return "same name, another country or suffix"
	case RelWordPrefix, RelWordSuffix:
		return "one name contains the other"
	case RelAbbreviation:
		return "one name abbreviates the other"
	}
	return "unrelated names"
}

// minFamilyLabel is the shortest label that may relate by prefix or
// suffix: "ni" or "nd" start too many unrelated names.
const minFamilyLabel = 4

// splitDomain returns a registrable domain's first label and the rest.
func splitDomain(domain string) (label, suffix string) {
	label, suffix, _ = strings.Cut(strings.ToLower(strings.TrimSpace(domain)), ".")
	return label, suffix
}

func labelWords(label string) []string {
	return strings.FieldsFunc(label, func(r rune) bool { return r == '-' || r == '_' })
}

// RelateDomains says how the names of two registrable domains relate.
func RelateDomains(a, b string) LabelRelation {
	la, sa := splitDomain(a)
	lb, sb := splitDomain(b)
	if la == "" || lb == "" || a == b {
		return RelNone
	}
	if la == lb {
		if sa != sb && len(la) >= 3 {
			return RelSameLabel
		}
		return RelNone
	}
	wa, wb := labelWords(la), labelWords(lb)
	if len(wa) > len(wb) {
		wa, wb, la, lb = wb, wa, lb, la
	}
	// wa is the shorter word list, la its label.
	if len(la) >= minFamilyLabel && len(wa) < len(wb) {
		if equalWords(wa, wb[:len(wa)]) {
			return RelWordPrefix
		}
		if equalWords(wa, wb[len(wb)-len(wa):]) {
			return RelWordSuffix
		}
	}
	short, long := la, wb
	if len(strings.Join(wa, "")) > len(strings.Join(wb, "")) {
		short, long = lb, labelWords(la)
	}
	if Abbreviates(strings.ReplaceAll(short, "-", ""), long) {
		return RelAbbreviation
	}
	return RelNone
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Abbreviates reports whether short (lower case, no separators) is an
// abbreviation of the words of a longer name: their initials ("ibm" of
// international business machines, at least three words' worth), or
// letters taken in order from the leading words, starting with the first
// word's first letter, followed by the remaining words spelled out ("hv"
// + "health" of harborview health). Spelling the words out in full is not
// an abbreviation.
func Abbreviates(short string, words []string) bool {
	if len(words) < 2 || len(short) < 2 {
		return false
	}
	full := strings.Join(words, "")
	if len(short) >= len(full) {
		return false
	}
	for i := range words {
		if strings.Join(words[i:], "") == short {
			return false // "At Acme Labs" only spells acmelabs out
		}
	}
	initials := ""
	for _, w := range words {
		initials += w[:1]
	}
	if short == initials && len(words) >= 3 {
		return true
	}
	for k := 1; k < len(words); k++ { // words[k:] spelled out
		tail := strings.Join(words[k:], "")
		head, ok := strings.CutSuffix(short, tail)
		if !ok || head == "" || head[0] != words[0][0] {
			continue
		}
		lead := strings.Join(words[:k], "")
		if len(head) < len(lead) && isSubsequence(head, lead) && len(head) >= k {
			return true
		}
	}
	return false
}

func isSubsequence(sub, s string) bool {
	i := 0
	for j := 0; j < len(s) && i < len(sub); j++ {
		if s[j] == sub[i] {
			i++
		}
	}
	return i == len(sub)
}

// FamilyEvidence is what the mail says about two accounts beyond their
// names.
type FamilyEvidence struct {
	// SharedPeople counts the people who write from both domains: the
	// same mailbox name, under names that do not disagree
	// (dsterba@suse.com and dsterba@suse.cz). See SharedPeople.
	SharedPeople int
	// NamedInMail: mail of one domain spells the other's company name
	// ("Harborview Health" in the signature of someone at hvhealth).
	NamedInMail bool
}

// minSharedPeople is how many people must write from both of two related
// domains before they count as one company: one person is not enough,
// since people keep personal domains that look alike (axboe@kernel.dk,
// axboe@kernel.org).
const minSharedPeople = 2

// SameCompany decides whether two domains belong to one company, and
// says why in words for the Duplicates screen. A close relation (acme and
// acme-labs under one suffix) is enough on its own; the others need the
// mail to confirm them: a company name spelled in it, or several people
// writing from both. Being in the same messages is no evidence (on a
// mailing list everyone is), and unrelated names never join, however many
// people write from both (hch@lst.de and hch@infradead.org are one
// person, not one company).
func SameCompany(a, b string, ev FamilyEvidence) (bool, string) {
	rel := RelateDomains(a, b)
	_, sa := splitDomain(a)
	_, sb := splitDomain(b)
	switch {
	case rel == RelNone:
		return false, ""
	case rel == RelWordPrefix && sa == sb:
		return true, rel.String()
	case ev.NamedInMail:
		return true, rel.String() + ", and the mail of one spells the other's name"
	case ev.SharedPeople >= minSharedPeople:
		return true, rel.String() + ", and several people write from both"
	}
	return false, ""
}

// NeedsPeople reports whether SameCompany could still say yes for two
// domains once their shared people are counted: callers count them only
// then, since that reads every contact of both.
func NeedsPeople(a, b string) bool {
	rel := RelateDomains(a, b)
	_, sa := splitDomain(a)
	_, sb := splitDomain(b)
	return rel != RelNone && !(rel == RelWordPrefix && sa == sb)
}

// SpellsLabel reports whether a company name spells a domain's first
// label: "Harborview Health" spells harborview-health.test.
func SpellsLabel(name, domain string) bool {
	label, _ := splitDomain(domain)
	want := strings.ReplaceAll(label, "-", "")
	return len(want) >= minFamilyLabel && letters(name) == want
}

// letters keeps the lower-cased ASCII letters and digits of s.
func letters(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ExpansionInText finds the company name a domain abbreviates, as a run
// of two to four capitalised words in text (a signature: "Biomedical
// Engineer, Harborview Health" in mail from hvhealth.test). It returns ""
// when the text spells none, or only the label itself.
func ExpansionInText(domain, text string) string {
	if !strings.ContainsAny(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return ""
	}
	return ExpansionInWords(domain, Words(text))
}

// Words splits text into runs of ASCII letters and digits.
func Words(text string) []string { return asciiRuns(nil, text, false) }

// WordsWithAmpersands is Words with '&' kept inside words (AT&T).
func WordsWithAmpersands(text string) []string { return asciiRuns(nil, text, true) }

// AppendWordsWithAmpersands appends the words WordsWithAmpersands gives to
// dst, so that a caller splitting message after message reuses one slice.
func AppendWordsWithAmpersands(dst []string, text string) []string { return asciiRuns(dst, text, true) }

// asciiRuns appends to out the runs of ASCII letters and digits (and '&'
// with amp) of text, byte by byte: every byte of a multi-byte or invalid
// UTF-8 sequence is 0x80 or above, so it separates words as its rune would.
func asciiRuns(out []string, text string, amp bool) []string {
	start := -1
	for i := 0; i < len(text); i++ {
		c := text[i]
		in := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || amp && c == '&'
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

// ExpansionInWords is ExpansionInText over text already split by Words,
// for scanning one message for several domains.
func ExpansionInWords(domain string, words []string) string {
	label, _ := splitDomain(domain)
	short := strings.ReplaceAll(label, "-", "")
	if len(short) < 3 {
		return ""
	}
	capital := func(w string) bool { return w != "" && w[0] >= 'A' && w[0] <= 'Z' }
	for i := range words {
		if !capital(words[i]) || words[i][0]|0x20 != short[0] {
			continue
		}
		for j := i + 1; j < len(words) && j < i+4 && capital(words[j]); j++ {
			run := make([]string, 0, j-i+1)
			for _, w := range words[i : j+1] {
				run = append(run, strings.ToLower(w))
			}
			if Abbreviates(short, run) {
				return strings.Join(words[i:j+1], " ")
			}
		}
	}
	return ""
}

// AccountName is one candidate name for a joined account: the name of
// one member, and whether it was only made from the domain (not spelled
// by the company itself).
type AccountName struct {
	Name       string
	FromDomain bool
}

// PreferAccountName picks the name a joined account keeps, the same
// whichever account arrived first: the parent brand when one name starts
// with the other's words ("Acme" over "Acme Labs"), else the spelled-out
// name over its abbreviation ("Harborview Health" over "Hvhealth"), else
// the company's own spelling over a name made from a domain ("Orbital
// Brewing" over "Orbitalbrewing"), else the shorter, else the first in
// alphabetical order.
func PreferAccountName(a, b AccountName) AccountName {
	wa, wb := strings.Fields(strings.ToLower(a.Name)), strings.Fields(strings.ToLower(b.Name))
	switch {
	case len(wa) < len(wb) && equalWords(wa, wb[:len(wa)]):
		return a
	case len(wb) < len(wa) && equalWords(wb, wa[:len(wb)]):
		return b
	case Abbreviates(letters(a.Name), wb):
		return b
	case Abbreviates(letters(b.Name), wa):
		return a
	case a.FromDomain != b.FromDomain:
		if a.FromDomain {
			return b
		}
		return a
	case len(a.Name) != len(b.Name):
		if len(a.Name) < len(b.Name) {
			return a
		}
		return b
	case a.Name <= b.Name:
		return a
	}
	return b
}
