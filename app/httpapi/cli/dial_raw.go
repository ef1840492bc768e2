//go:build linux || freebsd || netbsd || openbsd || dragonfly

package cli

import (
	"context"
	"io"
	"os"
	"syscall"
	"time"
)

// dialSocket connects to the unix socket at path with plain blocking
// system calls: the net package's poller is more than one request needs.
// The context's deadline bounds the whole exchange.
func dialSocket(ctx context.Context, path string) (io.ReadWriteCloser, error) {
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	c := &sockConn{f: os.NewFile(uintptr(fd), path), fd: fd}
	c.deadline, c.hasDeadline = ctx.Deadline()
	if err := c.arm(syscall.SO_SNDTIMEO); err != nil {
		c.Close()
		return nil, err
	}
	if err := syscall.Connect(fd, &syscall.SockaddrUnix{Name: path}); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// sockConn is a blocking socket whose every read and write may take only
// what is left until the deadline.
type sockConn struct {
	f           *os.File
	fd          int
	deadline    time.Time
	hasDeadline bool
}

// arm sets the socket's send or receive timeout to what is left.
func (c *sockConn) arm(opt int) error {
	if !c.hasDeadline {
		return nil
	}
	left := time.Until(c.deadline)
	if left <= 0 {
		return os.ErrDeadlineExceeded
	}
	tv := syscall.NsecToTimeval(max(left, time.Millisecond).Nanoseconds())
	return syscall.SetsockoptTimeval(c.fd, syscall.SOL_SOCKET, opt, &tv)
}

func (c *sockConn) Read(p []byte) (int, error) {
	if err := c.arm(syscall.SO_RCVTIMEO); err != nil {
		return 0, err
	}
	return c.f.Read(p)
}

func (c *sockConn) Write(p []byte) (int, error) {
	if err := c.arm(syscall.SO_SNDTIMEO); err != nil {
		return 0, err
	}
	return c.f.Write(p)
}

func (c *sockConn) Close() error { return c.f.Close() }
