//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// runEngine replaces this process with the engine: same process id,
// terminal, signals and exit status, as if the rep had run it directly.
func runEngine(engine string, args []string) int {
	err := syscall.Exec(engine, append([]string{"parley"}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "parley: cannot start %s: %v\n", engine, err)
	return 1
}
