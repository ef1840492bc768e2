package imaptest

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"parley/internal/dovecot"
)

// copyMaildir copies a Maildir++ tree from src (which may be read-only) to
// dst, creating the cur/new/tmp folders git does not keep, and hands the
// folders to owner. Only regular files and folders are copied.
//
// Messages are hard-linked when the file system allows it: copying the
// 50 MiB corpus costs seconds of disk time, linking costs milliseconds.
// A link is safe because Dovecot never rewrites a Maildir file: flag
// changes rename the link inside our folder, expunge unlinks it, and both
// need only the folder to be writable. Linked files keep their owner and
// mode (world-readable in the corpus) and are never chowned, since that
// would change the source. Copied files go to owner.
func copyMaildir(src, dst string, owner dovecot.Owner) error {
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return fmt.Errorf("imaptest: maildir: %w", err)
	}
	if src != "" {
		err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(src, path)
			if err != nil {
				return err
			}
			target := filepath.Join(dst, rel)
			switch {
			case d.IsDir():
				return os.MkdirAll(target, 0o700)
			case d.Type().IsRegular():
				if linkReadable(path, target) {
					return nil
				}
				if err := copyFile(path, target); err != nil {
					return err
				}
				return owner.Chown(target)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("imaptest: copy maildir: %w", err)
		}
	}
	if err := addMaildirSubdirs(dst); err != nil {
		return err
	}
	return chownDirs(dst, owner)
}

// linkReadable hard-links src to dst when src is readable by everyone, so
// the mail user can read it without a chown.
func linkReadable(src, dst string) bool {
	fi, err := os.Stat(src)
	if err != nil || fi.Mode().Perm()&0o004 == 0 {
		return false
	}
	return os.Link(src, dst) == nil
}

// chownDirs gives every folder under root to owner, leaving files alone.
func chownDirs(root string, owner dovecot.Owner) error {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return owner.Chown(path)
	})
	if err != nil {
		return fmt.Errorf("imaptest: chown %s: %w", root, err)
	}
	return nil
}

// addMaildirSubdirs makes sure the root and every .Folder have cur, new and
// tmp.
func addMaildirSubdirs(root string) error {
	dirs := []string{root}
	entries, err := os.ReadDir(root)
	if err != nil {
		return fmt.Errorf("imaptest: maildir: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".") {
			dirs = append(dirs, filepath.Join(root, e.Name()))
		}
	}
	for _, d := range dirs {
		for _, sub := range []string{"cur", "new", "tmp"} {
			if err := os.MkdirAll(filepath.Join(d, sub), 0o700); err != nil {
				return fmt.Errorf("imaptest: maildir: %w", err)
			}
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

var deliverySeq atomic.Int64

// deliver writes raw into folder's tmp/ and renames it into new/, the
// Maildir delivery protocol, so a running server never sees half a file.
// folder "" or "INBOX" is the root; "a/b" is Maildir++ ".a.b".
func deliver(root, folder string, raw []byte, owner dovecot.Owner) (string, error) {
	dir := root
	if folder != "" && !strings.EqualFold(folder, "INBOX") {
		dir = filepath.Join(root, "."+strings.ReplaceAll(folder, "/", "."))
	}
	if _, err := os.Stat(filepath.Join(dir, "cur")); err != nil {
		return "", fmt.Errorf("imaptest: deliver to %q: %w", folder, err)
	}
	name := strconv.FormatInt(time.Now().Unix(), 10) + ".P" + strconv.Itoa(os.Getpid()) +
		"Q" + strconv.FormatInt(deliverySeq.Add(1), 10) + ".parley-test"
	tmp := filepath.Join(dir, "tmp", name)
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return "", fmt.Errorf("imaptest: deliver: %w", err)
	}
	if err := owner.Chown(tmp); err != nil {
		return "", fmt.Errorf("imaptest: deliver: %w", err)
	}
	final := filepath.Join(dir, "new", name)
	if err := os.Rename(tmp, final); err != nil {
		return "", fmt.Errorf("imaptest: deliver: %w", err)
	}
	return final, nil
}
