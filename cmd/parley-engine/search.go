package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"parley/app"
	"parley/app/httpapi"
	"parley/app/httpapi/cli"
)

func cmdSearch(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("search", flag.ContinueOnError)
	fl.SetOutput(stderr)
	asJSON := fl.Bool("json", false, "print results as JSON")
	limit := fl.Int("limit", 20, "results to print (at most 200)")
	account := fl.String("account", "", "search inside this account (id)")
	data := fl.String("data", "", "folder for the workspace and logs (default: the usual per-user folders)")
	demo := fl.Bool("demo", false, "search the demo workspace")
	fl.Usage = func() {
		fmt.Fprint(stderr, `usage: parley search [--json] [--limit N] [--account ID] QUERY

Searches every conversation, note and call, offline. QUERY takes words,
"exact phrases", -excluded words, OR, from: to: account: person: subject:,
before: and after: (2026-03-01 or 30d), has:attachment, kind:email|note|call|meeting|visit,
is:sent|received|internal|private|shared, in:FOLDER, channel:email|phone|in-person|note.
Only whole words match: the index is encrypted, so it holds no word beginnings.
`)
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	query := strings.Join(fl.Args(), " ")
	if strings.TrimSpace(query) == "" {
		fl.Usage()
		return 2
	}
	tty := false
	if f, ok := stdout.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	cq := cli.Search{Query: query, AccountID: *account, Limit: *limit, JSON: *asJSON, Bold: tty}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	paths, err := pathsFrom(*data)
	if err != nil {
		fmt.Fprintln(stderr, "parley search:", err)
		return 1
	}
	// A running Parley (the app, or parley serve) holds the workspace open
	// with its index warm: ask it first. No app answering costs one failed
	// connect to a socket that is not there; an app that cannot search
	// (locked, index not ready) leaves it to the local open, which says why.
	if !*demo {
		switch err := cli.AskSearch(ctx, cli.SocketPath(paths.Data), cq, stdout); {
		case err == nil:
			return 0
		case !errors.Is(err, cli.ErrNoAnswer):
			fmt.Fprintln(stderr, "parley search:", err)
			return 1
		}
	}
	collectOnlyNearLimit()
	cw, err := openForCommand(ctx, *data, *demo, true)
	if err != nil {
		fmt.Fprintln(stderr, "parley search:", err)
		return 1
	}
	defer cw.closeAfterRead()
	var res app.SearchResults
	if cw.app != nil {
		err = cw.app.Call(ctx, "SearchService", "Search", &res, httpapi.CLISearchQuery(cq))
	} else {
		if err = cw.w.Indexer().Ready(ctx, false); err == nil {
			res, err = cw.search.Search(httpapi.CLISearchQuery(cq))
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "parley search:", err)
		return 1
	}
	httpapi.WriteSearchResults(stdout, res, *asJSON, tty)
	if cw.app == nil && !*demo {
		startResident(*data, paths.Data)
	}
	return 0
}

func cmdReindex(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("reindex", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", "", "folder for the workspace and logs")
	demo := fl.Bool("demo", false, "the demo workspace")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	ctx := context.Background()
	cw, err := openForCommand(ctx, *data, *demo, false)
	if err != nil {
		fmt.Fprintln(stderr, "parley reindex:", err)
		return 1
	}
	defer cw.close()
	if cw.app != nil {
		fmt.Fprintln(stderr, "parley reindex: close the Parley app first; it keeps the index current while it runs")
		return 1
	}
	start := time.Now()
	if err := cw.w.Indexer().Reindex(ctx); err != nil {
		fmt.Fprintln(stderr, "parley reindex:", err)
		return 1
	}
	n, _ := cw.w.Indexer().Index().DocCount()
	fmt.Fprintf(stdout, "rebuilt the search index: %d documents in %s\n", n, time.Since(start).Round(time.Millisecond))
	return 0
}
