package mail

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestUIDRangesAgainstAMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		var a, b UIDRanges
		ma, mb := map[uint32]bool{}, map[uint32]bool{}
		for i := 0; i < 20; i++ {
			lo := uint32(r.IntN(200) + 1)
			hi := lo + uint32(r.IntN(10))
			a.AddRange(lo, hi)
			for u := lo; u <= hi; u++ {
				ma[u] = true
			}
			lo = uint32(r.IntN(200) + 1)
			hi = lo + uint32(r.IntN(10))
			b.AddRange(lo, hi)
			for u := lo; u <= hi; u++ {
				mb[u] = true
			}
		}
		if a.Len() != len(ma) {
			t.Fatalf("Len %d, want %d (%s)", a.Len(), len(ma), a)
		}
		rs := a.Ranges()
		for i := 1; i < len(rs); i++ {
			if rs[i].Lo <= rs[i-1].Hi+1 {
				t.Fatalf("ranges not disjoint and merged: %s", a)
			}
		}
		d := a.Minus(b)
		for u := uint32(0); u < 260; u++ {
			if a.Contains(u) != ma[u] {
				t.Fatalf("Contains(%d) = %v in %s", u, a.Contains(u), a)
			}
			if want := ma[u] && !mb[u]; d.Contains(u) != want {
				t.Fatalf("Minus: %d in %s - %s = %s", u, a, b, d)
			}
		}
		var want []uint32
		for u := range ma {
			want = append(want, u)
		}
		slices.Sort(want)
		slices.Reverse(want)
		if got := a.Top(7); !slices.Equal(got, want[:min(7, len(want))]) {
			t.Fatalf("Top(7) = %v, want %v", got, want[:7])
		}
		js, _ := json.Marshal(a)
		var back UIDRanges
		if err := json.Unmarshal(js, &back); err != nil || back.String() != a.String() {
			t.Fatalf("JSON round trip %s → %s: %v", a, back, err)
		}
	}
}

func TestUIDRangesEdges(t *testing.T) {
	var s UIDRanges
	s.AddRange(1, ^uint32(0))
	var o UIDRanges
	o.AddRange(5, 5)
	d := s.Minus(o)
	if d.String() != "1:4,6:4294967295" {
		t.Fatalf("minus at the top of the UID space: %s", d)
	}
	if _, err := ParseUIDRanges("3:1"); err == nil {
		t.Fatal("a reversed range parsed")
	}
	if got := s.Within(10, 12).String(); got != "10:12" {
		t.Fatalf("Within = %s", got)
	}
}

func TestChunkBySize(t *testing.T) {
	uids := []uint32{9, 8, 7, 6}
	sizes := map[uint32]int64{9: 10, 8: 10, 7: 50, 6: 1}
	got := chunkBySize(uids, sizes, 25)
	if len(got) != 3 || !slices.Equal(got[0], []uint32{9, 8}) || !slices.Equal(got[1], []uint32{7}) || !slices.Equal(got[2], []uint32{6}) {
		t.Fatalf("chunks %v", got)
	}
}

func TestMarkDefaultsSkipsDraftsJunkTrash(t *testing.T) {
	fs := []FolderInfo{
		{Name: "INBOX", Selectable: true},
		{Name: "Drafts", SpecialUse: `\Drafts`, Selectable: true},
		{Name: "Junk", SpecialUse: `\Junk`, Selectable: true},
		{Name: "Trash", SpecialUse: `\Trash`, Selectable: true},
		{Name: "Sent", SpecialUse: `\Sent`, Selectable: true},
		{Name: "All Mail", SpecialUse: `\All`, Selectable: true},
		{Name: "Archive", SpecialUse: `\Archive`, Selectable: true},
		{Name: "lists", Selectable: true},
	}
	markDefaults(fs)
	got, err := chooseFolders(fs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range got {
		names = append(names, f.Name)
	}
	if !slices.Equal(names, []string{"INBOX", "Sent", "Archive"}) {
		t.Fatalf("default folders %v", names)
	}
	if _, err := chooseFolders(fs, []string{"nope"}); err == nil {
		t.Fatal("a missing chosen folder was accepted")
	}
	noSpecial := []FolderInfo{{Name: "INBOX", Selectable: true}, {Name: "INBOX.Sent Items", Selectable: true}}
	markDefaults(noSpecial)
	if !noSpecial[1].Default {
		t.Fatal("Sent Items not found by name on a server without SPECIAL-USE")
	}
}
