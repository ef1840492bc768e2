package search

import (
	"sort"
	"strings"
	"sync"
	"unicode"

	"parley/app/crm"
)

// Suggestion is one typeahead answer.
type Suggestion struct {
	ID     crm.ID
	Kind   string // KindAccount or KindPerson
	Name   string
	Detail string // an account's first domain, a person's first address
	LastAt int64
}

// Typeahead finds accounts and people by the start of their names, domains
// and addresses. The index cannot do it (its terms are hashed, so it has no
// prefixes), so this lives in memory, built from the store's accounts and
// contacts and kept current with Put and Remove. It implements Resolver.
// It is safe for concurrent use.
type Typeahead struct {
	mu      sync.RWMutex
	entries map[crm.ID]*taEntry
	tokens  []string            // distinct tokens, sorted: prefix lookup by binary search
	post    map[string][]crm.ID // token → entries holding it
}

type taEntry struct {
	s      Suggestion
	tokens []string
}

// maxCandidates bounds the work of a very short prefix: ranking looks at
// no more entries than this.
const maxCandidates = 4000

// NewTypeahead returns an empty typeahead.
func NewTypeahead() *Typeahead {
	return &Typeahead{entries: map[crm.ID]*taEntry{}, post: map[string][]crm.ID{}}
}

// Load replaces the contents with these accounts and contacts (merged-away
// ones are skipped). Use it once at start; Put and Remove afterwards.
func (t *Typeahead) Load(accounts []*crm.Account, contacts []*crm.Contact) {
	entries := make(map[crm.ID]*taEntry, len(accounts)+len(contacts))
	post := map[string][]crm.ID{}
	add := func(e *taEntry) {
		entries[e.s.ID] = e
		for _, tok := range e.tokens {
			post[tok] = append(post[tok], e.s.ID)
		}
	}
	for _, a := range accounts {
		if a.MergedInto == "" {
			add(accountEntry(a))
		}
	}
	for _, c := range contacts {
		if c.MergedInto == "" {
			add(contactEntry(c))
		}
	}
	tokens := make([]string, 0, len(post))
	for tok := range post {
		tokens = append(tokens, tok)
	}
	sort.Strings(tokens)
	t.mu.Lock()
	t.entries, t.post, t.tokens = entries, post, tokens
	t.mu.Unlock()
}

// Put adds or replaces an account or contact; a merged-away one is removed.
// Other entities are ignored.
func (t *Typeahead) Put(e crm.Entity) {
	var ent *taEntry
	switch e := e.(type) {
	case *crm.Account:
		if e.MergedInto != "" {
			t.Remove(e.ID)
			return
		}
		ent = accountEntry(e)
	case *crm.Contact:
		if e.MergedInto != "" {
			t.Remove(e.ID)
			return
		}
		ent = contactEntry(e)
	default:
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.removeLocked(ent.s.ID)
	t.entries[ent.s.ID] = ent
	for _, tok := range ent.tokens {
		ids := t.post[tok]
		if len(ids) == 0 {
			i, _ := sort.Find(len(t.tokens), func(k int) int { return strings.Compare(tok, t.tokens[k]) })
			t.tokens = append(t.tokens, "")
			copy(t.tokens[i+1:], t.tokens[i:])
			t.tokens[i] = tok
		}
		t.post[tok] = append(ids, ent.s.ID)
	}
}

// Apply follows the change feed: accounts and contacts are put, ids whose
// entity is gone are removed, other kinds ignored.
func (t *Typeahead) Apply(changes []Change) {
	for _, c := range changes {
		if c.Entity == nil {
			t.Remove(c.ID)
			continue
		}
		t.Put(c.Entity)
	}
}

// Remove forgets an id; unknown ids are ignored.
func (t *Typeahead) Remove(id crm.ID) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.removeLocked(id)
}

func (t *Typeahead) removeLocked(id crm.ID) {
	old, ok := t.entries[id]
	if !ok {
		return
	}
	delete(t.entries, id)
	for _, tok := range old.tokens {
		ids := t.post[tok]
		for i, x := range ids {
			if x == id {
				ids = append(ids[:i], ids[i+1:]...)
				break
			}
		}
		if len(ids) > 0 {
			t.post[tok] = ids
			continue
		}
		delete(t.post, tok)
		if i, found := sort.Find(len(t.tokens), func(k int) int { return strings.Compare(tok, t.tokens[k]) }); found {
			t.tokens = append(t.tokens[:i], t.tokens[i+1:]...)
		}
	}
}

// Len is the number of accounts and people held.
func (t *Typeahead) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.entries)
}

// Suggest returns up to limit accounts and people every word of q starts a
// token of (name words, aliases, domains, addresses), best first: whole-word
// matches before prefixes, then the most recently in touch. kind filters
// to KindAccount or KindPerson; "" means both.
func (t *Typeahead) Suggest(q, kind string, limit int) []Suggestion {
	words := taWords(q)
	if len(words) == 0 || limit <= 0 {
		return []Suggestion{}
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	var cand map[crm.ID]int // id → number of whole-word matches
	for _, w := range words {
		m := t.prefixLocked(w, kind)
		if cand == nil {
			cand = m
			continue
		}
		for id, n := range cand {
			if k, ok := m[id]; ok {
				cand[id] = n + k
			} else {
				delete(cand, id)
			}
		}
	}
	out := make([]Suggestion, 0, len(cand))
	for id := range cand {
		out = append(out, t.entries[id].s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if cand[a.ID] != cand[b.ID] {
			return cand[a.ID] > cand[b.ID]
		}
		if a.LastAt != b.LastAt {
			return a.LastAt > b.LastAt
		}
		return a.Name < b.Name
	})
	return out[:min(limit, len(out))]
}

// prefixLocked maps the ids holding a token that starts with w to 1 when
// the token is w itself, else 0.
func (t *Typeahead) prefixLocked(w, kind string) map[crm.ID]int {
	m := map[crm.ID]int{}
	i := sort.SearchStrings(t.tokens, w)
	for ; i < len(t.tokens) && strings.HasPrefix(t.tokens[i], w) && len(m) < maxCandidates; i++ {
		exact := 0
		if t.tokens[i] == w {
			exact = 1
		}
		for _, id := range t.post[t.tokens[i]] {
			if kind != "" && t.entries[id].s.Kind != kind {
				continue
			}
			if exact > m[id] {
				m[id] = exact
			} else if _, ok := m[id]; !ok {
				m[id] = exact
			}
		}
	}
	return m
}

// ResolveAccounts implements Resolver: an account id, or the accounts whose
// words are exactly those of value (else those they start with).
func (t *Typeahead) ResolveAccounts(value string) []crm.ID { return t.resolve(value, KindAccount) }

// ResolvePeople implements Resolver for contacts.
func (t *Typeahead) ResolvePeople(value string) []crm.ID { return t.resolve(value, KindPerson) }

func (t *Typeahead) resolve(value, kind string) []crm.ID {
	t.mu.RLock()
	e, ok := t.entries[crm.ID(strings.TrimSpace(value))]
	t.mu.RUnlock()
	if ok && e.s.Kind == kind {
		return []crm.ID{e.s.ID}
	}
	const most = 50
	sugg := t.Suggest(value, kind, most)
	words := len(taWords(value))
	var exact []crm.ID
	for _, s := range sugg {
		if t.wholeMatches(s.ID, value) == words {
			exact = append(exact, s.ID)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	var ids []crm.ID
	for _, s := range sugg {
		ids = append(ids, s.ID)
	}
	return ids
}

// wholeMatches counts the words of q that are whole tokens of id.
func (t *Typeahead) wholeMatches(id crm.ID, q string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	e, ok := t.entries[id]
	if !ok {
		return 0
	}
	n := 0
	for _, w := range taWords(q) {
		for _, tok := range e.tokens {
			if tok == w {
				n++
				break
			}
		}
	}
	return n
}

func accountEntry(a *crm.Account) *taEntry {
	e := &taEntry{s: Suggestion{ID: a.ID, Kind: KindAccount, Name: a.Name, LastAt: max(a.LastAt, a.Created)}}
	if len(a.Domains) > 0 {
		e.s.Detail = a.Domains[0]
	}
	toks := tokenSet{}
	toks.words(a.Name)
	for _, s := range a.Aliases {
		toks.words(s)
	}
	for _, d := range a.Domains {
		toks.domain(d)
	}
	e.tokens = toks.list()
	return e
}

func contactEntry(c *crm.Contact) *taEntry {
	e := &taEntry{s: Suggestion{ID: c.ID, Kind: KindPerson, Name: c.Name, LastAt: c.LastAt}}
	if len(c.Addresses) > 0 {
		e.s.Detail = c.Addresses[0]
		if e.s.Name == "" {
			e.s.Name = c.Addresses[0]
		}
	}
	toks := tokenSet{}
	toks.words(c.Name)
	for _, a := range c.Addresses {
		a = foldString(strings.TrimSpace(a))
		toks[a] = true
		local, domain, _ := strings.Cut(a, "@")
		toks.words(local)
		toks.domain(domain)
	}
	e.tokens = toks.list()
	return e
}

type tokenSet map[string]bool

// words adds the folded words of s and the parts of compound words.
func (ts tokenSet) words(s string) {
	for _, w := range taWords(s) {
		ts[w] = true
		for _, part := range strings.FieldsFunc(w, isCompoundSep) {
			ts[part] = true
		}
	}
}

// domain adds a domain whole and its labels but the last ("com" would
// match everything).
func (ts tokenSet) domain(d string) {
	d = foldString(strings.TrimSpace(d))
	if d == "" {
		return
	}
	ts[d] = true
	labels := strings.Split(d, ".")
	for _, l := range labels[:max(len(labels)-1, 1)] {
		if l != "" {
			ts[l] = true
		}
	}
}

func (ts tokenSet) list() []string {
	out := make([]string, 0, len(ts))
	for t := range ts {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

func isCompoundSep(r rune) bool {
	return r == '.' || r == '@' || r == '-' || r == '_' || r == '\'' || r == '+'
}

// taWords folds s and splits it into words, keeping compounds such as
// addresses and domains whole.
func taWords(s string) []string {
	return strings.FieldsFunc(foldString(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isCompoundSep(r)
	})
}
