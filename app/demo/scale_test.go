package demo

import (
	"bytes"
	"crypto/sha256"
	"io"
	"slices"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"
)

func TestGenerateScaleDeterministic(t *testing.T) {
	digest := func(seed int64) []byte {
		h := sha256.New()
		for folder, m := range GenerateScale(seed, 3000, testNow) {
			h.Write([]byte(folder))
			h.Write(m.Raw)
			h.Write([]byte(m.Date.String()))
		}
		return h.Sum(nil)
	}
	a, b, c := digest(1), digest(1), digest(2)
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different messages")
	}
	if bytes.Equal(a, c) {
		t.Fatal("different seeds gave the same messages")
	}
}

func TestGenerateScaleShape(t *testing.T) {
	const n = 20000
	var (
		sizes           []int
		byID            = map[string]bool{}
		children        = map[string]int{}
		replies, sent   int
		html, multipart int
		last            time.Time
		largest         int
	)
	count := 0
	for folder, m := range GenerateScale(42, n, testNow) {
		count++
		if !m.Date.Before(testNow) || m.Date.Before(last) {
			t.Fatalf("message %d dated %v (previous %v, now %v)", count, m.Date, last, testNow)
		}
		last = m.Date
		sizes = append(sizes, len(m.Raw))
		largest = max(largest, len(m.Raw))
		if bytes.Contains(bytes.ReplaceAll(m.Raw, []byte("\r\n"), nil), []byte("\n")) {
			t.Fatalf("message %d has a bare LF", count)
		}
		if folder == FolderSent {
			sent++
		}
		if bytes.Contains(m.Raw, []byte("text/html")) {
			html++
		}
		r, err := gomail.CreateReader(bytes.NewReader(m.Raw))
		if err != nil {
			t.Fatalf("message %d: %v", count, err)
		}
		id, _ := r.Header.MessageID()
		byID[id] = true
		parents, _ := r.Header.MsgIDList("In-Reply-To")
		if len(parents) == 1 {
			replies++
			if !byID[parents[0]] {
				t.Fatalf("message %d replies to %s, not generated before it", count, parents[0])
			}
			children[parents[0]]++
		}
		if count%50 == 0 { // read every part of a sample: the MIME must be sound
			parts := 0
			for {
				p, err := r.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("message %d part: %v", count, err)
				}
				if _, err := io.ReadAll(p.Body); err != nil {
					t.Fatalf("message %d part body: %v", count, err)
				}
				parts++
			}
			if parts > 1 {
				multipart++
			}
		}
	}
	if count != n {
		t.Fatalf("got %d messages, want %d", count, n)
	}
	slices.Sort(sizes)
	median := sizes[n/2]
	fanOut := 0
	for _, c := range children {
		if c > 1 {
			fanOut++
		}
	}
	t.Logf("median %d B, p90 %d B, p99 %d B, max %d B; replies %d, fan-out parents %d, sent %d, html %d",
		median, sizes[n*9/10], sizes[n*99/100], largest, replies, fanOut, sent, html)
	if median < 8<<10 || median > 13<<10 {
		t.Errorf("median size %d, want about 10 KiB", median)
	}
	if largest > scaleMaxSize+8<<10 || sizes[n*999/1000] < 100<<10 {
		t.Errorf("tail: p99.9 %d, max %d; want a tail past 100 KiB, capped near %d", sizes[n*999/1000], largest, scaleMaxSize)
	}
	if replies < n/3 || fanOut < n/100 {
		t.Errorf("threads: %d replies, %d fan-out parents", replies, fanOut)
	}
	if sent < n/10 || html < n/5 || multipart == 0 {
		t.Errorf("sent %d, html %d, multipart sample %d", sent, html, multipart)
	}
}

func TestGenerateScaleStopsEarly(t *testing.T) {
	n := 0
	for range GenerateScale(1, 1000, testNow) {
		n++
		if n == 10 {
			break
		}
	}
	if n != 10 {
		t.Fatalf("iterated %d times", n)
	}
}

func BenchmarkGenerateScale(b *testing.B) {
	var bytesOut int64
	for b.Loop() {
		for _, m := range GenerateScale(1, 10000, testNow) {
			bytesOut += int64(len(m.Raw))
		}
	}
	b.SetBytes(bytesOut / int64(b.N))
}
