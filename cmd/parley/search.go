package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"golang.org/x/term"

	"parley/app"
)

var markTags = regexp.MustCompile(`</?mark>`)

// plain turns a hit's HTML (escaped text with <mark> around matches) into
// terminal text, with matches in bold when the output is a terminal.
func plain(s string, bold bool) string {
	if bold {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "<mark>", "\x1b[1m"), "</mark>", "\x1b[0m")
	}
	return html.UnescapeString(markTags.ReplaceAllString(s, ""))
}

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
before: and after: (2026-03-01 or 30d), has:attachment, kind:email|note|call|meeting|visit.
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
	collectOnlyNearLimit()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cw, err := openForCommand(ctx, *data, *demo, true)
	if err != nil {
		fmt.Fprintln(stderr, "parley search:", err)
		return 1
	}
	defer cw.closeAfterRead()
	q := app.SearchQuery{Query: query, AccountID: *account, Size: min(max(*limit, 1), 200)}
	var res app.SearchResults
	if cw.app != nil {
		err = cw.app.Call(ctx, "SearchService", "Search", &res, q)
	} else {
		if err = cw.w.Indexer().Ready(ctx, false); err == nil {
			res, err = cw.search.Search(q)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "parley search:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
		return 0
	}
	tty := false
	if f, ok := stdout.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	for _, h := range res.Hits {
		when := time.UnixMilli(h.Date).Format("2006-01-02")
		who := h.From
		if h.AccountName != "" {
			who = strings.TrimSpace(who + " · " + h.AccountName)
		}
		fmt.Fprintf(stdout, "%s  %-7s %s\n", when, h.Kind, plain(h.Title, tty))
		if who != "" {
			fmt.Fprintf(stdout, "            %s\n", who)
		}
		if h.Snippet != "" {
			fmt.Fprintf(stdout, "            %s\n", plain(h.Snippet, tty))
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "%d of %d results (%.1f ms); read as: %s\n", len(res.Hits), res.Total, res.TookMs, res.Read)
	for _, n := range res.Notes {
		fmt.Fprintln(stdout, "note:", n)
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
