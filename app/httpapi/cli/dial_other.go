//go:build !(linux || freebsd || netbsd || openbsd || dragonfly)

package cli

import (
	"context"
	"io"
	"net"
)

// dialSocket connects to the socket at path through the net package (macOS
// has no SOCK_CLOEXEC to open one race-free by hand); the context's
// deadline bounds the whole exchange.
func dialSocket(ctx context.Context, path string) (io.ReadWriteCloser, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	}
	return c, nil
}
