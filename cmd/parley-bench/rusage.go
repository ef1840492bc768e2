package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// allocated is the disk space a file uses: its blocks, not its length
// (sparse files and preallocated logs differ).
func allocated(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Blocks * 512
	}
	return info.Size()
}

// selfPeakRSS is this process's peak resident set size so far.
func selfPeakRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Maxrss * 1024 // Linux reports KiB
}

// measuredRSS runs argv under /usr/bin/time and returns the child's peak
// RSS. The rusage of a child forked by this (large) process cannot be
// used: Go starts children with vfork semantics, so their ru_maxrss counts
// this process's pages until exec.
func measuredRSS(ctx context.Context, env []string, argv []string) (int64, error) {
	f, err := os.CreateTemp("", "parley-bench-rss-")
	if err != nil {
		return 0, err
	}
	f.Close()
	defer os.Remove(f.Name())
	cmd := exec.CommandContext(ctx, "/usr/bin/time", append([]string{"-f", "%M", "-o", f.Name()}, argv...)...)
	cmd.Env = env
	if err := cmd.Run(); err != nil && !isNoMatches(argv, err) {
		return 0, fmt.Errorf("%w: %s: %v", errTool, strings.Join(argv, " "), err)
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		return 0, err
	}
	lines := strings.Fields(string(b))
	if len(lines) == 0 {
		return 0, nil
	}
	kb, err := strconv.ParseInt(lines[len(lines)-1], 10, 64)
	return kb * 1024, err
}

// isNoMatches says whether a failed command is mu find finding nothing
// (it exits non-zero then).
func isNoMatches(argv []string, err error) bool {
	var ee *exec.ExitError
	return len(argv) > 1 && argv[0] == "mu" && argv[1] == "find" && errors.As(err, &ee)
}
