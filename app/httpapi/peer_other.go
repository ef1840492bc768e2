//go:build !linux

package httpapi

import "net"

// samePeer trusts the socket's file mode (0600 in a 0700 folder) where
// peer credentials are not read.
func samePeer(net.Conn) bool { return true }
