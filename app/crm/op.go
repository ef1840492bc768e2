package crm

import "encoding/json"

// SchemaVersion is the version of the entity and op encoding this build
// writes. Bump it with a migration in the store.
const SchemaVersion = 1

// Action is what an op does to its entity.
type Action string

const (
	ActionPut    Action = "put"    // create or change the named fields
	ActionDelete Action = "delete" // tombstone
	ActionImport Action = "import" // an immutable imported message, named by id only
)

// Op is one change made on this device, as the change log (and later the
// sync outbox) records it. Ops are written in the same transaction as the
// entity they change.
type Op struct {
	ID            ID                         `json:"id"`
	ClientID      string                     `json:"clientId"`
	ClientSeq     uint64                     `json:"clientSeq"` // gapless per client
	Clock         HLC                        `json:"clock"`
	Author        string                     `json:"author"`
	Entity        Ref                        `json:"entity"`
	Action        Action                     `json:"action"`
	Fields        map[string]json.RawMessage `json:"fields,omitempty"`
	BaseVersion   uint64                     `json:"baseVersion"`
	SchemaVersion int                        `json:"schemaVersion"`
}
