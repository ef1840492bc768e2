package crm

import (
	"fmt"
	"time"
)

// HLC is a hybrid logical clock reading: wall time in milliseconds plus a
// counter that orders events within one millisecond and across devices
// whose clocks disagree. It is for display and causality hints; the team
// server, not the clock, decides which write wins.
type HLC struct {
	Wall    int64  `json:"wall"`
	Logical uint32 `json:"logical"`
}

// Before reports whether h is earlier than o.
func (h HLC) Before(o HLC) bool {
	return h.Wall < o.Wall || (h.Wall == o.Wall && h.Logical < o.Logical)
}

func (h HLC) String() string { return fmt.Sprintf("%d.%d", h.Wall, h.Logical) }

// Tick returns the next reading after last, given the local wall clock now.
func (h HLC) Tick(now time.Time) HLC {
	wall := now.UnixMilli()
	if wall > h.Wall {
		return HLC{Wall: wall}
	}
	return HLC{Wall: h.Wall, Logical: h.Logical + 1}
}

// Observe returns the next reading after both last and a remote reading.
func (h HLC) Observe(remote HLC, now time.Time) HLC {
	wall := now.UnixMilli()
	switch {
	case wall > h.Wall && wall > remote.Wall:
		return HLC{Wall: wall}
	case h.Wall == remote.Wall:
		return HLC{Wall: h.Wall, Logical: max(h.Logical, remote.Logical) + 1}
	case h.Wall > remote.Wall:
		return HLC{Wall: h.Wall, Logical: h.Logical + 1}
	default:
		return HLC{Wall: remote.Wall, Logical: remote.Logical + 1}
	}
}
