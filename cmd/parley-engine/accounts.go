package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"parley/app"
	"parley/app/mail"
	"parley/app/store"
)

const accountsUsage = `usage: parley accounts COMMAND [FLAGS]

commands:
  add --host HOST --user USER [--security tls|starttls|plain] [--port N] [--id ID]
      [--name NAME] [--auth password|xoauth2] [--folder F]... [--since YYYY-MM-DD]
      [--me ADDRESS]... [--no-test]
             add a mail account (or replace the one with its id); the password or
             token comes from PARLEY_IMAP_PASSWORD, or is asked for on the terminal
  list       list the mail accounts
  remove ID  forget a mail account, its password and its import checkpoints
  test ID    connect, sign in and list the folders

every command takes --data DIR (the workspace and logs folder)
`

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func cmdAccounts(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, accountsUsage)
		return 2
	}
	switch args[0] {
	case "add":
		return accountsAdd(args[1:], stdout, stderr)
	case "list", "remove", "test":
		return accountsOther(args[0], args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "parley accounts: unknown command %q\n\n%s", args[0], accountsUsage)
	return 2
}

// openWorkspace opens the workspace under data. With createMain, the real
// (not the demo) workspace is created when missing: adding a mail account
// is where the user's own workspace begins. Without it, the demo
// workspace is refused: mail accounts belong to the real one.
func openWorkspace(ctx context.Context, data string, createMain bool) (*app.Workspace, *store.Store, func(), error) {
	paths, err := pathsFrom(data)
	if err != nil {
		return nil, nil, nil, err
	}
	if createMain {
		// "main" is app's name for the real workspace (see app.Workspace).
		if err := os.MkdirAll(paths.Workspace("main"), 0o700); err != nil {
			return nil, nil, nil, err
		}
	}
	// Foreground: this command imports by itself; the app's own importer
	// and indexer must not run beside it.
	w, closeLog, err := app.Boot(app.BootOptions{Paths: paths, LogLevel: slog.LevelInfo, Foreground: true})
	if err != nil {
		return nil, nil, nil, err
	}
	if err := w.Open(ctx); err != nil {
		closeLog()
		return nil, nil, nil, errors.New(w.Status(ctx).Message)
	}
	done := func() {
		c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		w.Close(c)
		closeLog()
	}
	if w.Status(ctx).Demo {
		done()
		return nil, nil, nil, errors.New("there is no mail account yet: add one with 'parley accounts add'")
	}
	st, err := w.Store()
	if err != nil {
		done()
		return nil, nil, nil, err
	}
	return w, st, done, nil
}

// readSecret takes the password or token from PARLEY_IMAP_PASSWORD, or
// asks on the terminal without echo; never from a flag (it would stay in
// the shell history and the process list).
func readSecret(stderr io.Writer, auth mail.AuthMethod) (string, error) {
	if s := os.Getenv("PARLEY_IMAP_PASSWORD"); s != "" {
		return s, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errors.New("set PARLEY_IMAP_PASSWORD, or run this on a terminal to be asked for the password")
	}
	what := "Password"
	if auth == mail.AuthXOAuth2 {
		what = "Access token"
	}
	fmt.Fprintf(stderr, "%s: ", what)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(stderr)
	if err != nil {
		return "", err
	}
	if len(b) == 0 {
		return "", errors.New("no password given")
	}
	return string(b), nil
}

func accountsAdd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("accounts add", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var a mail.MailAccount
	var folders, me listFlag
	var security, auth string
	fl.StringVar(&a.Host, "host", "", "IMAP server name")
	fl.IntVar(&a.Port, "port", 0, "port (default 993 for tls, 143 otherwise)")
	fl.StringVar(&security, "security", "tls", "tls (implicit), starttls, or plain (this computer only)")
	fl.StringVar(&a.Username, "user", "", "user name")
	fl.StringVar(&a.ID, "id", "", "short id for this account (default: the user name)")
	fl.StringVar(&a.Name, "name", "", "display name")
	fl.StringVar(&auth, "auth", "password", "password or xoauth2")
	fl.Var(&folders, "folder", "folder to import (repeatable; default: Inbox, Sent, Archive)")
	fl.StringVar(&a.Since, "since", "", "oldest day to import, YYYY-MM-DD")
	fl.Var(&me, "me", "one of my addresses (repeatable)")
	noTest := fl.Bool("no-test", false, "save without testing the connection")
	data := fl.String("data", "", "folder for the workspace and logs")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	a.Security, a.Auth, a.Folders, a.MyAddresses = mail.Security(security), mail.AuthMethod(auth), folders, me
	a = a.Normalize()
	if err := a.Validate(); err != nil {
		fmt.Fprintln(stderr, "parley accounts add:", strings.TrimPrefix(err.Error(), "mail account: invalid: "))
		return 2
	}
	secret, err := readSecret(stderr, a.Auth)
	if err != nil {
		fmt.Fprintln(stderr, "parley accounts add:", err)
		return 2
	}
	ctx, stop := signalContext()
	defer stop()
	if !*noTest {
		rep, err := mail.TestConnection(ctx, a, secret, mail.DialOptions{})
		if err != nil {
			fmt.Fprintln(stderr, "parley accounts add:", mail.Explain(err), "The account was not saved.")
			return 1
		}
		printFolders(stdout, rep)
	}
	_, st, done, err := openWorkspace(ctx, *data, true)
	if err != nil {
		fmt.Fprintln(stderr, "parley accounts add:", err)
		return 1
	}
	defer done()
	if a, err = mail.SaveMailAccount(ctx, st, a, secret); err != nil {
		fmt.Fprintln(stderr, "parley accounts add:", err)
		return 1
	}
	fmt.Fprintf(stdout, "saved mail account %s (%s at %s); import it with: parley import --account %s\n", a.ID, a.Username, a.Addr(), a.ID)
	return 0
}

func accountsOther(cmd string, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("accounts "+cmd, flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", "", "folder for the workspace and logs")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	id := ""
	if fl.NArg() > 0 { // the id may come before the flags
		id = fl.Arg(0)
		if err := fl.Parse(fl.Args()[1:]); err != nil {
			return 2
		}
	}
	if (cmd == "list") != (id == "") || fl.NArg() > 0 {
		fmt.Fprint(stderr, accountsUsage)
		return 2
	}
	ctx, stop := signalContext()
	defer stop()
	_, st, done, err := openWorkspace(ctx, *data, false)
	if err != nil {
		fmt.Fprintf(stderr, "parley accounts %s: %v\n", cmd, err)
		return 1
	}
	defer done()
	switch cmd {
	case "list":
		list, err := mail.MailAccounts(ctx, st)
		if err != nil {
			fmt.Fprintln(stderr, "parley accounts list:", err)
			return 1
		}
		for _, a := range list {
			folders := "Inbox, Sent, Archive"
			if len(a.Folders) > 0 {
				folders = strings.Join(a.Folders, ", ")
			}
			since := "all mail"
			if a.Since != "" {
				since = "since " + a.Since
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s@%s (%s, %s)\t%s, %s\n", a.ID, a.Name, a.Username, a.Addr(), a.Security, a.Auth, folders, since)
		}
		if len(list) == 0 {
			fmt.Fprintln(stdout, "no mail accounts")
		}
	case "remove":
		if err := mail.RemoveMailAccount(ctx, st, id); err != nil {
			fmt.Fprintln(stderr, "parley accounts remove:", err)
			return 1
		}
		fmt.Fprintf(stdout, "removed mail account %s (its mail stays in the workspace)\n", id)
	case "test":
		a, secret, err := mail.GetMailAccount(ctx, st, id)
		if err != nil {
			fmt.Fprintln(stderr, "parley accounts test:", err)
			return 1
		}
		rep, err := mail.TestConnection(ctx, a, secret, mail.DialOptions{})
		if err != nil {
			fmt.Fprintln(stderr, "parley accounts test:", mail.Explain(err))
			return 1
		}
		fmt.Fprintf(stdout, "signed in to %s as %s\n", a.Addr(), a.Username)
		printFolders(stdout, rep)
	}
	return 0
}

func printFolders(w io.Writer, rep mail.ConnectionReport) {
	for _, f := range rep.Folders {
		mark := " "
		if f.Default {
			mark = "*"
		}
		fmt.Fprintf(w, " %s %s %s\n", mark, f.Name, f.SpecialUse)
	}
	fmt.Fprintf(w, "(* imported by default) new mail at once: %v; quick change checks: %v\n", rep.IDLE, rep.CondStore)
}
