// Command parley-bench measures Parley against the mail tools people
// already use. Mode "search" builds the index over one Maildir (the real
// corpus, or a seeded generated mailbox), times queries, facets and
// typeahead in process, then times the same queries as whole processes
// with parley search, notmuch search and mu find, and prints JSON.
//
// Run it under dbus-run-session with an unlocked gnome-keyring (see
// scripts/bench-search.sh): the workspace key comes from the keychain, as
// on a rep's laptop.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: parley-bench search [flags]   (parley-bench search -h for flags)\n       parley-bench summary REPORT.json")
		return 2
	}
	switch args[0] {
	case "search":
		return cmdSearch(args[1:], stdout, stderr)
	case "summary":
		return cmdSummary(args[1:], stdout, stderr)
	case "opencost":
		return cmdOpenCost(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "parley-bench: unknown mode %q\n", args[0])
	return 2
}
