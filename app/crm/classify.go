package crm

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/net/publicsuffix"
)

// Class is how one mail participant relates to the rep.
type Class string

const (
	ClassMe        Class = "me"
	ClassInternal  Class = "internal"  // a colleague: one of my company's domains
	ClassFreeMail  Class = "freemail"  // a person without a company (gmail.com, ...)
	ClassAutomated Class = "automated" // no-reply senders, notifications, list addresses
	ClassExternal  Class = "external"  // an external business: maps to an account by domain
	ClassExcluded  Class = "excluded"  // the rep excluded this sender or domain
)

// Reasons a message is left out of customer history, in words for the UI.
const (
	LeftOutInternal  = "internal only"
	LeftOutAutomated = "newsletter or notification"
	LeftOutList      = "mailing list, you were not a participant"
	LeftOutPersonal  = "personal"
	LeftOutExcluded  = "excluded by your settings"
)

// ClassifierConfig is everything classification depends on. It is plain
// data, validated by NewClassifier.
type ClassifierConfig struct {
	// MyAddresses are the rep's own addresses.
	MyAddresses []string
	// InternalDomains are my company's domains (subdomains match too).
	// When empty, the domains of MyAddresses that are not free-mail.
	InternalDomains []string
	// FreeMailDomains replaces the built-in provider list when non-nil
	// (an empty, non-nil slice means none).
	FreeMailDomains []string
	// Include lists addresses ("jane@gmail.com") and domains ("acme.com")
	// that always count as customers; Exclude lists those that never do.
	// Exclude wins over Include, an address over its domain.
	Include []string
	Exclude []string
	// ListMailIsHistory counts mailing-list mail as history even when the
	// rep was not a direct participant (benchmarks that index everything).
	ListMailIsHistory bool
}

// Classifier applies a ClassifierConfig. It is immutable and safe for
// concurrent use.
type Classifier struct {
	me        map[string]bool
	internal  map[string]bool
	freeMail  map[string]bool
	inclAddr  map[string]bool
	exclAddr  map[string]bool
	inclDom   map[string]bool
	exclDom   map[string]bool
	listIsHis bool
}

// NewClassifier validates cfg and builds a Classifier. A malformed entry
// gives an error wrapping ErrInvalid.
func NewClassifier(cfg ClassifierConfig) (*Classifier, error) {
	c := &Classifier{
		me:        map[string]bool{},
		internal:  map[string]bool{},
		freeMail:  map[string]bool{},
		inclAddr:  map[string]bool{},
		exclAddr:  map[string]bool{},
		inclDom:   map[string]bool{},
		exclDom:   map[string]bool{},
		listIsHis: cfg.ListMailIsHistory,
	}
	free := cfg.FreeMailDomains
	if free == nil {
		free = defaultFreeMailDomains
	}
	for _, d := range free {
		d, err := cleanDomain(d)
		if err != nil {
			return nil, fmt.Errorf("classifier: free-mail domain: %w", err)
		}
		c.freeMail[d] = true
	}
	for _, a := range cfg.MyAddresses {
		a = NormalizeAddress(a)
		if !validAddress(a) {
			return nil, fmt.Errorf("classifier: my address %q: %w", a, ErrInvalid)
		}
		c.me[a] = true
	}
	for _, d := range cfg.InternalDomains {
		d, err := cleanDomain(d)
		if err != nil {
			return nil, fmt.Errorf("classifier: internal domain: %w", err)
		}
		c.internal[d] = true
	}
	if len(cfg.InternalDomains) == 0 {
		for a := range c.me {
			if d := domainOf(a); !c.isFreeMail(d) {
				c.internal[d] = true
			}
		}
	}
	if err := c.addOverrides(cfg.Include, c.inclAddr, c.inclDom); err != nil {
		return nil, fmt.Errorf("classifier: include: %w", err)
	}
	if err := c.addOverrides(cfg.Exclude, c.exclAddr, c.exclDom); err != nil {
		return nil, fmt.Errorf("classifier: exclude: %w", err)
	}
	return c, nil
}

func (c *Classifier) addOverrides(entries []string, addrs, domains map[string]bool) error {
	for _, e := range entries {
		e = NormalizeAddress(e)
		if strings.Contains(e, "@") {
			if !validAddress(e) {
				return fmt.Errorf("%q: %w", e, ErrInvalid)
			}
			addrs[e] = true
			continue
		}
		d, err := cleanDomain(e)
		if err != nil {
			return err
		}
		domains[d] = true
	}
	return nil
}

// ListMailIsHistory reports the option of the same name.
func (c *Classifier) ListMailIsHistory() bool { return c.listIsHis }

// IsMe reports whether addr is one of the rep's addresses.
func (c *Classifier) IsMe(addr string) bool { return c.me[NormalizeAddress(addr)] }

// ClassifyAddress classifies one address without message context and, for
// an external business, returns the registrable domain its account is
// keyed by (mail.acme.co.uk → acme.co.uk). included reports an Include
// override, which makes a free-mail address count as a customer.
func (c *Classifier) ClassifyAddress(addr string) (class Class, accountDomain string, included bool) {
	a := NormalizeAddress(addr)
	d := domainOf(a)
	switch {
	case c.me[a]:
		return ClassMe, "", false
	case c.exclAddr[a]:
		return ClassExcluded, "", false
	case c.inclAddr[a]:
		if c.isFreeMail(d) {
			return ClassFreeMail, "", true
		}
		return ClassExternal, RegistrableDomain(d), true
	case matchDomain(c.exclDom, d):
		return ClassExcluded, "", false
	case matchDomain(c.inclDom, d):
		return ClassExternal, RegistrableDomain(d), true
	case d == "" || isAutomatedLocalPart(a[:strings.LastIndexByte(a, '@')+1]):
		return ClassAutomated, "", false
	case matchDomain(c.internal, d):
		return ClassInternal, "", false
	case c.isFreeMail(d):
		return ClassFreeMail, "", false
	}
	return ClassExternal, RegistrableDomain(d), false
}

func (c *Classifier) isFreeMail(d string) bool {
	return c.freeMail[d] || c.freeMail[RegistrableDomain(d)]
}

// RegistrableDomain returns the domain an organisation registered, by the
// public suffix list: mail.acme.co.uk → acme.co.uk. A domain that has none
// (an IP literal, a bare suffix) is returned lower-cased as it is.
func RegistrableDomain(domain string) string {
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	if strings.HasPrefix(d, "[") || isIP(d) {
		return d
	}
	if r, ok := registrable.Load(d); ok {
		return r.(string)
	}
	r, err := publicsuffix.EffectiveTLDPlusOne(d)
	if err != nil {
		r = d
	}
	if registrableCount.Add(1) <= maxRegistrable {
		registrable.Store(d, r)
	}
	return r
}

// registrable remembers RegistrableDomain's answers: every address of
// every message asks, for a few thousand domains (the lookup allocates).
var (
	registrable      sync.Map
	registrableCount atomic.Int64
)

const maxRegistrable = 100_000

// matchDomain reports whether d or one of its parent domains is in set.
func matchDomain(set map[string]bool, d string) bool {
	if len(set) == 0 {
		return false
	}
	for d != "" {
		if set[d] {
			return true
		}
		dot := strings.IndexByte(d, '.')
		if dot < 0 {
			return false
		}
		d = d[dot+1:]
	}
	return false
}

func domainOf(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return ""
	}
	return strings.TrimSuffix(addr[at+1:], ".")
}

func validAddress(a string) bool {
	at := strings.LastIndexByte(a, '@')
	return at > 0 && at < len(a)-1 && !strings.ContainsAny(a, " \t\r\n<>,")
}

func cleanDomain(d string) (string, error) {
	d = strings.TrimSuffix(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@"), ".")
	if d == "" || strings.ContainsAny(d, " \t\r\n@<>,/") {
		return "", fmt.Errorf("%q: %w", d, ErrInvalid)
	}
	return d, nil
}

// automatedLocalParts are mailbox names machines send from.
var automatedLocalParts = []string{
	"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply",
	"notification", "notifications", "notify", "alert", "alerts", "mailer-daemon",
	"postmaster", "bounce", "bounces", "newsletter", "newsletters", "news", "digest",
	"automated", "auto-confirm", "mailer", "marketing", "updates",
}

// isAutomatedLocalPart reports whether the mailbox part of an address
// (with its trailing "@") is one machines send from.
func isAutomatedLocalPart(local string) bool {
	local = strings.TrimSuffix(local, "@")
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	for _, p := range automatedLocalParts {
		if local == p {
			return true
		}
	}
	return strings.Contains(local, "noreply") || strings.Contains(local, "no-reply") ||
		strings.HasSuffix(local, "-bounces") || strings.HasPrefix(local, "bounce") ||
		strings.HasPrefix(local, "notification")
}

// Role is where a participant appears in a message.
type Role string

const (
	RoleFrom Role = "from"
	RoleTo   Role = "to"
	RoleCc   Role = "cc"
)

// Participant is one classified address of a message.
type Participant struct {
	Address Address `json:"address"`
	Role    Role    `json:"role"`
	Class   Class   `json:"class"`
	// Domain is the registrable domain of an external business (its
	// account key); empty for other classes.
	Domain string `json:"domain,omitempty"`
	// Included is set when an Include override applies.
	Included bool `json:"included,omitempty"`
}

// MailFacts is what classification needs to know about one message. The
// mail package fills it from a parsed message.
type MailFacts struct {
	// Author is the person who wrote the message: for mail a list rewrote
	// for DMARC, the real sender, not the list.
	Author Address
	To     []Address
	Cc     []Address
	// ListID is the List-Id; ListAddress the list's own posting address,
	// which is never a person; HasListPost is set when the list accepts
	// posts (a discussion list, not an announcement or newsletter).
	ListID      string
	ListAddress string
	HasListPost bool
	// ListUnsubscribe, Precedence ("bulk", "list", "junk") and
	// AutoSubmitted ("auto-generated", "auto-replied"; "no" means a person)
	// mark bulk and machine mail.
	ListUnsubscribe bool
	Precedence      string
	AutoSubmitted   string
	// IsReply is set when the message has In-Reply-To or References.
	IsReply bool
}

// Decision is the classification of one message.
type Decision struct {
	// History is true when the message is customer history; LeftOut says
	// why in words when it is not.
	History   bool
	LeftOut   string
	Direction Direction
	// Automated is set when the message is a newsletter or notification.
	Automated    bool
	Participants []Participant
	// AccountDomains are the distinct registrable domains of the external
	// business participants, sorted.
	AccountDomains []string
}

// KnownContact reports whether an address is already a known contact; the
// caller backs it with its store. A nil KnownContact knows nobody.
type KnownContact func(address string) bool

// Decide classifies a message's participants and decides whether it is
// customer history. It is pure: the same facts, config and known contacts
// give the same Decision.
func (c *Classifier) Decide(f MailFacts, known KnownContact) Decision {
	var d Decision
	d.Participants = c.participants(f)
	listAddr := NormalizeAddress(f.ListAddress)

	authorIsMe := c.IsMe(f.Author.Address)
	direct := authorIsMe
	allInternal, persons := true, 0
	external, excluded, included := false, false, false
	for _, p := range d.Participants {
		if p.Class == ClassMe && p.Role != RoleFrom {
			direct = true
		}
		if p.Included {
			included = true
		}
		if p.Class == ClassAutomated || p.Address.Address == listAddr {
			continue
		}
		persons++
		switch p.Class {
		case ClassMe, ClassInternal:
		default:
			allInternal = false
		}
		switch {
		case p.Class == ClassExternal:
			external = true
			d.AccountDomains = appendUnique(d.AccountDomains, p.Domain)
		case p.Class == ClassFreeMail && (p.Included || (known != nil && known(p.Address.Address))):
			external = true
		case p.Class == ClassExcluded:
			excluded = true
		}
	}
	sort.Strings(d.AccountDomains)

	switch {
	case authorIsMe:
		d.Direction = Outbound
	case persons > 0 && allInternal && c.authorIsColleague(d.Participants):
		d.Direction = Internal
	default:
		d.Direction = Inbound
	}

	d.Automated = !authorIsMe && c.isAutomatedMessage(f)
	switch {
	case d.Automated && !included:
		d.LeftOut = LeftOutAutomated
	case f.ListID != "" && !c.listIsHis && !direct:
		d.LeftOut = LeftOutList
	case f.ListID != "" && c.listIsHis:
		// Every message of a list is history when the rep asks for it,
		// even one written among colleagues.
		d.History = true
	case external:
		d.History = true
	case persons == 0 || allInternal:
		d.LeftOut = LeftOutInternal
	case excluded:
		d.LeftOut = LeftOutExcluded
	default:
		d.LeftOut = LeftOutPersonal
	}
	if !d.History {
		d.AccountDomains = nil
	}
	return d
}

// authorIsColleague reports whether the author is me or internal (a
// machine author makes a message inbound even when only I received it).
func (c *Classifier) authorIsColleague(ps []Participant) bool {
	return len(ps) > 0 && ps[0].Role == RoleFrom && (ps[0].Class == ClassMe || ps[0].Class == ClassInternal)
}

// participants classifies author, To and Cc, each address once (its first
// role wins); the list's own address is automated.
func (c *Classifier) participants(f MailFacts) []Participant {
	out := make([]Participant, 0, 1+len(f.To)+len(f.Cc))
	seen := make(map[string]bool, 1+len(f.To)+len(f.Cc))
	listAddr := NormalizeAddress(f.ListAddress)
	add := func(a Address, role Role) {
		addr := NormalizeAddress(a.Address)
		if addr == "" || seen[addr] {
			return
		}
		seen[addr] = true
		p := Participant{Address: Address{Name: a.Name, Address: addr}, Role: role}
		if addr == listAddr {
			p.Class = ClassAutomated
		} else {
			p.Class, p.Domain, p.Included = c.ClassifyAddress(addr)
		}
		out = append(out, p)
	}
	add(f.Author, RoleFrom)
	for _, a := range f.To {
		add(a, RoleTo)
	}
	for _, a := range f.Cc {
		add(a, RoleCc)
	}
	return out
}

// isAutomatedMessage reports bulk mail whose author is not a person.
// Mailing-list mail written by a person (a discussion list that accepts
// posts, or a reply) is not automated.
func (c *Classifier) isAutomatedMessage(f MailFacts) bool {
	auto := strings.ToLower(strings.TrimSpace(f.AutoSubmitted))
	if auto != "" && auto != "no" {
		return true
	}
	if class, _, _ := c.ClassifyAddress(f.Author.Address); class == ClassAutomated {
		return true
	}
	prec := strings.ToLower(strings.TrimSpace(f.Precedence))
	bulk := prec == "bulk" || prec == "junk" || prec == "list" || f.ListUnsubscribe || f.ListID != ""
	if !bulk {
		return false
	}
	if f.ListID != "" {
		// A discussion list: people post to it (it is among the
		// recipients, or it publishes List-Post) or reply on it.
		// A newsletter is sent to each subscriber and accepts no posts.
		return !f.HasListPost && !f.IsReply && !listAmongRecipients(f)
	}
	return !f.IsReply
}

func listAmongRecipients(f MailFacts) bool {
	list := NormalizeAddress(f.ListAddress)
	if list == "" {
		return false
	}
	for _, a := range f.To {
		if NormalizeAddress(a.Address) == list {
			return true
		}
	}
	for _, a := range f.Cc {
		if NormalizeAddress(a.Address) == list {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func isIP(s string) bool {
	// Most domains end in letters: spare them the parse (and its error).
	if s == "" || !strings.Contains(s, ":") && (s[len(s)-1] < '0' || s[len(s)-1] > '9') {
		return false
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}
