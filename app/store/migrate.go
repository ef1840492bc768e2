package store

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"parley/app/crm"
)

// migrations[v] upgrades a store at schema v to v+1, inside the opening
// transaction. Schema 1 is the first; there is nothing to migrate yet.
var migrations = map[uint64]func(*badger.Txn) error{}

func migrate(txn *badger.Txn, from uint64) error {
	for v := from; v < crm.SchemaVersion; v++ {
		step, ok := migrations[v]
		if !ok {
			return fmt.Errorf("no migration from schema %d", v)
		}
		if err := step(txn); err != nil {
			return err
		}
	}
	return txn.Set(keySchema, u64(crm.SchemaVersion))
}
