package crm

import (
	"strings"
	"testing"
	"time"
)

func TestDerivedIDsAreStableAndOpaque(t *testing.T) {
	a := MessageIDFor("<abc123@Mail.Example.COM>")
	b := MessageIDFor(" abc123@mail.example.com ")
	if a != b {
		t.Fatalf("same Message-ID gave two ids: %s %s", a, b)
	}
	if MessageIDFor("<ABC123@mail.example.com>") == a {
		t.Fatal("local part of a Message-ID must stay case-sensitive")
	}
	for _, id := range []ID{a, ContactIDFor("Jane@Acme.com"), AccountIDFor("acme.com"), ThreadIDFor("x@y")} {
		if strings.Contains(string(id), "acme") || strings.Contains(string(id), "example") || strings.Contains(string(id), "@") {
			t.Fatalf("id %s reveals its source", id)
		}
	}
	if ContactIDFor("Jane@Acme.com") != ContactIDFor("jane@acme.com") {
		t.Fatal("contact ids must ignore address case")
	}
	if SurvivorOf(a, b+"z") != a || SurvivorOf(b+"z", a) != a {
		t.Fatal("survivor must be the smaller id either way round")
	}
}

func TestNewIDIsUniqueAndOrdered(t *testing.T) {
	prev := NewID("n_")
	for i := 0; i < 1000; i++ {
		next := NewID("n_")
		if next <= prev {
			t.Fatalf("ids not increasing: %s then %s", prev, next)
		}
		prev = next
	}
}

func TestHLC(t *testing.T) {
	now := time.UnixMilli(1000)
	var h HLC
	h1 := h.Tick(now)
	h2 := h1.Tick(now)
	if !h1.Before(h2) {
		t.Fatalf("tick must advance: %v %v", h1, h2)
	}
	// A remote clock far ahead pulls ours forward.
	h3 := h2.Observe(HLC{Wall: 5000, Logical: 7}, now)
	if h3.Wall != 5000 || h3.Logical != 8 {
		t.Fatalf("observe: got %v", h3)
	}
	// Local time going backwards never moves the clock back.
	h4 := h3.Tick(time.UnixMilli(10))
	if !h3.Before(h4) {
		t.Fatalf("clock went back: %v %v", h3, h4)
	}
}
