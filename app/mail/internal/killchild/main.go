// Command killchild is a test helper, not a product: it imports mail from
// an IMAP server into a store with mail.RawSink, so that a test can
// SIGKILL it at random points and check that resuming loses and repeats
// nothing. It is built without -race to run at real speed.
//
// Usage: killchild STORE-DIR KEY-HEX HOST:PORT USER PASSWORD FOLDER BATCH
package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"strconv"

	"parley/app/mail"
	"parley/app/store"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "killchild:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 7 {
		return fmt.Errorf("want 7 arguments, got %d", len(args))
	}
	key, err := hex.DecodeString(args[1])
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(args[2])
	if err != nil {
		return err
	}
	p, _ := strconv.Atoi(port)
	batch, _ := strconv.Atoi(args[6])
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Dir: args[0], Key: key})
	if err != nil {
		return err
	}
	defer st.Close(ctx)
	// Tell the parent the store is open, so its kills land in the import.
	// A kill inside Badger's own Open can leave a zero-length .mem or
	// .vlog file that Badger v4.9.6 then refuses to open ("Create a new
	// file"): a store problem, reported apart, not what this test is for.
	fmt.Println("ready")
	im, err := mail.NewImporter(mail.Options{
		Store: st, Sink: mail.RawSink{DB: st},
		Account: mail.MailAccount{ID: "work", Host: host, Port: p, Security: mail.SecurityPlain,
			Username: args[3], Folders: []string{args[5]}},
		Secret: args[4], BatchSize: batch, MaxFailures: 3,
	})
	if err != nil {
		return err
	}
	sum, err := im.Run(ctx)
	if err != nil {
		return err
	}
	fmt.Println("fetched", sum.Fetched)
	return nil
}
