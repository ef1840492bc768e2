package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"parley/app/demo"
	"parley/internal/dovecot"
)

// genNow is the fixed present of generated mailboxes, so that one seed
// always gives the same bytes and the cache stays valid.
var genNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// mailSource is the mail one run imports, as Dovecot serves it.
type mailSource struct {
	Name     string   `json:"name"`     // "public", "gen-1-200000"
	Maildir  string   `json:"maildir"`  // what Dovecot serves
	Folders  []string `json:"folders"`  // IMAP names to import
	Messages int      `json:"messages"` // files in those folders
	Bytes    int64    `json:"bytes"`
	GenSecs  float64  `json:"genSecs,omitempty"` // writing the generated Maildir (0 when cached)
}

// copyCorpus copies a Maildir++ tree into dst for the mail user, creating
// the cur/new/tmp folders git does not keep; the source is never written.
func copyCorpus(src, dst string) (mailSource, error) {
	ms := mailSource{Name: filepath.Base(filepath.Clean(src)), Maildir: dst}
	owner, err := dovecot.MailOwner()
	if err != nil {
		return ms, err
	}
	err = filepath.WalkDir(src, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if e.IsDir() {
			if strings.HasPrefix(e.Name(), ".") && rel != "." && filepath.Dir(rel) == "." {
				ms.Folders = append(ms.Folders, strings.TrimPrefix(e.Name(), "."))
			}
			return os.MkdirAll(out, 0o755)
		}
		if filepath.Base(filepath.Dir(p)) == "cur" {
			fi, _ := e.Info()
			ms.Messages++
			ms.Bytes += fi.Size()
		}
		return copyFile(p, out)
	})
	if err != nil {
		return ms, fmt.Errorf("copy corpus: %w", err)
	}
	folders := append([]string{dst}, prefixed(dst, ms.Folders)...)
	for _, f := range folders {
		for _, sub := range []string{"cur", "new", "tmp"} {
			if err := os.MkdirAll(filepath.Join(f, sub), 0o755); err != nil {
				return ms, err
			}
		}
	}
	return ms, owner.ChownTree(dst)
}

func prefixed(root string, folders []string) []string {
	out := make([]string, len(folders))
	for i, f := range folders {
		out[i] = filepath.Join(root, "."+f)
	}
	return out
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// generatedMaildir writes n messages of demo.GenerateScale(seed) as a
// Maildir++ (INBOX at the root, the rep's mail in .Sent) owned by the mail
// user, once per seed and size under cache; later runs reuse it.
func generatedMaildir(cache string, seed int64, n int, logf func(string, ...any)) (mailSource, error) {
	name := fmt.Sprintf("import-gen-%d-%d", seed, n)
	dir := filepath.Join(cache, name)
	md := filepath.Join(dir, "maildir")
	meta := filepath.Join(dir, "maildir.json")
	var ms mailSource
	if b, err := os.ReadFile(meta); err == nil && json.Unmarshal(b, &ms) == nil && ms.Messages == n {
		logf("using cached generated maildir %s", md)
		ms.GenSecs = 0
		return ms, nil
	}
	owner, err := dovecot.MailOwner()
	if err != nil {
		return ms, err
	}
	os.RemoveAll(dir)
	tmp := md + ".partial"
	for _, f := range []string{tmp, filepath.Join(tmp, ".Sent")} {
		for _, sub := range []string{"cur", "new", "tmp"} {
			if err := os.MkdirAll(filepath.Join(f, sub), 0o755); err != nil {
				return ms, err
			}
		}
	}
	start := time.Now()
	ms = mailSource{Name: fmt.Sprintf("gen-%d-%d", seed, n), Maildir: md, Folders: []string{"INBOX", demo.FolderSent}}
	i := 0
	for folder, m := range demo.GenerateScale(seed, n, genNow) {
		sub := tmp
		if folder == demo.FolderSent {
			sub = filepath.Join(tmp, ".Sent")
		}
		file := filepath.Join(sub, "cur", strconv.FormatInt(m.Date.Unix(), 10)+".M"+strconv.Itoa(i)+".parley-bench-import:2,S")
		if err := os.WriteFile(file, m.Raw, 0o644); err != nil {
			return ms, err
		}
		ms.Bytes += int64(len(m.Raw))
		i++
		if i%20000 == 0 {
			logf("generated %d of %d messages", i, n)
		}
	}
	ms.Messages = i
	ms.GenSecs = time.Since(start).Seconds()
	if err := owner.ChownTree(tmp); err != nil {
		return ms, err
	}
	if err := os.Rename(tmp, md); err != nil {
		return ms, err
	}
	b, _ := json.MarshalIndent(ms, "", "  ")
	return ms, os.WriteFile(meta, b, 0o644)
}
