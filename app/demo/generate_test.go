package demo

import (
	"testing"
	"time"
)

func TestGenerateCount(t *testing.T) {
	mb := Generate(1, time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	for _, f := range mb.Folders {
		t.Logf("%s: %d", f.Name, len(f.Messages))
	}
	t.Logf("%s", mb.Folders[0].Messages[len(mb.Folders[0].Messages)-1].Raw)
}
