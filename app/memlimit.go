package app

import (
	"os"
	"runtime/debug"
)

// heapLimit is the Go heap a process that imports mail aims to stay under.
const heapLimit = 1 << 30

// BoundHeap sets a soft limit on the Go heap for a process that imports
// mail (the desktop app, parley import, parley serve). Importing
// allocates fast, and the collector's default pacing let a 200,000-message
// import reach 2.5 GB of memory for a live heap of ~600 MB; near the limit
// the collector runs more often instead (measured at 800 MiB: peak 1.1 GB,
// the import 13 % slower). It is soft: a larger live heap is not refused.
// GOMEMLIMIT in the environment wins.
func BoundHeap() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(heapLimit)
	}
}
