// Command parley-bench-import measures Parley's whole import pipeline —
// fetch from IMAP, parse, thread, store and index — against mbsync
// followed by notmuch or mu on the same mail from the same private
// Dovecot, and prints the figures as JSON (docs/benchmarks.md).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"parley/app/demo"
	"parley/internal/dovecot"
)

func main() {
	var err error
	if len(os.Args) > 1 && os.Args[1] == "inproc" {
		err = inprocMain(os.Args[2:])
	} else {
		err = runMain(os.Args[1:])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "parley-bench-import:", err)
		os.Exit(1)
	}
}

// corpusPersona is the support engineer of ../shared/corpus.
var corpusPersona = persona{Me: "martin.braun@ettus.com", Internal: []string{"ettus.com", "ni.com", "emerson.com"}}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().UTC().Format("15:04:05")}, args...)...)
}

func runMain(args []string) error {
	fl := flag.NewFlagSet("parley-bench-import", flag.ContinueOnError)
	maildir := fl.String("maildir", "", "a Maildir++ tree to import (a copy is served)")
	scale := fl.Int("scale", 0, "import N messages of demo.GenerateScale instead")
	seed := fl.Int64("seed", 1, "generator seed with -scale")
	cache := fl.String("cache", "/var/tmp/parley-bench-cache", "where generated Maildirs are kept")
	outDir := fl.String("out", "bench-out", "where import-NAME.json goes")
	parleyBin := fl.String("parley", "build/bin/parley", "the parley CLI under test")
	work := fl.String("work", "", "scratch folder, kept (default: a temporary one, removed)")
	profile := fl.String("profile", "", "CPU and heap profiles of the in-process import go here")
	noPeers := fl.Bool("no-peers", false, "skip mbsync, notmuch and mu")
	noCLI := fl.Bool("no-cli", false, "skip the whole-process parley run")
	noInproc := fl.Bool("no-inproc", false, "skip the in-process run")
	overlap := fl.Bool("overlap", false, "in process, index beside the import (as the desktop app does)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if (*maildir == "") == (*scale == 0) {
		return errors.New("give -maildir DIR or -scale N")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	bin, err := filepath.Abs(*parleyBin)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	dir := *work
	if dir == "" {
		if dir, err = os.MkdirTemp("", "parley-bench-import-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	dir, _ = filepath.Abs(dir)

	rep := &report{Benchmark: "import", Date: time.Now().UTC().Format(time.RFC3339),
		Machine: machine{CPUs: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Go: runtime.Version()}}
	var src mailSource
	p := corpusPersona
	if *scale > 0 {
		if src, err = generatedMaildir(*cache, *seed, *scale, logf); err != nil {
			return err
		}
		_, me := demo.Me()
		p = persona{Me: me, Internal: demo.InternalDomains(), FreeMail: demo.FreeMailDomains()}
	} else {
		logf("copying %s", *maildir)
		if src, err = copyCorpus(*maildir, filepath.Join(dir, "served")); err != nil {
			return err
		}
	}
	rep.Corpus, rep.Source, rep.Persona = src.Name, src, p
	out := filepath.Join(*outDir, "import-"+src.Name+".json")
	save := func() {
		rep.summarize()
		b, _ := json.MarshalIndent(rep, "", "  ")
		os.MkdirAll(*outDir, 0o755)
		os.WriteFile(out, append(b, '\n'), 0o644)
	}

	d, err := dovecot.Start(ctx, dovecot.Config{Name: "parley-bench-import", Dir: filepath.Join(dir, "dovecot"), Maildir: src.Maildir})
	if err != nil {
		return err
	}
	defer d.Stop()
	logf("dovecot on %s serving %d messages (%s) in %s", d.Addr(), src.Messages, mib(src.Bytes), strings.Join(src.Folders, ", "))

	// An untimed first pass: every timed run below meets a warm server.
	logf("warm-up: an untimed mbsync pass over the server")
	if rep.DovecotWarmupSecs, err = warmUp(ctx, filepath.Join(dir, "warmup"), d.Addr(), src.Folders); err != nil {
		return err
	}
	save()
	if !*noCLI {
		cr, err := runCLI(ctx, bin, filepath.Join(dir, "parley-cli"), d.Addr(), src, p, logf)
		rep.Parley = &cr
		save()
		if err != nil {
			return err
		}
	}
	if !*noInproc {
		logf("in-process import")
		ir, err := runInproc(ctx, self, filepath.Join(dir, "parley-inproc"), d.Addr(), src, p, *profile, *overlap)
		rep.InProcess = &ir
		save()
		if err != nil {
			return err
		}
	}
	if !*noPeers {
		pr, err := runPeers(ctx, filepath.Join(dir, "peers"), d.Addr(), src, p.Me, logf)
		rep.Peers = &pr
		save()
		if err != nil {
			return err
		}
	}
	save()
	b, _ := json.MarshalIndent(rep, "", "  ")
	fmt.Println(string(b))
	logf("wrote %s", out)
	return nil
}

// runInproc runs this program's `inproc` subcommand and reads its JSON.
func runInproc(ctx context.Context, self, home, addr string, src mailSource, p persona, profile string, overlap bool) (inprocRun, error) {
	var r inprocRun
	args := []string{"inproc", "-home", home, "-addr", addr, "-folders", strings.Join(src.Folders, ","),
		"-me", p.Me, "-internal", strings.Join(p.Internal, ","), "-freemail", strings.Join(p.FreeMail, ","),
		"-messages", strconv.Itoa(src.Messages), "-overlap=" + strconv.FormatBool(overlap)}
	if profile != "" {
		abs, _ := filepath.Abs(profile)
		args = append(args, "-profile", abs)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = append(os.Environ(), parleyEnv(home)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return r, fmt.Errorf("inproc: %w", err)
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return r, fmt.Errorf("inproc output: %w", err)
	}
	return r, nil
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
