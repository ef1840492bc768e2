package mail_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"parley/app/mail"
)

// silentServer accepts connections and never says a word.
func silentServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	return ln.Addr().String()
}

func TestStalledServerTimesOutAndCancelIsPrompt(t *testing.T) {
	acct := dovecotAccount(t, silentServer(t), "u")
	start := time.Now()
	_, err := mail.TestConnection(context.Background(), acct, "p", mail.DialOptions{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, mail.ErrTimeout) || !mail.IsTemporary(err) {
		t.Fatalf("stalled server: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("the timeout took %v", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start = time.Now()
	_, err = mail.TestConnection(ctx, acct, "p", mail.DialOptions{Timeout: time.Minute})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Fatalf("cancel during a stall: %v after %v", err, time.Since(start))
	}
}

func TestUnreachableServerIsTemporary(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, err := mail.TestConnection(context.Background(), dovecotAccount(t, addr, "u"), "p", mail.DialOptions{Timeout: time.Second})
	if !errors.Is(err, mail.ErrUnreachable) || !mail.IsTemporary(err) {
		t.Fatalf("refused connection: %v", err)
	}
}
