package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"parley/app/demo"
)

// genNow is the fixed present of generated mailboxes: the generator's
// bytes depend on it, and a fixed one lets the peers' indexes be cached
// per seed.
var genNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// genStats is what the query set of a generated mailbox is built from:
// people and companies that really occur in it, at known frequencies.
type genStats struct {
	Messages  int     `json:"messages"`
	Bytes     int64   `json:"bytes"`
	TopAddr   string  `json:"topAddr"`   // the customer who writes most
	TopCount  int     `json:"topCount"`  // messages from TopAddr
	RareAddr  string  `json:"rareAddr"`  // a customer with a handful of messages
	RareCount int     `json:"rareCount"` // messages from RareAddr
	MidName   string  `json:"midName"`   // "First Last" of a mid-frequency customer
	MidDomain string  `json:"midDomain"` // a mid-frequency company domain
	GenSecs   float64 `json:"genSecs"`   // time to generate and write the Maildir
	// PickVersion is the version of the rules that chose the people
	// above; cached stats of an older version are recomputed.
	PickVersion int `json:"pickVersion"`
}

// pickVersion 2 counts customers only: bulk mail (the newsletter, which
// Parley leaves out of history by design) no longer names the top sender.
const pickVersion = 2

// generatedMaildir returns a Maildir of n generated messages for seed,
// writing it under cache on first use (INBOX at the root, the rep's mail
// in .Sent).
func generatedMaildir(cache string, seed int64, n int, log func(string, ...any)) (string, genStats, error) {
	dir := filepath.Join(cache, fmt.Sprintf("gen-%d-%d", seed, n))
	md := filepath.Join(dir, "maildir")
	metaPath := filepath.Join(dir, "maildir.json")
	var st genStats
	if b, err := os.ReadFile(metaPath); err == nil && json.Unmarshal(b, &st) == nil && st.Messages == n {
		log("using cached generated maildir %s", md)
		if st.PickVersion != pickVersion {
			log("choosing the query set's people again from the cached maildir")
			if err := repick(md, &st); err != nil {
				return "", st, err
			}
			b, _ := json.MarshalIndent(st, "", "  ")
			if err := os.WriteFile(metaPath, b, 0o644); err != nil {
				return "", st, err
			}
		}
		return md, st, nil
	}
	os.RemoveAll(dir)
	tmp := md + ".partial"
	for _, d := range []string{tmp, filepath.Join(tmp, ".Sent")} {
		for _, sub := range []string{"cur", "new", "tmp"} {
			if err := os.MkdirAll(filepath.Join(d, sub), 0o755); err != nil {
				return "", st, err
			}
		}
	}
	start := time.Now()
	_, myAddr := demo.Me()
	from := map[string]int{}
	names := map[string]string{}
	i := 0
	for folder, m := range demo.GenerateScale(seed, n, genNow) {
		sub := tmp
		if folder == demo.FolderSent {
			sub = filepath.Join(tmp, ".Sent")
		}
		name := strconv.FormatInt(m.Date.Unix(), 10) + ".M" + strconv.Itoa(i) + ".parley-bench:2,S"
		if err := os.WriteFile(filepath.Join(sub, "cur", name), m.Raw, 0o644); err != nil {
			return "", st, err
		}
		st.Bytes += int64(len(m.Raw))
		countFrom(m.Raw, myAddr, from, names)
		i++
		if i%20000 == 0 {
			log("generated %d of %d messages", i, n)
		}
	}
	st.Messages = i
	pickPeople(&st, from, names)
	st.GenSecs = time.Since(start).Seconds()
	if err := os.Rename(tmp, md); err != nil {
		return "", st, err
	}
	b, _ := json.MarshalIndent(st, "", "  ")
	if err := os.WriteFile(metaPath, b, 0o644); err != nil {
		return "", st, err
	}
	return md, st, nil
}

// countFrom counts a customer message's sender: not mine, not bulk.
func countFrom(raw []byte, myAddr string, from map[string]int, names map[string]string) {
	head := raw
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		head = raw[:i+2]
	}
	if bytes.Contains(head, []byte("\r\nPrecedence: bulk\r\n")) || bytes.Contains(head, []byte("\r\nList-Id:")) {
		return
	}
	if nm, addr := fromOf(head); addr != "" && addr != myAddr {
		from[addr]++
		names[addr] = nm
	}
}

// repick recomputes the people of the query set from a cached Maildir's
// headers.
func repick(md string, st *genStats) error {
	folders, _, err := scanMaildir(md)
	if err != nil {
		return err
	}
	_, myAddr := demo.Me()
	from := map[string]int{}
	names := map[string]string{}
	buf := make([]byte, 16<<10)
	for _, f := range folders {
		for _, path := range f.Files {
			fh, err := os.Open(path)
			if err != nil {
				return err
			}
			n, _ := io.ReadFull(fh, buf)
			fh.Close()
			countFrom(buf[:n], myAddr, from, names)
		}
	}
	pickPeople(st, from, names)
	return nil
}

// fromOf reads the display name and address of a raw message's From.
func fromOf(raw []byte) (name, addr string) {
	i := bytes.Index(raw, []byte("\r\nFrom: "))
	if i < 0 {
		return "", ""
	}
	line := raw[i+8:]
	if j := bytes.Index(line, []byte("\r\n")); j >= 0 {
		line = line[:j]
	}
	lt, gt := bytes.LastIndexByte(line, '<'), bytes.LastIndexByte(line, '>')
	if lt < 0 || gt < lt {
		return "", strings.ToLower(string(bytes.TrimSpace(line)))
	}
	name = strings.Trim(strings.TrimSpace(string(line[:lt])), `"`)
	if strings.Contains(name, "=?") {
		name = "" // encoded: not typed as is
	}
	return name, strings.ToLower(string(line[lt+1 : gt]))
}

// pickPeople chooses the people and company the generated query set names.
func pickPeople(st *genStats, from map[string]int, names map[string]string) {
	st.PickVersion = pickVersion
	type ac struct {
		addr string
		n    int
	}
	var all []ac
	domains := map[string]int{}
	for a, n := range from {
		all = append(all, ac{a, n})
		if at := strings.LastIndexByte(a, '@'); at > 0 {
			domains[a[at+1:]] += n
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].n != all[j].n {
			return all[i].n > all[j].n
		}
		return all[i].addr < all[j].addr
	})
	if len(all) == 0 {
		return
	}
	st.TopAddr, st.TopCount = all[0].addr, all[0].n
	for _, a := range all {
		if a.n >= 3 && a.n <= 10 {
			st.RareAddr, st.RareCount = a.addr, a.n
			break
		}
	}
	for _, a := range all[len(all)/50:] {
		if nm := names[a.addr]; nm != "" && !strings.ContainsAny(nm, "áéíóúöüåäø") {
			st.MidName = nm
			break
		}
	}
	var ds []ac
	for d, n := range domains {
		ds = append(ds, ac{d, n})
	}
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].n != ds[j].n {
			return ds[i].n > ds[j].n
		}
		return ds[i].addr < ds[j].addr
	})
	st.MidDomain = ds[len(ds)/20].addr
}
