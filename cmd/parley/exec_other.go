//go:build !unix

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
)

// runEngine runs the engine as a child with this process's terminal and
// returns its exit status (there is no exec without Unix).
func runEngine(engine string, args []string) int {
	// Ctrl+C reaches the engine too; it decides when to stop, and its
	// exit status is still ours to return.
	signal.Ignore(os.Interrupt)
	cmd := exec.Command(engine, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "parley: cannot start %s: %v\n", engine, err)
		return 1
	}
	return 0
}
