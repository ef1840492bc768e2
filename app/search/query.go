package search

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"parley/app/crm"
)

// Field names what a query term is matched against.
type Field string

const (
	FieldAny     Field = ""        // free words and phrases: every text field
	FieldFrom    Field = "from"    // sender (author of an activity)
	FieldTo      Field = "to"      // To and Cc
	FieldSubject Field = "subject" // subject
	FieldAccount Field = "account" // account ids (resolved from names)
	FieldPerson  Field = "person"  // contact ids (resolved from names)
	FieldKind    Field = "kind"    // note, call, meeting, visit, email, account, person
	FieldHas     Field = "has"     // attachment
	FieldIn      Field = "in"      // a mail folder, as named on the server
	FieldIs      Field = "is"      // sent, received, internal, private, shared
	FieldChannel Field = "channel" // email, phone, in-person, note
)

// Term is one condition of a parsed query.
type Term struct {
	Field  Field
	Text   string   // the words, the kind, or the name typed after account:/person:
	Phrase bool     // Text must match as a phrase
	IDs    []crm.ID // account:/person: the ids Text resolved to
}

// Clause matches when any of its terms matches (terms joined by OR).
type Clause []Term

// Parsed is a query as the search engine reads it.
type Parsed struct {
	Clauses []Clause // all must match
	Exclude []Term   // none may match
	// After (inclusive) and Before (exclusive) bound the date; zero is open.
	After, Before time.Time
	// Read says in plain words how the query was read, for the UI.
	Read string
	// Notes say what was not understood and how it was taken instead.
	Notes []string
}

// Empty reports whether the query matches everything (no clause, no
// exclusion, no dates).
func (p *Parsed) Empty() bool {
	return len(p.Clauses) == 0 && len(p.Exclude) == 0 && p.After.IsZero() && p.Before.IsZero()
}

// HasText reports whether the query has words or phrases to rank by.
func (p *Parsed) HasText() bool {
	for _, c := range p.Clauses {
		for _, t := range c {
			if t.Field == FieldAny || t.Field == FieldSubject {
				return true
			}
		}
	}
	return false
}

// ParseQuery reads the query language:
//
//	free words            all must match, in any text field
//	"a phrase"            words in this order
//	-word, -"phrase", -from:x   exclusion
//	a OR b                either (binds tighter than the implicit AND)
//	from:x to:x subject:x  x a name, an address or a "quoted value"
//	account:x person:x    an id or a name, resolved by r (nil: ids only)
//	before:d after:d      d is 2025-03-01, 2025-03, 2025, or relative 30d, 2w, 6m, 1y
//	has:attachment        kind:note|call|meeting|visit|email
//	is:sent|received|internal|private|shared   in:folder
//	channel:email|phone|in-person|note
//
// It never fails: what it cannot read it searches as plain words, and
// Parsed.Read and Parsed.Notes say so. now and loc give relative and
// calendar dates their meaning.
func ParseQuery(q string, now time.Time, loc *time.Location, r Resolver) Parsed {
	if loc == nil {
		loc = time.UTC
	}
	p := parser{now: now.In(loc), loc: loc, r: r}
	p.parse(lex(q, &p.notes))
	out := Parsed{Clauses: p.clauses, Exclude: p.exclude, After: p.after, Before: p.before, Notes: p.notes}
	if !out.After.IsZero() && !out.Before.IsZero() && !out.After.Before(out.Before) {
		out.Notes = append(out.Notes, "no date is both after "+day(out.After)+" and before "+day(out.Before)+", so nothing can match")
	}
	out.Read = describe(&out)
	return out
}

// token is one lexical item: a word, a phrase, field:value or OR.
type token struct {
	neg    bool
	field  string // lower-case, "" when none
	value  string
	quoted bool
	or     bool
	raw    string // as typed, to fall back to plain words
}

var knownFields = map[string]bool{
	"from": true, "to": true, "subject": true, "account": true, "person": true,
	"before": true, "after": true, "has": true, "kind": true,
	"in": true, "is": true, "channel": true,
}

// lex splits q into tokens. Unclosed quotes and empty field values are
// noted and read as plain words.
func lex(q string, notes *[]string) []token {
	var out []token
	rs := []rune(q)
	i := 0
	for i < len(rs) {
		if unicode.IsSpace(rs[i]) || rs[i] == '(' || rs[i] == ')' {
			i++
			continue
		}
		start := i
		var t token
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			t.neg = true
			i++
		}
		if rs[i] == '"' {
			end := indexRune(rs, i+1, '"')
			if end < 0 {
				*notes = append(*notes, "a quote was not closed, so its words were searched one by one")
				i++ // drop the quote and read on as words
				continue
			}
			t.value, t.quoted = string(rs[i+1:end]), true
			i = end + 1
			t.raw = string(rs[start:i])
			if strings.TrimSpace(t.value) != "" {
				out = append(out, t)
			}
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' && rs[j] != '(' && rs[j] != ')' {
			j++
		}
		word := string(rs[i:j])
		if word == "" {
			i = j
			continue
		}
		if c := strings.IndexByte(word, ':'); c > 0 && knownFields[strings.ToLower(word[:c])] {
			t.field = strings.ToLower(word[:c])
			t.value = word[c+1:]
			if t.value == "" && j < len(rs) && rs[j] == '"' {
				if end := indexRune(rs, j+1, '"'); end >= 0 {
					t.value, t.quoted = string(rs[j+1:end]), true
					j = end + 1
				}
			}
			if strings.TrimSpace(t.value) == "" {
				*notes = append(*notes, fmt.Sprintf("%s: needs a value right after the colon, so it was ignored", t.field))
				i = j
				continue
			}
		} else {
			t.value = word
			t.or = word == "OR" && !t.neg
		}
		t.raw = string(rs[start:j])
		i = j
		if word == "AND" && !t.neg {
			continue // AND is what words do anyway
		}
		out = append(out, t)
	}
	return out
}

func indexRune(rs []rune, from int, r rune) int {
	for k := from; k < len(rs); k++ {
		if rs[k] == r {
			return k
		}
	}
	return -1
}

// parser turns tokens into clauses, exclusions and dates.
type parser struct {
	now     time.Time
	loc     *time.Location
	r       Resolver
	clauses []Clause
	exclude []Term
	after   time.Time
	before  time.Time
	notes   []string
}

func (p *parser) parse(toks []token) {
	joinNext := false // the previous token was OR after a term
	for k, t := range toks {
		if t.or {
			switch {
			case len(p.clauses) == 0 || k == 0 || toks[k-1].or || toks[k-1].neg || k == len(toks)-1:
				p.notes = append(p.notes, "OR needs a search term on each side, so it was ignored")
			case !p.orable(toks[k-1]) || !p.orable(toks[k+1]):
				p.notes = append(p.notes, "OR cannot join a date, so it was ignored")
			default:
				joinNext = true
			}
			continue
		}
		term, ok := p.term(t)
		if !ok {
			joinNext = false
			continue // a date, already applied
		}
		if t.neg {
			if joinNext {
				p.notes = append(p.notes, "an exclusion cannot be one side of OR, so OR was ignored")
			}
			p.exclude = append(p.exclude, term)
			joinNext = false
			continue
		}
		if joinNext {
			last := &p.clauses[len(p.clauses)-1]
			*last = append(*last, term)
			joinNext = false
			continue
		}
		p.clauses = append(p.clauses, Clause{term})
	}
}

// orable reports whether t can be a side of OR.
func (p *parser) orable(t token) bool {
	return !t.or && !t.neg && t.field != "before" && t.field != "after"
}

// term reads one token. Dates are applied at once and return ok=false;
// what cannot be read becomes plain words.
func (p *parser) term(t token) (Term, bool) {
	words := func(note string) (Term, bool) {
		if note != "" {
			p.notes = append(p.notes, note)
		}
		v := strings.TrimPrefix(t.raw, "-")
		if t.quoted && t.field == "" {
			return Term{Field: FieldAny, Text: t.value, Phrase: true}, true
		}
		return Term{Field: FieldAny, Text: strings.ReplaceAll(v, `"`, ""), Phrase: strings.ContainsFunc(v, unicode.IsSpace)}, true
	}
	switch t.field {
	case "":
		return Term{Field: FieldAny, Text: t.value, Phrase: t.quoted}, true
	case "from", "to", "subject":
		return Term{Field: Field(t.field), Text: t.value, Phrase: t.quoted}, true
	case "account", "person":
		ids := p.resolve(t.field, t.value)
		if len(ids) == 0 {
			return words(fmt.Sprintf("no %s is called %q, so it was searched as words", t.field, t.value))
		}
		return Term{Field: Field(t.field), Text: t.value, IDs: ids}, true
	case "kind":
		k, ok := kindAliases[strings.ToLower(t.value)]
		if !ok {
			return words(fmt.Sprintf("kind:%s is not a kind (note, call, meeting, visit, email), so it was searched as words", t.value))
		}
		return Term{Field: FieldKind, Text: k}, true
	case "has":
		if !hasAttachment[strings.ToLower(t.value)] {
			return words(fmt.Sprintf("has:%s is not understood (try has:attachment), so it was searched as words", t.value))
		}
		return Term{Field: FieldHas, Text: "attachment"}, true
	case "in":
		return Term{Field: FieldIn, Text: strings.ToLower(t.value)}, true
	case "is":
		v, ok := isAliases[strings.ToLower(t.value)]
		if !ok {
			return words(fmt.Sprintf("is:%s is not understood (try is:sent, is:received, is:internal, is:private or is:shared), so it was searched as words", t.value))
		}
		return Term{Field: FieldIs, Text: v}, true
	case "channel":
		v, ok := channelAliases[strings.ToLower(t.value)]
		if !ok {
			return words(fmt.Sprintf("channel:%s is not a channel (email, phone, in-person, note), so it was searched as words", t.value))
		}
		return Term{Field: FieldChannel, Text: v}, true
	case "before", "after":
		at, ok := parseDate(t.value, p.now, p.loc)
		if !ok {
			return words(fmt.Sprintf("%q is not a date (try 2025-03-01 or 30d), so it was searched as words", t.value))
		}
		if t.neg {
			p.notes = append(p.notes, fmt.Sprintf("the minus before %s: was ignored", t.field))
		}
		if t.field == "after" && at.After(p.after) {
			p.after = at
		}
		if t.field == "before" && (p.before.IsZero() || at.Before(p.before)) {
			p.before = at
		}
		return Term{}, false
	}
	return words("")
}

func (p *parser) resolve(field, v string) []crm.ID {
	if p.r == nil {
		return []crm.ID{crm.ID(v)} // without a resolver the value is an id
	}
	if field == "account" {
		return p.r.ResolveAccounts(v)
	}
	return p.r.ResolvePeople(v)
}

var kindAliases = map[string]string{
	"note": KindNote, "notes": KindNote, "call": KindCall, "calls": KindCall,
	"meeting": KindMeeting, "meetings": KindMeeting, "visit": KindVisit, "visits": KindVisit,
	"email": KindEmail, "emails": KindEmail, "mail": KindEmail, "message": KindEmail,
	"account": KindAccount, "accounts": KindAccount, "person": KindPerson, "people": KindPerson, "contact": KindPerson,
}

// isAliases read is: values; the direction of mail and whether an item is
// private (never synced) or shared with the team.
var isAliases = map[string]string{
	"sent": IsSent, "outbound": IsSent, "out": IsSent,
	"received": IsReceived, "inbound": IsReceived, "in": IsReceived,
	"internal": IsInternal, "private": IsPrivate, "shared": IsShared,
}

const (
	IsSent     = "sent"
	IsReceived = "received"
	IsInternal = "internal"
	IsPrivate  = "private"
	IsShared   = "shared"
)

var channelAliases = map[string]string{
	"email": "email", "mail": "email", "phone": "phone", "call": "phone",
	"in-person": "in-person", "inperson": "in-person", "person": "in-person", "meeting": "in-person", "visit": "in-person",
	"note": "note", "notes": "note",
}

var hasAttachment = map[string]bool{"attachment": true, "attachments": true, "attach": true, "file": true, "files": true}

// parseDate reads an absolute day, month or year, or a relative age
// (30d, 2w, 6m, 1y before now). Absolute dates mean their first instant.
func parseDate(v string, now time.Time, loc *time.Location) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, true
		}
	}
	if len(v) < 2 {
		return time.Time{}, false
	}
	n, err := strconv.Atoi(v[:len(v)-1])
	if err != nil || n < 0 || n > 10000 {
		return time.Time{}, false
	}
	switch v[len(v)-1] {
	case 'd':
		return now.AddDate(0, 0, -n), true
	case 'w':
		return now.AddDate(0, 0, -7*n), true
	case 'm':
		return now.AddDate(0, -n, 0), true
	case 'y':
		return now.AddDate(-n, 0, 0), true
	}
	return time.Time{}, false
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// describe writes how a query was read.
func describe(p *Parsed) string {
	var parts []string
	for _, c := range p.Clauses {
		var alts []string
		for _, t := range c {
			alts = append(alts, describeTerm(t))
		}
		s := strings.Join(alts, " or ")
		if len(alts) > 1 {
			s = "(" + s + ")"
		}
		parts = append(parts, s)
	}
	for _, t := range p.Exclude {
		parts = append(parts, "not "+describeTerm(t))
	}
	if !p.After.IsZero() {
		parts = append(parts, "on or after "+day(p.After))
	}
	if !p.Before.IsZero() {
		parts = append(parts, "before "+day(p.Before))
	}
	s := "everything"
	if len(parts) > 0 {
		s = strings.Join(parts, ", ")
	}
	if len(p.Notes) > 0 {
		s += " (" + strings.Join(p.Notes, "; ") + ")"
	}
	return s
}

func describeTerm(t Term) string {
	text := t.Text
	if t.Phrase {
		text = strconv.Quote(text)
	}
	switch t.Field {
	case FieldAny:
		return text
	case FieldFrom:
		return "from " + text
	case FieldTo:
		return "to " + text
	case FieldSubject:
		return "subject has " + text
	case FieldAccount, FieldPerson:
		noun := "account"
		if t.Field == FieldPerson {
			noun = "person"
		}
		if len(t.IDs) > 1 {
			return fmt.Sprintf("%s %q (%d matches)", noun, t.Text, len(t.IDs))
		}
		return fmt.Sprintf("%s %q", noun, t.Text)
	case FieldKind:
		return "kind " + text
	case FieldHas:
		return "with attachments"
	case FieldIn:
		return "in folder " + strconv.Quote(t.Text)
	case FieldIs:
		return t.Text
	case FieldChannel:
		return "by " + t.Text
	}
	return text
}
