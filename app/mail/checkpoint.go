package mail

import (
	"context"
	"errors"
	"fmt"

	"parley/app/crm"
	"parley/app/store"
)

// Checkpoint is the import state of one folder, written in the same store
// transaction as the messages it covers (through Sink), so a crash never
// loses or repeats work.
type Checkpoint struct {
	UIDValidity uint32 `json:"uidValidity"`
	// Done holds every UID handled under UIDValidity: fetched and
	// committed, or known not to exist (expunged, gaps). UIDs left out by
	// a since date are not in it, so an earlier since date fetches them.
	Done UIDRanges `json:"done"`
	// UIDNext is the server's UIDNEXT when the folder was last complete.
	UIDNext uint32 `json:"uidNext,omitempty"`
	// HighestModSeq is the folder's HIGHESTMODSEQ when it was last
	// complete (servers with CONDSTORE).
	HighestModSeq uint64 `json:"highestModSeq,omitempty"`
	// Complete says nothing was left to fetch at UIDNext for Since.
	Complete bool `json:"complete,omitempty"`
	// Since is the since date ("2006-01-02", "" for all mail) Complete holds for.
	Since string `json:"since,omitempty"`
	// Fetched counts messages committed under UIDValidity: each UID is
	// counted once, so it equals the folder's message count after a full
	// import, however many crashes happened on the way.
	Fetched int `json:"fetched"`
}

// LoadCheckpoint reads a folder's checkpoint; the zero Checkpoint when the
// folder was never imported.
func LoadCheckpoint(ctx context.Context, st *store.Store, mailAccount, folder string) (Checkpoint, error) {
	var cp Checkpoint
	err := st.View(ctx, func(tx *store.Tx) error { return tx.Checkpoint(mailAccount, folder, &cp) })
	if errors.Is(err, crm.ErrNotFound) {
		return Checkpoint{}, nil
	}
	if err != nil {
		return Checkpoint{}, fmt.Errorf("mail: read checkpoint of %s: %w", folder, err)
	}
	return cp, nil
}
