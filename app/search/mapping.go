package search

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"parley/app/crm"
)

// MappingVersion names the document layout below. Bump it whenever a field,
// an analyzer or the hashing changes: Open then reports ErrNeedsRebuild and
// the caller rebuilds from the store.
//
// 3: one combined text field with word pairs instead of six positional
// fields; facet values (kind, accounts, people, year) in one field with
// doc values; dates for sorting in a field of their own. (2 was this
// layout while it was being built.)
const MappingVersion = 3

// MaxIndexedText is how much of a message's own text (or an activity's
// body) is indexed. Huge messages (patches, logs) dominate indexing cost and
// rarely hold what a rep searches for; the rest is still shown when opened.
const MaxIndexedText = 32 << 10

// Field names. Documents are built by hand (Batch.IndexAdvanced), so the
// Bleve mapping is empty and these constants are the whole layout.
const (
	// fieldText is where free words and "phrases" are searched: subject,
	// own text, people, attachment names, account and contact names, each
	// word and each pair of adjacent words a term, no positions. One
	// postings list per word instead of a disjunction over six fields, and a
	// two-word phrase is one term.
	fieldText    = "text"
	fieldSubject = "subject" // text, with positions: subject:
	fieldFrom    = "from"    // name+address, with positions: from:, sender (author of an activity)
	fieldTo      = "to"      // name+address, with positions: to:, To and Cc

	// fieldFacet holds what filters and facets need, one tagged keyed term
	// per value (facetTerm), with doc values so Bleve counts facets from
	// the index: kind, account ids, contact ids, year.
	fieldFacet = "f"

	fieldChannel   = "channel" // keyword: email, phone, in-person, note
	fieldDirection = "dir"     // keyword: in, out, internal
	fieldFolder    = "folder"  // keyword: source folder names
	fieldHas       = "has"     // keyword: "attachment"
	fieldPrivate   = "private" // keyword: "true" or "false"
	fieldDate      = "date"    // numeric Unix ms, for ranges
	// fieldWhen is the date again as one 8-byte term (whenTerm) with doc
	// values, for sorting and recency. The numeric field's doc values hold
	// sixteen prefix-coded terms per date: reading the dates of a window
	// of hits cost more than finding the hits.
	fieldWhen = "when"
)

// Tags of the facet field's terms: the first byte says which facet a term
// belongs to (structure, not content); the rest is the value's keyed hash.
const (
	tagKind    = 'k'
	tagAccount = 'a'
	tagContact = 'c'
	tagYear    = 'y'
)

// Boosts applied inside the blend window (boostWindow) to hits whose match
// is in a field that says more than the body does.
const (
	boostSubject = 1.0 // added share of relevance when the subject matches
	boostFrom    = 0.5 // when the sender matches
	boostNames   = 2.0 // accounts and people: their text is all names
)

// Kind values of the kind keyword field, also what Hit.Kind reports.
const (
	KindEmail   = "email"
	KindNote    = string(crm.ActivityNote)
	KindCall    = string(crm.ActivityCall)
	KindMeeting = string(crm.ActivityMeeting)
	KindVisit   = string(crm.ActivityVisit)
	KindAccount = "account"
	KindPerson  = "person"
)

const (
	// Positions are needed for phrases in subject:, from: and to:; terms
	// are hashed, so term vectors reveal nothing a plain posting list would
	// not.
	textOptions = index.IndexField | index.IncludeTermVectors
	// The combined field finds phrases by pair terms: no positions.
	anyOptions = index.IndexField
	// Filters need neither frequencies nor norms.
	keywordOptions = index.IndexField | index.SkipFreqNorm
	facetOptions   = index.IndexField | index.SkipFreqNorm | index.DocValues
	dateOptions    = index.IndexField
	whenOptions    = index.IndexField | index.SkipFreqNorm | index.DocValues
)

// emptyMapping is the mapping given to bleve.New: nothing dynamic, nothing
// stored, no _all field. Every document goes through IndexAdvanced.
func emptyMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.DefaultMapping = bleve.NewDocumentDisabledMapping()
	return m
}

// docBuilder adds fields to one document with the index's analyzers.
type docBuilder struct {
	a   *analyzers
	loc *time.Location // for the year facet
	doc *document.Document
	pos map[string]uint64 // next array position per field
	// text and facets collect the values of the combined text field and
	// of the facet field, each one field of the document (multiField).
	text, facets multiField
}

func (ix *Index) newDoc(id crm.ID) *docBuilder {
	return &docBuilder{a: ix.an, loc: ix.opts.Location, doc: document.NewDocument(string(id)), pos: map[string]uint64{},
		text: multiField{name: fieldText, opts: anyOptions, h: ix.an.h}, facets: multiField{name: fieldFacet, opts: facetOptions}}
}

// finish returns the document with its combined text and facet fields.
func (b *docBuilder) finish() *document.Document {
	for _, f := range []*multiField{&b.text, &b.facets} {
		if len(f.values) > 0 {
			b.doc.AddField(f)
		}
	}
	return b.doc
}

func (b *docBuilder) add(field, value string, opts index.FieldIndexingOptions, an analysis.Analyzer) {
	if value == "" {
		return
	}
	p := b.pos[field]
	b.pos[field] = p + 1
	b.doc.AddField(document.NewTextFieldCustom(field, []uint64{p}, []byte(value), opts, an))
}

// subject indexes a subject for subject: and in the combined field.
func (b *docBuilder) subject(value string) {
	b.add(fieldSubject, value, textOptions, b.a.text)
	b.body(value)
}

// body indexes text in the combined field only.
func (b *docBuilder) body(value string) { b.text.add('t', value, b.a.textPlain) }

// name indexes a name (of an account, a person, a file) in the combined
// field.
func (b *docBuilder) name(value string) { b.text.add('n', value, b.a.anyNamePlain) }

// address indexes an address or a domain in the combined field.
func (b *docBuilder) address(value string) { b.text.add('a', value, b.a.anyAddressPlain) }

func (b *docBuilder) keyword(field, value string) { b.add(field, value, keywordOptions, b.a.keyword) }

// facet adds one value of a facet (tag) to the facet field.
func (b *docBuilder) facet(tag byte, value string) {
	if value == "" {
		return
	}
	b.facets.add(tag, b.a.h.facetTerm(tag, value), nil)
}

func (b *docBuilder) ids(tag byte, ids []crm.ID) {
	for _, id := range ids {
		b.facet(tag, string(id))
	}
}

// person indexes a sender or recipient for from: or to: (field) and in the
// combined field.
func (b *docBuilder) person(field string, a crm.Address) {
	b.add(field, a.Name, textOptions, b.a.name)
	b.add(field, a.Address, textOptions, b.a.address)
	b.name(a.Name)
	b.address(a.Address)
}

// date indexes the entity's time; an entity without one (0) has no date,
// so date bounds leave it out.
func (b *docBuilder) date(ms int64) {
	if ms == 0 {
		return
	}
	b.facet(tagYear, strconv.Itoa(time.UnixMilli(ms).In(b.loc).Year()))
	b.doc.AddField(document.NewNumericFieldWithIndexingOptions(fieldDate, nil, float64(ms), dateOptions))
	b.doc.AddField(document.NewTextFieldCustom(fieldWhen, nil, whenTerm(ms), whenOptions, nil))
}

// whenTerm encodes a date so that byte order is time order: the sign bit
// flipped, then big-endian in 7-bit digits. Doc values separate terms with
// 0xff, so a doc-values term must never hold that byte.
func whenTerm(ms int64) []byte {
	u := uint64(ms) ^ (1 << 63)
	out := make([]byte, whenSize)
	for i := whenSize - 1; i >= 0; i-- {
		out[i] = byte(u & 0x7f)
		u >>= 7
	}
	return out
}

// whenSize is how many 7-bit digits 64 bits need.
const whenSize = 10

// whenOf decodes whenTerm; 0 when t is not one.
func whenOf(t string) int64 {
	if len(t) != whenSize {
		return 0
	}
	var u uint64
	for i := range whenSize {
		u = u<<7 | uint64(t[i]&0x7f)
	}
	return int64(u ^ (1 << 63))
}

func (b *docBuilder) private(p bool) {
	if p {
		b.keyword(fieldPrivate, "true")
	} else {
		b.keyword(fieldPrivate, "false")
	}
}

// capText cuts s to at most MaxIndexedText bytes on a word boundary when
// one is near, else on a character boundary.
func capText(s string) (string, bool) {
	if len(s) <= MaxIndexedText {
		return s, false
	}
	cut := MaxIndexedText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	for i := cut; i > cut-64 && i > 0; i-- {
		if s[i] == ' ' || s[i] == '\n' || s[i] == '\t' {
			cut = i
			break
		}
	}
	return s[:cut], true
}

// IndexedText returns the part of a message's text that is indexed: its
// own text (quoted replies cut at QuoteStart) capped at MaxIndexedText,
// and whether the cap cut it.
func IndexedText(m *crm.Message) (text string, capped bool) {
	q := min(max(m.QuoteStart, 0), len(m.Text))
	return capText(m.Text[:q])
}
