package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"parley/app"
	"parley/app/mail"
	"parley/app/store"
)

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func cmdImport(args []string, stdout, stderr io.Writer) int {
	app.BoundHeap()
	fl := flag.NewFlagSet("import", flag.ContinueOnError)
	fl.SetOutput(stderr)
	since := fl.String("since", "", "oldest day to import, YYYY-MM-DD (default: the account's setting)")
	var folders listFlag
	fl.Var(&folders, "folder", "folder to import (repeatable; default: the account's choice)")
	account := fl.String("account", "", "mail account id (default: every account)")
	live := fl.Bool("live", false, "keep running and import new mail as it arrives (Ctrl-C stops)")
	data := fl.String("data", "", "folder for the workspace and logs")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: parley import [--since YYYY-MM-DD] [--folder F]... [--account ID] [--live] [--data DIR]\n\nImports mail from your mail accounts, newest first; stop any time, run again to resume.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	var sinceT time.Time
	if *since != "" {
		t, err := time.Parse(mail.DateLayout, *since)
		if err != nil {
			fmt.Fprintln(stderr, "parley import: --since must look like 2025-01-31")
			return 2
		}
		sinceT = t
	}
	ctx, stop := signalContext()
	defer stop()
	w, st, done, err := openWorkspace(ctx, *data, false)
	if err != nil {
		fmt.Fprintln(stderr, "parley import:", err)
		return 1
	}
	defer done()
	list, err := mail.MailAccounts(ctx, st)
	if err != nil {
		fmt.Fprintln(stderr, "parley import:", err)
		return 1
	}
	if *account != "" {
		list = slices.DeleteFunc(list, func(a mail.MailAccount) bool { return a.ID != *account })
		if len(list) == 0 {
			fmt.Fprintf(stderr, "parley import: no mail account %q (see parley accounts list)\n", *account)
			return 1
		}
	}
	if len(list) == 0 {
		fmt.Fprintln(stderr, "parley import: no mail accounts: add one with parley accounts add")
		return 1
	}
	// The index follows the store while mail comes in, as in the desktop
	// app, so the wait for it after the last folder is short.
	follow, stopFollowing := context.WithCancel(ctx)
	following := make(chan struct{})
	go func() {
		defer close(following)
		w.Indexer().Run(follow)
	}()
	defer func() {
		stopFollowing()
		<-following
	}()
	code := 0
	for _, a := range list {
		if c := importAccount(ctx, st, a, folders, sinceT, *live, stdout, stderr); c != 0 {
			code = c
		}
		if ctx.Err() != nil {
			break
		}
	}
	if ctx.Err() == nil {
		start := time.Now()
		fmt.Fprintln(stdout, "indexing for search…")
		stopProgress := indexProgress(stdout, w.Indexer())
		err := w.Indexer().CaughtUp(ctx)
		stopProgress()
		if err != nil {
			fmt.Fprintln(stderr, "parley import: search index:", err)
			return 1
		}
		fmt.Fprintf(stdout, "search index up to date (%s)\n", time.Since(start).Round(time.Millisecond))
	}
	return code
}

func importAccount(ctx context.Context, st *store.Store, a mail.MailAccount, folders []string, since time.Time, live bool, stdout, stderr io.Writer) int {
	_, secret, err := mail.GetMailAccount(ctx, st, a.ID)
	if err != nil {
		fmt.Fprintln(stderr, "parley import:", err)
		return 1
	}
	cfg, err := app.ClassifierConfigFor(ctx, st)
	if err != nil {
		fmt.Fprintln(stderr, "parley import:", err)
		return 1
	}
	g, err := mail.NewIngester(st, mail.IngestConfig{Classify: cfg})
	if err != nil {
		fmt.Fprintln(stderr, "parley import:", err)
		return 1
	}
	bar := newProgressBar(stderr)
	im, err := mail.NewImporter(mail.Options{
		Store: st, Sink: g, Account: a, Secret: secret,
		Folders: folders, Since: since, Live: live, Progress: bar.show,
	})
	if err != nil {
		fmt.Fprintln(stderr, "parley import:", err)
		return 1
	}
	fmt.Fprintf(stdout, "importing %s (%s at %s)\n", a.ID, a.Username, a.Addr())
	sum, err := im.Run(ctx)
	bar.finish()
	printSummary(stdout, sum)
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stdout, "stopped; run parley import again to resume where it stopped")
		return 130
	case err != nil:
		fmt.Fprintln(stderr, "parley import:", mail.Explain(err))
		return 1
	}
	return 0
}

func printSummary(w io.Writer, sum mail.Summary) {
	s := sum.Stats
	fmt.Fprintf(w, "fetched %d messages in %s", sum.Fetched, sum.Elapsed.Round(time.Second))
	if sum.Reconnects > 0 {
		fmt.Fprintf(w, " (%d reconnects)", sum.Reconnects)
	}
	fmt.Fprintln(w)
	for _, f := range sum.Folders {
		fmt.Fprintf(w, "  %-30s %d\n", f.Folder, f.Done)
	}
	fmt.Fprintf(w, "imported %d new (%d customer history), %d already there, %d unreadable (kept as raw mail)\n",
		s.Imported, s.History, s.Duplicates, s.Unparsed)
	if len(s.LeftOut) > 0 {
		reasons := make([]string, 0, len(s.LeftOut))
		for r := range s.LeftOut {
			reasons = append(reasons, r)
		}
		sort.Strings(reasons)
		parts := make([]string, len(reasons))
		for i, r := range reasons {
			parts[i] = fmt.Sprintf("%s %d", r, s.LeftOut[r])
		}
		fmt.Fprintf(w, "left out of customer history: %s\n", strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "new threads %d, accounts %d, contacts %d\n", s.Threads, s.Accounts, s.Contacts)
}

// progressBar draws one line, redrawn in place on a terminal, or a line
// every few seconds otherwise (logs, CI).
type progressBar struct {
	w     io.Writer
	tty   bool
	last  time.Time
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, tty: ok && term.IsTerminal(int(f.Fd()))}
}

func (b *progressBar) show(p mail.Progress) {
	if !b.tty && time.Since(b.last) < 5*time.Second && p.Phase != mail.PhaseDone {
		return
	}
	b.last = time.Now()
	const width = 30
	fill := 0
	if p.Total > 0 {
		fill = width * p.Done / p.Total
	}
	line := fmt.Sprintf("[%s%s] %d/%d %s", strings.Repeat("#", fill), strings.Repeat(".", width-fill), p.Done, p.Total, p.Phase)
	if p.Rate > 0 {
		line += fmt.Sprintf("  %.0f msg/s", p.Rate)
	}
	if p.ETA > 0 {
		line += "  ETA " + p.ETA.Round(time.Second).String()
	}
	if p.Folder != "" {
		line += "  " + p.Folder
	}
	if p.Paused {
		line += "  (paused)"
	}
	if p.Problem != "" {
		line += "  " + p.Problem
	}
	if b.tty {
		fmt.Fprintf(b.w, "\r\033[K%s", line)
		b.drawn = true
	} else {
		fmt.Fprintln(b.w, line)
	}
}

func (b *progressBar) finish() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}

// indexProgress prints how far the search index has got, every second,
// until the returned func is called.
func indexProgress(out io.Writer, x *app.Indexer) func() {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if s := x.State(); s.Total > 0 {
					fmt.Fprintf(out, "  indexed %d of %d changes (%s)\n", s.Done, s.Total, s.State)
				}
			}
		}
	}()
	return func() { close(done); <-stopped }
}
