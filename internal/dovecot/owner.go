package dovecot

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
)

// Owner is the account Dovecot runs mail processes as, so it must be able
// to read and write the served Maildir and Dovecot's index and control
// folders. Dovecot refuses uid 0, and tests and benchmarks often run as root.
type Owner struct{ UID, GID int }

// MailOwner is Debian's user "mail" when running as root, and the current
// user otherwise.
func MailOwner() (Owner, error) {
	if os.Geteuid() != 0 {
		return Owner{UID: os.Getuid(), GID: os.Getgid()}, nil
	}
	u, err := user.Lookup("mail")
	if err != nil {
		return Owner{}, fmt.Errorf("dovecot: look up user mail: %w", err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return Owner{}, fmt.Errorf("dovecot: uid of user mail: %w", err)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return Owner{}, fmt.Errorf("dovecot: gid of user mail: %w", err)
	}
	return Owner{UID: uid, GID: gid}, nil
}

// Chown gives path (not what a symlink points to) to o. It does nothing
// unless running as root: only root can give files away, and otherwise o
// is the current user already.
func (o Owner) Chown(path string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	return os.Lchown(path, o.UID, o.GID)
}

// ChownTree gives root and everything under it to o, as Chown does.
func (o Owner) ChownTree(root string) error {
	err := filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return o.Chown(path)
	})
	if err != nil {
		return fmt.Errorf("dovecot: chown %s: %w", root, err)
	}
	return nil
}

// makeReachable lets the mail user walk down to dir, which must be
// absolute: dir and each of its ancestors gain read and search permission
// for others where they lack it. As anyone but root the mail user is the
// current user, who can reach dir already.
func makeReachable(dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	for p := dir; ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("dovecot: %w", err)
		}
		if perm := fi.Mode().Perm(); perm&0o005 != 0o005 {
			if err := os.Chmod(p, perm|0o005); err != nil {
				return fmt.Errorf("dovecot: %w", err)
			}
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}
