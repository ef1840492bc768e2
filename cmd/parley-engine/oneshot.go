package main

import (
	"os"
	"runtime/debug"
)

// oneShotHeap is the Go heap a one-shot command may grow to before the
// collector runs at all.
const oneShotHeap = 512 << 20

// collectOnlyNearLimit turns the garbage collector's pacing off for a
// command that lives for milliseconds: with the default pacing a search
// collects three or four times while its heap grows from nothing to a few
// MiB, each cycle stopping the world and competing for the two cores.
// The memory limit keeps it bounded: near oneShotHeap the collector runs
// as usual. GOGC or GOMEMLIMIT in the environment win.
func collectOnlyNearLimit() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(oneShotHeap)
	debug.SetGCPercent(-1)
}
