package app

// Plain data the UI receives. Times are Unix milliseconds; lists are never
// nil (a nil slice reaches JavaScript as null).

// Status is the always-visible state of the app: the status bar and the
// first-run and unlock screens read it. Also sent as the "status" event.
type Status struct {
	Version string `json:"version"`
	// State is one of "locked" (needs the passphrase), "open", "error".
	State string `json:"state"`
	// Message explains a locked or error state in plain words.
	Message   string `json:"message"`
	Demo      bool   `json:"demo"`      // the workspace is the demo mailbox
	FirstRun  bool   `json:"firstRun"`  // no mail account yet and the user has not chosen
	Online    bool   `json:"online"`    // a mail server or team server answered recently
	DataDir   string `json:"dataDir"`   // where the workspace lives
	KeySource string `json:"keySource"` // "keychain", "passphrase" or ""
	// DiskEncrypted reports the OS disk encryption check: "yes", "no", "unknown".
	DiskEncrypted string         `json:"diskEncrypted"`
	Import        ImportProgress `json:"import"`
	Sync          SyncState      `json:"sync"`
	Search        SearchState    `json:"search"`
	Counts        Counts         `json:"counts"`
}

// Counts summarises the workspace.
type Counts struct {
	Accounts   int `json:"accounts"`
	Contacts   int `json:"contacts"`
	Threads    int `json:"threads"`
	Messages   int `json:"messages"`
	Activities int `json:"activities"`
}

// ImportProgress is what the importer is doing; also the "import" event.
type ImportProgress struct {
	Running bool             `json:"running"`
	Paused  bool             `json:"paused"`
	Phase   string           `json:"phase"` // "idle", "connecting", "fetching", "backfill", "live", "error"
	Folder  string           `json:"folder"`
	Done    int              `json:"done"`
	Total   int              `json:"total"`
	Rate    float64          `json:"rate"`   // messages per second
	EtaSec  int              `json:"etaSec"` // seconds left, 0 when unknown
	Error   string           `json:"error"`  // in words a rep understands
	Folders []FolderProgress `json:"folders"`
}

// FolderProgress is one folder's share of an import.
type FolderProgress struct {
	Account string `json:"account"`
	Folder  string `json:"folder"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
}

// SyncState is the team sync state shown in the status bar.
type SyncState struct {
	Configured bool   `json:"configured"`
	Pending    int    `json:"pending"`  // local changes not yet acknowledged
	LastSync   int64  `json:"lastSync"` // Unix ms, 0 never
	Error      string `json:"error"`
}

// AccountSummary is one row of the accounts list.
type AccountSummary struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Domains      []string `json:"domains"`
	Journey      string   `json:"journey"`
	LastAt       int64    `json:"lastAt"`
	ThreadCount  int      `json:"threadCount"`
	ContactCount int      `json:"contactCount"`
}

// AccountDetail is the account page.
type AccountDetail struct {
	Account  AccountSummary   `json:"account"`
	Contacts []ContactSummary `json:"contacts"`
	Timeline []TimelineItem   `json:"timeline"` // newest first
}

// ContactSummary is one person.
type ContactSummary struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Addresses   []string `json:"addresses"`
	Title       string   `json:"title"`
	Role        string   `json:"role"`
	AccountID   string   `json:"accountId"`
	AccountName string   `json:"accountName"`
	LastAt      int64    `json:"lastAt"`
}

// TimelineItem is a thread or an activity on an account's timeline, or in
// the latest conversations on Today.
type TimelineItem struct {
	Kind        string   `json:"kind"` // "email", "note", "call", "meeting", "visit"
	ID          string   `json:"id"`   // thread id for email, activity id otherwise
	At          int64    `json:"at"`
	Title       string   `json:"title"`   // subject, or the first line of a note
	Snippet     string   `json:"snippet"` // start of the newest message or the note
	People      []string `json:"people"`  // display names
	AccountID   string   `json:"accountId"`
	AccountName string   `json:"accountName"`
	Count       int      `json:"count"`     // messages in the thread
	Direction   string   `json:"direction"` // of the newest message: "in", "out", "internal"
}

// ThreadView is a conversation with its messages in order.
type ThreadView struct {
	ID          string        `json:"id"`
	Subject     string        `json:"subject"`
	AccountID   string        `json:"accountId"`
	AccountName string        `json:"accountName"`
	Messages    []MessageView `json:"messages"`
}

// MessageView is one message as the reader shows it.
type MessageView struct {
	ID          string           `json:"id"`
	From        Person           `json:"from"`
	To          []Person         `json:"to"`
	Cc          []Person         `json:"cc"`
	Date        int64            `json:"date"`
	Subject     string           `json:"subject"`
	Body        string           `json:"body"`   // the message's own text
	Quoted      string           `json:"quoted"` // quoted reply and signature, folded in the UI
	Truncated   bool             `json:"truncated"`
	Direction   string           `json:"direction"`
	Attachments []AttachmentView `json:"attachments"`
	Unparsed    string           `json:"unparsed"` // why the message could not be read, if so
}

// Person is a participant as shown.
type Person struct {
	Name      string `json:"name"`
	Address   string `json:"address"`
	ContactID string `json:"contactId"`
}

// AttachmentView is an attachment's metadata.
type AttachmentView struct {
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
	Kept        bool   `json:"kept"`
}

// ActivityInput is what quick capture sends.
type ActivityInput struct {
	Kind       string   `json:"kind"` // "note", "call", "meeting", "visit"
	AccountID  string   `json:"accountId"`
	ContactIDs []string `json:"contactIds"`
	Body       string   `json:"body"`
	At         int64    `json:"at"` // 0 means now
}

// SearchState is the search index's state for the status bar.
type SearchState struct {
	State string `json:"state"` // "opening", "ready", "catching up", "rebuilding", "error"
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Error string `json:"error"`
}

// SearchQuery is what the search box and its filters send.
type SearchQuery struct {
	Query     string   `json:"query"`
	AccountID string   `json:"accountId"` // search inside one account
	Kinds     []string `json:"kinds"`     // "email", "note", "call", "meeting", "visit", "account", "person"
	Offset    int      `json:"offset"`
	Size      int      `json:"size"`
	Order     string   `json:"order"` // "best" (default), "newest", "oldest"
}

// SearchResults is one page of results.
type SearchResults struct {
	Total   int           `json:"total"`
	TookMs  float64       `json:"tookMs"`
	Read    string        `json:"read"`  // how the query was read, in plain words
	Notes   []string      `json:"notes"` // e.g. "only the first 32 KB of long messages is searchable"
	Partial bool          `json:"partial"`
	Hits    []SearchHit   `json:"hits"`
	Groups  []SearchGroup `json:"groups"`
}

// SearchHit is one result. Title and Snippet are HTML: escaped source text
// with the matched words in <mark>; nothing else.
type SearchHit struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Snippet     string `json:"snippet"`
	Date        int64  `json:"date"`
	AccountID   string `json:"accountId"`
	AccountName string `json:"accountName"`
	ThreadID    string `json:"threadId"` // for email: the conversation to open
	From        string `json:"from"`
	Capped      bool   `json:"capped"` // only the beginning of this text is searchable
}

// SearchGroup is the hits of one account on a page.
type SearchGroup struct {
	AccountID   string `json:"accountId"`
	AccountName string `json:"accountName"`
	Hits        []int  `json:"hits"` // indexes into SearchResults.Hits
}

// SearchFacets are counts for the filter side bar.
type SearchFacets struct {
	Total    int          `json:"total"`
	Accounts []FacetValue `json:"accounts"`
	People   []FacetValue `json:"people"`
	Kinds    []FacetValue `json:"kinds"`
	Years    []FacetValue `json:"years"`
}

// FacetValue is one facet entry.
type FacetValue struct {
	Value string `json:"value"` // an id, a kind or a year
	Label string `json:"label"` // a name for ids
	Count int    `json:"count"`
}

// Suggestion is one typeahead answer: an account or a person.
type Suggestion struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"` // "account" or "person"
	Name   string `json:"name"`
	Detail string `json:"detail"`
}

// MailAccountView is a mail account as Settings shows it (never its secret).
type MailAccountView struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Host        string   `json:"host"`
	Port        int      `json:"port"`
	Security    string   `json:"security"` // "tls", "starttls"
	Username    string   `json:"username"`
	Auth        string   `json:"auth"` // "password", "xoauth2"
	Folders     []string `json:"folders"`
	Since       string   `json:"since"` // "2006-01-02" or ""
	MyAddresses []string `json:"myAddresses"`
}

// ConnectionResult is what testing a mail account found.
type ConnectionResult struct {
	OK      bool         `json:"ok"`
	Message string       `json:"message"` // in words a rep understands
	Folders []FolderView `json:"folders"`
	Idle    bool         `json:"idle"` // new mail arrives at once
}

// FolderView is one folder of a mail account.
type FolderView struct {
	Name       string `json:"name"`
	SpecialUse string `json:"specialUse"`
	Default    bool   `json:"default"` // imported unless the rep says otherwise
}

// LeftOutItem is a message kept out of customer history, and why.
type LeftOutItem struct {
	ID       string `json:"id"`
	ThreadID string `json:"threadId"`
	Date     int64  `json:"date"`
	From     string `json:"from"`
	Address  string `json:"address"`
	Subject  string `json:"subject"`
	Reason   string `json:"reason"`
}
