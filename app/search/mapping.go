package search

import (
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
const MappingVersion = 1

// MaxIndexedText is how much of a message's own text (or an activity's
// body) is indexed. Huge messages (patches, logs) dominate indexing cost and
// rarely hold what a rep searches for; the rest is still shown when opened.
const MaxIndexedText = 32 << 10

// Field names. Documents are built by hand (Batch.IndexAdvanced), so the
// Bleve mapping is empty and these constants are the whole layout.
const (
	fieldSubject = "subject" // text
	fieldBody    = "body"    // text: own text, quotes cut, capped
	fieldFrom    = "from"    // name+address: sender (author of an activity)
	fieldTo      = "to"      // name+address: To and Cc
	fieldAttach  = "attach"  // name: attachment file names
	fieldNames   = "names"   // name+address: account and contact names, aliases, domains, addresses

	fieldKind      = "kind"    // keyword: email, note, call, meeting, visit, account, person
	fieldChannel   = "channel" // keyword: email, phone, in-person, note
	fieldDirection = "dir"     // keyword: in, out, internal
	fieldFolder    = "folder"  // keyword: source folder names
	fieldHas       = "has"     // keyword: "attachment"
	fieldPrivate   = "private" // keyword: "true" or "false"
	fieldAccount   = "account" // keyword: account ids
	fieldContact   = "contact" // keyword: contact ids
	fieldDate      = "date"    // numeric Unix ms, the only field with doc values
)

// textFields are what free words are searched in, with their boosts.
var textFields = []struct {
	name  string
	boost float64
}{
	{fieldSubject, 2}, {fieldBody, 1}, {fieldFrom, 1.5}, {fieldTo, 1}, {fieldAttach, 1}, {fieldNames, 3},
}

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
	// Positions are needed for phrases; terms are hashed, so term vectors
	// reveal nothing a plain posting list would not.
	textOptions = index.IndexField | index.IncludeTermVectors
	// Filters need neither frequencies nor norms.
	keywordOptions = index.IndexField | index.SkipFreqNorm
	dateOptions    = index.IndexField | index.DocValues
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
	doc *document.Document
	pos map[string]uint64 // next array position per field
}

func (ix *Index) newDoc(id crm.ID) *docBuilder {
	return &docBuilder{a: ix.an, doc: document.NewDocument(string(id)), pos: map[string]uint64{}}
}

func (b *docBuilder) add(field, value string, opts index.FieldIndexingOptions, an analysis.Analyzer) {
	if value == "" {
		return
	}
	p := b.pos[field]
	b.pos[field] = p + 1
	b.doc.AddField(document.NewTextFieldCustom(field, []uint64{p}, []byte(value), opts, an))
}

func (b *docBuilder) text(field, value string) { b.add(field, value, textOptions, b.a.text) }
func (b *docBuilder) name(field, value string) { b.add(field, value, textOptions, b.a.name) }
func (b *docBuilder) address(field, value string) {
	b.add(field, value, textOptions, b.a.address)
}
func (b *docBuilder) keyword(field, value string) { b.add(field, value, keywordOptions, b.a.keyword) }

func (b *docBuilder) ids(field string, ids []crm.ID) {
	for _, id := range ids {
		b.keyword(field, string(id))
	}
}

func (b *docBuilder) person(field string, a crm.Address) {
	b.name(field, a.Name)
	b.address(field, a.Address)
}

// date indexes the entity's time; an entity without one (0) has no date,
// so date bounds leave it out.
func (b *docBuilder) date(ms int64) {
	if ms == 0 {
		return
	}
	b.doc.AddField(document.NewNumericFieldWithIndexingOptions(fieldDate, nil, float64(ms), dateOptions))
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
