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

	"parley/app/crm"
	"parley/app/mail"
	"parley/app/store"
)

// reportingSink tells the parent after each committed batch, so the
// parent can kill at a chosen point of the import.
type reportingSink struct{ g *mail.Ingester }

func (r reportingSink) Store(ctx context.Context, account string, batch []mail.Fetched, commit func(*store.Tx) error) (mail.BatchStats, error) {
	s, err := r.g.Store(ctx, account, batch, commit)
	if err == nil {
		fmt.Println("committed")
	}
	return s, err
}

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
	fmt.Println("ready")
	g, err := mail.NewIngester(st, mail.IngestConfig{Classify: crm.ClassifierConfig{
		MyAddresses: []string{"martin.braun@ettus.com"}, InternalDomains: []string{"ettus.com", "ni.com", "emerson.com"},
	}})
	if err != nil {
		return err
	}
	im, err := mail.NewImporter(mail.Options{
		Store: st, Sink: reportingSink{g},
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
