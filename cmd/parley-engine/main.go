// Command parley-engine is Parley's headless command line: it works on the
// same workspace as the desktop app, without a window. Reps type `parley`,
// the small front in cmd/parley, which hands every command it does not
// answer through a running app to this one.
package main

import (
	"fmt"
	"io"
	"os"

	"parley/app/buildinfo"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: parley COMMAND [ARGS]

commands:
  version    print the version
  serve      serve the app to a browser on this computer
  accounts   add, list, remove or test mail accounts
  import     import mail from your mail accounts
  search     search every conversation, note and call
  reindex    rebuild the search index from the workspace
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "version":
		fmt.Fprintln(stdout, "parley", buildinfo.String())
		return 0
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "accounts":
		return cmdAccounts(args[1:], stdout, stderr)
	case "import":
		return cmdImport(args[1:], stdout, stderr)
	case "search":
		return cmdSearch(args[1:], stdout, stderr)
	case "reindex":
		return cmdReindex(args[1:], stdout, stderr)
	case "resident": // started by a cold search, not by hand
		return cmdResident(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "parley: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
