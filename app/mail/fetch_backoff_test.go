package mail

import (
	"testing"
	"time"
)

func TestBackoffGrowsWithJitterAndIsCapped(t *testing.T) {
	im := &Importer{o: Options{MinBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second}}
	seen := map[time.Duration]bool{}
	for n := 1; n <= 30; n++ {
		for i := 0; i < 20; i++ {
			d := im.backoff(n)
			ceiling := min(im.o.MinBackoff<<min(n-1, 20), im.o.MaxBackoff)
			if d < im.o.MinBackoff/2 || d > im.o.MinBackoff/2+ceiling {
				t.Fatalf("attempt %d: %v outside [%v, %v]", n, d, im.o.MinBackoff/2, im.o.MinBackoff/2+ceiling)
			}
			seen[d] = true
		}
	}
	if len(seen) < 100 {
		t.Fatalf("only %d distinct delays: no jitter", len(seen))
	}
}
