package crm

import "errors"

// Sentinel errors callers branch on.
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid")
	ErrConflict = errors.New("conflict")
)

// Entity is anything the store keeps and the change log records.
type Entity interface {
	EntityKind() Kind
	EntityID() ID
}

// Ref names one entity.
type Ref struct {
	Kind Kind `json:"kind"`
	ID   ID   `json:"id"`
}

// CommitteeRole is a contact's part in a buying decision.
type CommitteeRole string

const (
	RoleUnknown        CommitteeRole = ""
	RoleChampion       CommitteeRole = "champion"
	RoleDecisionMaker  CommitteeRole = "decision_maker"
	RoleInfluencer     CommitteeRole = "influencer"
	RoleBlocker        CommitteeRole = "blocker"
	RoleUser           CommitteeRole = "user"
	RoleEconomicBuyer  CommitteeRole = "economic_buyer"
	RoleTechnicalBuyer CommitteeRole = "technical_buyer"
)

// Account is a customer organisation.
type Account struct {
	ID      ID       `json:"id"`
	Name    string   `json:"name"`
	Domains []string `json:"domains,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	Journey string   `json:"journey,omitempty"` // current journey step
	Tags    []string `json:"tags,omitempty"`
	Created int64    `json:"created"` // Unix ms
	// LastAt is the time of the newest interaction (Unix ms).
	LastAt int64 `json:"lastAt,omitempty"`
	// MergedInto is set when this account was merged away.
	MergedInto ID `json:"mergedInto,omitempty"`
}

func (a *Account) EntityKind() Kind { return KindAccount }
func (a *Account) EntityID() ID     { return a.ID }

// Contact is a person.
type Contact struct {
	ID        ID            `json:"id"`
	Name      string        `json:"name"`
	Addresses []string      `json:"addresses,omitempty"`
	Phone     string        `json:"phone,omitempty"`
	Title     string        `json:"title,omitempty"`
	AccountID ID            `json:"accountId,omitempty"`
	Role      CommitteeRole `json:"role,omitempty"`
	FreeMail  bool          `json:"freeMail,omitempty"`
	LastAt    int64         `json:"lastAt,omitempty"`
	// MergedInto is set when this contact was merged away.
	MergedInto ID `json:"mergedInto,omitempty"`
}

func (c *Contact) EntityKind() Kind { return KindContact }
func (c *Contact) EntityID() ID     { return c.ID }

// Thread is a conversation: messages joined by References and In-Reply-To.
type Thread struct {
	ID         ID     `json:"id"`
	Subject    string `json:"subject"`
	AccountIDs []ID   `json:"accountIds,omitempty"`
	FirstAt    int64  `json:"firstAt"`
	LastAt     int64  `json:"lastAt"`
	Count      int    `json:"count"`
	// History is true when any message of the thread is customer history.
	History bool `json:"history"`
	// Participants are the normalised addresses in the thread (capped).
	Participants []string `json:"participants,omitempty"`
	Private      bool     `json:"private,omitempty"`
	// MergedInto is set when a late message joined this thread to another.
	MergedInto ID `json:"mergedInto,omitempty"`
}

func (t *Thread) EntityKind() Kind { return KindThread }
func (t *Thread) EntityID() ID     { return t.ID }

// Address is one mail participant.
type Address struct {
	Name    string `json:"name,omitempty"`
	Address string `json:"address"`
}

// Direction says who wrote a message relative to the rep.
type Direction string

const (
	Inbound  Direction = "in"
	Outbound Direction = "out"
	Internal Direction = "internal"
)

// Attachment is the metadata of one attachment; its content, when kept,
// lives beside the message in the store.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
	Kept        bool   `json:"kept"` // content stored (under the size cap)
}

// Source locates a message in a mailbox.
type Source struct {
	MailAccount string `json:"mailAccount"`
	Folder      string `json:"folder"`
	UIDValidity uint32 `json:"uidValidity"`
	UID         uint32 `json:"uid"`
}

// Message is one email. Imported mail is immutable.
type Message struct {
	ID          ID           `json:"id"`
	MessageID   string       `json:"messageId,omitempty"` // the header, normalised
	ThreadID    ID           `json:"threadId"`
	InReplyTo   string       `json:"inReplyTo,omitempty"`
	References  []string     `json:"references,omitempty"`
	From        Address      `json:"from"`
	ReplyTo     []Address    `json:"replyTo,omitempty"`
	To          []Address    `json:"to,omitempty"`
	Cc          []Address    `json:"cc,omitempty"`
	Date        int64        `json:"date"` // Unix ms
	Subject     string       `json:"subject"`
	Text        string       `json:"text"`                // body text, HTML converted
	QuoteStart  int          `json:"quoteStart"`          // byte offset where quoted text / signature begins; len(Text) when none
	Truncated   bool         `json:"truncated,omitempty"` // Text was capped
	Attachments []Attachment `json:"attachments,omitempty"`
	Direction   Direction    `json:"direction"`
	Sources     []Source     `json:"sources,omitempty"`
	AccountIDs  []ID         `json:"accountIds,omitempty"`
	ContactIDs  []ID         `json:"contactIds,omitempty"`
	// History is true when the message is customer history; LeftOut says
	// why not when it is false.
	History bool   `json:"history"`
	LeftOut string `json:"leftOut,omitempty"`
	// Unparsed holds the reason when the message could not be parsed; the
	// raw source is still kept.
	Unparsed string `json:"unparsed,omitempty"`
	Private  bool   `json:"private,omitempty"`
	ListID   string `json:"listId,omitempty"`
}

func (m *Message) EntityKind() Kind { return KindMessage }
func (m *Message) EntityID() ID     { return m.ID }

// ActivityKind is what a rep logged.
type ActivityKind string

const (
	ActivityNote    ActivityKind = "note"
	ActivityCall    ActivityKind = "call"
	ActivityMeeting ActivityKind = "meeting"
	ActivityVisit   ActivityKind = "visit"
)

// Valid reports whether k is a known activity kind.
func (k ActivityKind) Valid() bool {
	switch k {
	case ActivityNote, ActivityCall, ActivityMeeting, ActivityVisit:
		return true
	}
	return false
}

// Activity is a note, call, meeting or visit a person logged.
type Activity struct {
	ID         ID           `json:"id"`
	Kind       ActivityKind `json:"kind"`
	Author     string       `json:"author"`
	At         int64        `json:"at"` // Unix ms
	AccountID  ID           `json:"accountId,omitempty"`
	ContactIDs []ID         `json:"contactIds,omitempty"`
	Body       string       `json:"body"`
	Private    bool         `json:"private,omitempty"`
	Deleted    bool         `json:"deleted,omitempty"`
}

func (a *Activity) EntityKind() Kind { return KindActivity }
func (a *Activity) EntityID() ID     { return a.ID }

// FollowUp is something due on an account or thread.
type FollowUp struct {
	ID        ID     `json:"id"`
	AccountID ID     `json:"accountId,omitempty"`
	ThreadID  ID     `json:"threadId,omitempty"`
	Due       int64  `json:"due"` // Unix ms
	Text      string `json:"text"`
	Done      bool   `json:"done,omitempty"`
}

func (f *FollowUp) EntityKind() Kind { return KindFollowUp }
func (f *FollowUp) EntityID() ID     { return f.ID }

// Merge records that one entity was merged into another.
type Merge struct {
	ID   ID    `json:"id"`
	Kind Kind  `json:"kind"`
	From ID    `json:"from"`
	Into ID    `json:"into"`
	At   int64 `json:"at"`
	// Reason says in words why the importer merged them ("" when a
	// person did), for the Duplicates screen that can undo it.
	Reason string `json:"reason,omitempty"`
}

func (m *Merge) EntityKind() Kind { return KindMerge }
func (m *Merge) EntityID() ID     { return m.ID }
