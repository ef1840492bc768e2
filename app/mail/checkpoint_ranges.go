package mail

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// UIDRange is an inclusive range of UIDs.
type UIDRange struct{ Lo, Hi uint32 }

// UIDRanges is a compact set of UIDs: sorted, disjoint, non-adjacent
// ranges. Fetching runs newest first and a crash can land anywhere, so a
// folder's progress is a set, not a single high-water mark. The zero value
// is the empty set. In JSON it is the IMAP sequence-set text ("1:5,9").
type UIDRanges struct{ r []UIDRange }

// Len returns the number of UIDs in the set.
func (s *UIDRanges) Len() int {
	n := 0
	for _, r := range s.r {
		n += int(r.Hi-r.Lo) + 1
	}
	return n
}

// Empty reports whether the set has no UID.
func (s *UIDRanges) Empty() bool { return len(s.r) == 0 }

// Ranges returns a copy of the ranges, ascending.
func (s *UIDRanges) Ranges() []UIDRange { return append([]UIDRange(nil), s.r...) }

// Clone returns an independent copy.
func (s *UIDRanges) Clone() UIDRanges { return UIDRanges{r: s.Ranges()} }

// Contains reports whether uid is in the set.
func (s *UIDRanges) Contains(uid uint32) bool {
	i := sort.Search(len(s.r), func(i int) bool { return s.r[i].Hi >= uid })
	return i < len(s.r) && s.r[i].Lo <= uid
}

// AddRange adds lo..hi (inclusive); lo > hi adds nothing.
func (s *UIDRanges) AddRange(lo, hi uint32) {
	if lo > hi {
		return
	}
	// First range that could touch lo (ends at lo-1 or later).
	i := sort.Search(len(s.r), func(i int) bool { return uint64(s.r[i].Hi)+1 >= uint64(lo) })
	j := i
	for j < len(s.r) && uint64(s.r[j].Lo) <= uint64(hi)+1 {
		lo = min(lo, s.r[j].Lo)
		hi = max(hi, s.r[j].Hi)
		j++
	}
	merged := UIDRange{lo, hi}
	s.r = append(s.r[:i], append([]UIDRange{merged}, s.r[j:]...)...)
}

// Add adds single UIDs.
func (s *UIDRanges) Add(uids ...uint32) {
	for _, u := range uids {
		s.AddRange(u, u)
	}
}

// AddSet adds every UID of o.
func (s *UIDRanges) AddSet(o UIDRanges) {
	for _, r := range o.r {
		s.AddRange(r.Lo, r.Hi)
	}
}

// Minus returns the UIDs of s that are not in o.
func (s *UIDRanges) Minus(o UIDRanges) UIDRanges {
	var out UIDRanges
	j := 0
	for _, r := range s.r {
		lo := uint64(r.Lo) // uint64: r.Hi+1 must not wrap
		for j < len(o.r) && o.r[j].Hi < r.Lo {
			j++
		}
		for k := j; k < len(o.r) && o.r[k].Lo <= r.Hi; k++ {
			if uint64(o.r[k].Lo) > lo {
				out.r = append(out.r, UIDRange{uint32(lo), o.r[k].Lo - 1})
			}
			lo = max(lo, uint64(o.r[k].Hi)+1)
		}
		if lo <= uint64(r.Hi) {
			out.r = append(out.r, UIDRange{uint32(lo), r.Hi})
		}
	}
	return out
}

// Within returns the UIDs of s between lo and hi inclusive.
func (s *UIDRanges) Within(lo, hi uint32) UIDRanges {
	var out UIDRanges
	for _, r := range s.r {
		if r.Hi < lo || r.Lo > hi {
			continue
		}
		out.AddRange(max(r.Lo, lo), min(r.Hi, hi))
	}
	return out
}

// Top returns up to n of the highest UIDs, highest first.
func (s *UIDRanges) Top(n int) []uint32 {
	var out []uint32
	for i := len(s.r) - 1; i >= 0 && len(out) < n; i-- {
		for u := s.r[i].Hi; len(out) < n; u-- {
			out = append(out, u)
			if u == s.r[i].Lo {
				break
			}
		}
	}
	return out
}

// Max returns the highest UID, or 0 for the empty set.
func (s *UIDRanges) Max() uint32 {
	if len(s.r) == 0 {
		return 0
	}
	return s.r[len(s.r)-1].Hi
}

// String renders the set as an IMAP sequence set ("1:5,9"); "" when empty.
func (s UIDRanges) String() string {
	var b strings.Builder
	for i, r := range s.r {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatUint(uint64(r.Lo), 10))
		if r.Hi != r.Lo {
			b.WriteByte(':')
			b.WriteString(strconv.FormatUint(uint64(r.Hi), 10))
		}
	}
	return b.String()
}

// ParseUIDRanges reads the String form back.
func ParseUIDRanges(text string) (UIDRanges, error) {
	var s UIDRanges
	if text == "" {
		return s, nil
	}
	for _, part := range strings.Split(text, ",") {
		a, b, isRange := strings.Cut(part, ":")
		lo, err := strconv.ParseUint(a, 10, 32)
		if err != nil || lo == 0 {
			return UIDRanges{}, fmt.Errorf("mail: bad UID range %q", part)
		}
		hi := lo
		if isRange {
			if hi, err = strconv.ParseUint(b, 10, 32); err != nil || hi < lo {
				return UIDRanges{}, fmt.Errorf("mail: bad UID range %q", part)
			}
		}
		s.AddRange(uint32(lo), uint32(hi))
	}
	return s, nil
}

// MarshalJSON stores the set as its compact text.
func (s UIDRanges) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads the compact text.
func (s *UIDRanges) UnmarshalJSON(b []byte) error {
	var text string
	if err := json.Unmarshal(b, &text); err != nil {
		return err
	}
	v, err := ParseUIDRanges(text)
	if err != nil {
		return err
	}
	*s = v
	return nil
}
