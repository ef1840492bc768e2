package httpapi

import (
	"net"
	"os"
	"syscall"
)

// samePeer reports whether a socket connection comes from this OS user.
func samePeer(c net.Conn) bool {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return false
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return false
	}
	var cred *syscall.Ucred
	var credErr error
	raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	})
	return credErr == nil && cred != nil && int(cred.Uid) == os.Getuid()
}
