package app

import (
	"context"

	"parley/app/store"
)

// loadDemo fills a new demo workspace with the generated demo mailbox.
var loadDemo func(ctx context.Context, st *store.Store, progress func(ImportProgress)) error
