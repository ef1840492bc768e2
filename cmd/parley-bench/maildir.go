package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"parley/app/mail"
)

// errNoMail means the Maildir holds no message files.
var errNoMail = errors.New("bench: no messages in the maildir")

// maildirFolder is one Maildir folder: the root (INBOX) or a Maildir++
// sub-folder ".name".
type maildirFolder struct {
	Name  string // INBOX, or the sub-folder's name without the dot
	Dir   string
	Files []string // message files in cur/ and new/, sorted
}

// scanMaildir lists the folders of a Maildir++ tree and their messages.
func scanMaildir(root string) ([]maildirFolder, int, error) {
	dirs := []maildirFolder{{Name: "INBOX", Dir: root}}
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, 0, fmt.Errorf("bench: read maildir: %w", err)
	}
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".") && e.Name() != ".notmuch" {
			dirs = append(dirs, maildirFolder{Name: strings.TrimPrefix(e.Name(), "."), Dir: filepath.Join(root, e.Name())})
		}
	}
	total := 0
	for i := range dirs {
		for _, sub := range []string{"cur", "new"} {
			fs, err := os.ReadDir(filepath.Join(dirs[i].Dir, sub))
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, 0, fmt.Errorf("bench: read maildir: %w", err)
			}
			for _, f := range fs {
				if f.Type().IsRegular() {
					dirs[i].Files = append(dirs[i].Files, filepath.Join(dirs[i].Dir, sub, f.Name()))
				}
			}
		}
		sort.Strings(dirs[i].Files)
		total += len(dirs[i].Files)
	}
	if total == 0 {
		return nil, 0, errNoMail
	}
	return dirs, total, nil
}

// completeMaildir creates the cur/, new/ and tmp/ folders a Maildir++ tree
// lacks (git keeps no empty folders), so notmuch and mu accept it.
func completeMaildir(root string) error {
	dirs := []string{root}
	ents, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".") && e.Name() != ".notmuch" {
			dirs = append(dirs, filepath.Join(root, e.Name()))
		}
	}
	for _, d := range dirs {
		for _, sub := range []string{"cur", "new", "tmp"} {
			if err := os.MkdirAll(filepath.Join(d, sub), 0o755); err != nil {
				return err
			}
		}
	}
	return nil
}

// copyTree copies a folder tree of regular files.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
}

// eachBatch reads the Maildir's messages in batches of n, folder by
// folder, so memory holds one batch at a time. Mail in a folder named Sent
// is the rep's own.
func eachBatch(ctx context.Context, folders []maildirFolder, n int, fn func([]mail.Fetched) error) error {
	for _, f := range folders {
		sent := strings.EqualFold(f.Name, "Sent")
		batch := make([]mail.Fetched, 0, n)
		for i, path := range f.Files {
			if err := ctx.Err(); err != nil {
				return err
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("bench: read message: %w", err)
			}
			batch = append(batch, mail.Fetched{Folder: f.Name, UIDValidity: 1, UID: uint32(i + 1), Raw: raw,
				InternalDate: fileDate(path), SpecialUse: sentUse(sent)})
			if len(batch) == n {
				if err := fn(batch); err != nil {
					return err
				}
				batch = make([]mail.Fetched, 0, n)
			}
		}
		if len(batch) > 0 {
			if err := fn(batch); err != nil {
				return err
			}
		}
	}
	return nil
}

// fileDate reads the delivery time from a Maildir file name
// ("<unix>.M<seq>.<host>:2,S"), or the file's mtime.
func fileDate(path string) time.Time {
	base := filepath.Base(path)
	if i := strings.IndexByte(base, '.'); i > 0 {
		if s, err := strconv.ParseInt(base[:i], 10, 64); err == nil {
			return time.Unix(s, 0)
		}
	}
	if st, err := os.Stat(path); err == nil {
		return st.ModTime()
	}
	return time.Time{}
}

// sentUse is the special use of a folder that holds my sent mail.
func sentUse(sent bool) string {
	if sent {
		return mail.SpecialUseSent
	}
	return ""
}
