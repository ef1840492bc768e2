package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestParseTimeV(t *testing.T) {
	out := `	Command being timed: "mbsync -a"
	User time (seconds): 1.25
	System time (seconds): 0.50
	Maximum resident set size (kbytes): 38912
	Exit status: 0
`
	rss, user, sys := parseTimeV([]byte(out))
	if rss != 38912*1024 || user != 1.25 || sys != 0.5 {
		t.Fatalf("rss %d user %v sys %v", rss, user, sys)
	}
}

func TestSummaryRatiosUseTheFasterIndexer(t *testing.T) {
	r := &report{Source: mailSource{Messages: 1000}}
	r.Peers = &peers{}
	r.Peers.Mbsync.Secs, r.Peers.Notmuch.Secs, r.Peers.Mu.Secs = 2, 9, 4
	r.Parley = &cliRun{TotalSecs: 3}
	r.Parley.Import.Secs = 2.5
	r.summarize()
	s := r.Summary
	if s.FasterIndexer != "mu" || s.PeerFullSecs != 6 {
		t.Fatalf("peer full %v by %q, want 6 by mu", s.PeerFullSecs, s.FasterIndexer)
	}
	if math.Abs(s.ParleyVsPeerFull-0.5) > 1e-9 || math.Abs(s.ParleyVsMbsync-1.5) > 1e-9 {
		t.Fatalf("ratios %v %v, want 0.5 and 1.5", s.ParleyVsPeerFull, s.ParleyVsMbsync)
	}
}

func TestMbsyncConfigPullsOnlyTheFolders(t *testing.T) {
	c := mbsyncConfig("127.0.0.1:1430", []string{"usrp-users", "linux-btrfs"}, "/x/near")
	for _, want := range []string{"Port 1430", "Patterns usrp-users linux-btrfs", "Sync Pull", "FSync no", "Path /x/near/"} {
		if !strings.Contains(c, want) {
			t.Errorf("config lacks %q:\n%s", want, c)
		}
	}
}

func TestGapMeterCountsTheWaitForTheFirstCallback(t *testing.T) {
	g := &gapMeter{}
	base := g.start
	g.tick(base.Add(1500e6)) // first callback 1.5 s after start
	g.tick(base.Add(1700e6))
	g.tick(base.Add(3000e6))
	if g.n != 3 || g.maxGap.Seconds() != 1.5 || g.first.Seconds() != 1.5 {
		t.Fatalf("n %d max %v first %v", g.n, g.maxGap, g.first)
	}
}

func TestWatchPeakHeapSeesWhatWasLiveAndProfilesIt(t *testing.T) {
	dir := t.TempDir()
	stop := watchPeakHeap(dir)
	held := make([]byte, 64<<20)
	for i := range held {
		held[i] = byte(i)
	}
	runtime.GC()
	time.Sleep(300 * time.Millisecond)
	peak := stop()
	runtime.KeepAlive(held)
	if peak < 64<<20 {
		t.Errorf("peak live heap %d MiB, want at least the 64 MiB held", peak>>20)
	}
	if fi, err := os.Stat(filepath.Join(dir, "heap-peak.prof")); err != nil || fi.Size() == 0 {
		t.Errorf("heap-peak.prof not written: %v", err)
	}
}
