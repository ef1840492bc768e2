//go:build unix

package main

import "syscall"

// detached puts a child in a session of its own: the terminal's Ctrl+C
// and hang-up do not reach it.
func detached() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
