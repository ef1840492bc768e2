//go:build unix

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
// The context's deadline becomes the socket's send and receive timeouts.
func dialSocket(ctx context.Context, path string) (io.ReadWriteCloser, error) {
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	if d, ok := ctx.Deadline(); ok {
		tv := syscall.NsecToTimeval(max(time.Until(d), time.Millisecond).Nanoseconds())
		syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv)
		syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_SNDTIMEO, &tv)
	}
	if err := syscall.Connect(fd, &syscall.SockaddrUnix{Name: path}); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}
