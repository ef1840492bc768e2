// Command parley is the command a rep types. It is a small front: a search
// goes straight to a running Parley (the desktop app or parley serve) over
// the per-user socket, and everything else (and a search nobody running
// can answer) is handed to parley-engine, installed beside it, which
// opens the workspace itself.
//
// The split exists for start-up time. The engine links the store, the
// search engine and the mail importer, and a process that loads and
// initialises all of that takes about 6 ms before it does anything; this
// front links almost nothing and starts in about one, which is most of
// what a search through a running app costs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/term"

	"parley/app/httpapi/cli"
	"parley/app/settings"
)

// engineName is the full command line beside this one.
var engineName = "parley-engine" + exeSuffix()

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "search" {
		switch err := askRunning(args[1:], os.Stdout); {
		case err == nil:
			return
		case !errors.Is(err, cli.ErrNoAnswer):
			fmt.Fprintln(os.Stderr, "parley search:", err)
			os.Exit(1)
		}
	}
	engine, err := findEngine()
	if err != nil {
		fmt.Fprintln(os.Stderr, "parley:", err)
		os.Exit(1)
	}
	os.Exit(runEngine(engine, args))
}

// askRunning answers `parley search ARGS` through a running Parley. It
// returns cli.ErrNoAnswer, having printed nothing, whenever the engine
// should take the search instead: nobody running, the demo workspace,
// or arguments the engine should judge (and explain).
func askRunning(args []string, stdout *os.File) error {
	fl := flag.NewFlagSet("search", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	asJSON := fl.Bool("json", false, "")
	limit := fl.Int("limit", 20, "")
	account := fl.String("account", "", "")
	data := fl.String("data", "", "")
	demo := fl.Bool("demo", false, "")
	if fl.Parse(args) != nil || *demo {
		return cli.ErrNoAnswer
	}
	query := strings.Join(fl.Args(), " ")
	if strings.TrimSpace(query) == "" {
		return cli.ErrNoAnswer
	}
	dataDir, err := dataFolder(*data)
	if err != nil {
		return cli.ErrNoAnswer
	}
	s := cli.Search{Query: query, AccountID: *account, Limit: *limit, JSON: *asJSON, Bold: term.IsTerminal(int(stdout.Fd()))}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return cli.AskSearch(ctx, cli.SocketPath(dataDir), s, stdout)
}

// dataFolder is the workspace folder the engine would use for --data.
func dataFolder(data string) (string, error) {
	if data == "" {
		p, err := settings.DefaultPaths()
		return p.Data, err
	}
	p, err := settings.PathsUnder(data)
	return p.Data, err
}

// findEngine looks beside this executable first (an installed or built
// pair always match), then on PATH (never in the current folder).
func findEngine() (string, error) {
	if self, err := os.Executable(); err == nil {
		if self, err = filepath.EvalSymlinks(self); err == nil {
			p := filepath.Join(filepath.Dir(self), engineName)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	if p, err := exec.LookPath(engineName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s is missing: it is installed beside parley; reinstall Parley", engineName)
}
