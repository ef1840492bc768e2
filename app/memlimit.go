package app

import (
	"os"
	"runtime/debug"
)

// heapLimit is the Go heap a process that imports mail aims to stay under.
const heapLimit = 640 << 20

// BoundHeap sets a soft limit on the Go heap for a process that imports
// mail (the desktop app, parley import, parley serve). Importing
// allocates fast, and the collector's default pacing lets the heap grow to
// twice the live heap, which peaks at ~420 MB during a 200,000-message
// import (Badger building tables); near the limit the collector runs more
// often instead. Measured on that import (parley import, 2 cores): 1 GiB
// peaked at 1.21 GB of memory in 139 s, 640 MiB at 0.90 GB in 145 s, 512
// MiB at 0.80 GB in 162 s. It is soft: a larger live heap is not refused.
// GOMEMLIMIT in the environment wins.
func BoundHeap() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(heapLimit)
	}
}
