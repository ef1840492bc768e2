package main

import (
	"time"

	"parley/app/search"
)

// waitForMerges waits until Bleve's background merges after indexing have
// settled: the index's segment count unchanged for three seconds (at most
// two minutes). A rep searches minutes after an import, not the instant
// its last batch lands; timing queries while the merger still rewrites
// segments on the same two cores measured the merger as much as search.
func waitForMerges(ix *search.Index, logf func(string, ...any)) (secs float64, before, after uint64) {
	start := time.Now()
	before = ix.Segments()
	last, since := before, time.Now()
	for time.Since(start) < 2*time.Minute && time.Since(since) < 3*time.Second {
		time.Sleep(250 * time.Millisecond)
		if n := ix.Segments(); n != last {
			last, since = n, time.Now()
		}
	}
	secs = time.Since(start).Seconds()
	logf("merges settled in %.1f s: %d segment files after indexing, %d now", secs, before, last)
	return secs, before, last
}
