package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

var errTool = errors.New("tool failed")

// timedRun is one process run under /usr/bin/time -v.
type timedRun struct {
	Argv    []string `json:"argv"`
	Secs    float64  `json:"secs"`    // wall time, measured here
	PeakRSS int64    `json:"peakRss"` // bytes, from time -v
	UserCPU float64  `json:"userCpuSecs"`
	SysCPU  float64  `json:"sysCpuSecs"`
	Stdout  string   `json:"-"`
}

// runTimed runs argv under /usr/bin/time -v with extra environment. The
// child's own rusage would be wrong: Go forks with vfork semantics, so a
// child of this process counts this process's pages until exec; time's
// child is forked from the small time process instead.
func runTimed(ctx context.Context, env []string, stderrTo *os.File, argv ...string) (timedRun, error) {
	r := timedRun{Argv: argv}
	f, err := os.CreateTemp("", "bench-import-time-")
	if err != nil {
		return r, err
	}
	f.Close()
	defer os.Remove(f.Name())
	cmd := exec.CommandContext(ctx, "/usr/bin/time", append([]string{"-v", "-o", f.Name()}, argv...)...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = stderrTo
	start := time.Now()
	err = cmd.Run()
	r.Secs = time.Since(start).Seconds()
	r.Stdout = out.String()
	b, _ := os.ReadFile(f.Name())
	r.PeakRSS, r.UserCPU, r.SysCPU = parseTimeV(b)
	if err != nil {
		return r, fmt.Errorf("%w: %s: %v\n%s%s", errTool, strings.Join(argv, " "), err, lastLines(out.String(), 20), b)
	}
	return r, nil
}

// parseTimeV reads peak RSS (bytes) and CPU seconds from time -v output.
func parseTimeV(b []byte) (rss int64, user, sys float64) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), ": ")
		if !ok {
			continue
		}
		switch k {
		case "Maximum resident set size (kbytes)":
			kb, _ := strconv.ParseInt(v, 10, 64)
			rss = kb * 1024
		case "User time (seconds)":
			user, _ = strconv.ParseFloat(v, 64)
		case "System time (seconds)":
			sys, _ = strconv.ParseFloat(v, 64)
		}
	}
	return rss, user, sys
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + "\n"
}

// diskUsage is the space a tree takes: allocated blocks, as du counts.
func diskUsage(root string) int64 {
	var n int64
	filepath.WalkDir(root, func(_ string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if fi, err := e.Info(); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok {
				n += st.Blocks * 512
			} else {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// procStatus reads a field in kB from /proc/self/status (VmHWM, VmRSS) as bytes.
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// ratio is a/b, 0 when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// perSec is n/secs, 0 when secs is 0.
func perSec(n int, secs float64) float64 { return ratio(float64(n), secs) }
