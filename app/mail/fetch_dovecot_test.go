package mail_test

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"parley/app/mail"
	"parley/app/store"
	"parley/internal/imaptest"
)

var corpusFolders = []string{"usrp-users", "linux-btrfs"}

func importer(t *testing.T, st *store.Store, sink mail.Sink, acct mail.MailAccount, pass string, mod func(*mail.Options)) *mail.Importer {
	t.Helper()
	o := mail.Options{
		Store: st, Sink: sink, Account: acct, Secret: pass,
		MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond, MaxFailures: 50,
		Dial: mail.DialOptions{Timeout: 10 * time.Second},
	}
	if mod != nil {
		mod(&o)
	}
	im, err := mail.NewImporter(o)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

func TestDovecotFullImportOfTheCorpus(t *testing.T) {
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{Maildir: corpusPublic(t)})
	st := tempStore(t)
	sink := &countingSink{RawSink: mail.RawSink{DB: st}}
	var calls atomic.Int32
	im := importer(t, st, sink, dovecotAccount(t, d.Addr(), d.User(), corpusFolders...), d.Password(), func(o *mail.Options) {
		o.Progress = func(mail.Progress) { calls.Add(1) }
	})
	start := time.Now()
	sum, err := im.Run(context.Background())
	if err != nil {
		t.Fatalf("import: %v\n%s", err, d.Log())
	}
	elapsed := time.Since(start)
	var files []string
	for _, f := range corpusFolders {
		files = append(files, corpusFiles(t, f)...)
	}
	t.Logf("imported %d messages in %v (%.0f msg/s), %d progress reports", sum.Fetched, elapsed, float64(sum.Fetched)/elapsed.Seconds(), calls.Load())
	if sum.Fetched != len(files) {
		t.Fatalf("fetched %d, want one per file: %d", sum.Fetched, len(files))
	}
	for i, f := range corpusFolders {
		if got, want := sum.Folders[i], len(corpusFiles(t, f)); got.Folder != f || got.Done != want || got.Total != want {
			t.Errorf("folder progress %+v, want %s %d", got, f, want)
		}
	}
	if n := fetchedCount(t, st, "work", corpusFolders...); n != len(files) {
		t.Fatalf("checkpoints count %d fetched, want %d", n, len(files))
	}
	sameSet(t, storedIDs(t, st), expectedIDs(t, files))
	sink.twice(t)
	// At least once a second, and always at the end.
	if want := 1 + int32(elapsed/time.Second); calls.Load() < want {
		t.Errorf("progress reported %d times in %v, want at least %d", calls.Load(), elapsed, want)
	}
	cp, _ := mail.LoadCheckpoint(context.Background(), st, "work", "usrp-users")
	if !cp.Complete || cp.HighestModSeq == 0 || len(cp.Done.Ranges()) != 1 {
		t.Errorf("checkpoint not complete and compact: %+v (%s)", cp, cp.Done)
	}
}

func TestDovecotTLSAndSTARTTLS(t *testing.T) {
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{TLS: true})
	dial := mail.DialOptions{TLSConfig: &tls.Config{RootCAs: d.CAPool()}, Timeout: 5 * time.Second}
	acct := dovecotAccount(t, d.TLSAddr(), d.User())
	acct.Security = mail.SecurityTLS
	if _, err := mail.TestConnection(context.Background(), acct, d.Password(), dial); err != nil {
		t.Fatalf("implicit TLS: %v", err)
	}
	acct = dovecotAccount(t, d.Addr(), d.User())
	acct.Security = mail.SecuritySTARTTLS
	if _, err := mail.TestConnection(context.Background(), acct, d.Password(), dial); err != nil {
		t.Fatalf("STARTTLS: %v", err)
	}
	untrusted := mail.DialOptions{TLSConfig: &tls.Config{RootCAs: d.TLS().OtherCAPool}, Timeout: 5 * time.Second}
	_, err := mail.TestConnection(context.Background(), acct, d.Password(), untrusted)
	if !errors.Is(err, mail.ErrCertificate) || mail.IsTemporary(err) {
		t.Fatalf("STARTTLS with an untrusted CA: %v", err)
	}
}

func TestDovecotWrongHostCertificateIsRefused(t *testing.T) {
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{TLS: true, ServerCert: imaptest.CertWrongHost})
	dial := mail.DialOptions{TLSConfig: &tls.Config{RootCAs: d.CAPool()}, Timeout: 5 * time.Second}
	for _, sec := range []mail.Security{mail.SecurityTLS, mail.SecuritySTARTTLS} {
		addr := d.Addr()
		if sec == mail.SecurityTLS {
			addr = d.TLSAddr()
		}
		acct := dovecotAccount(t, addr, d.User())
		acct.Security = sec
		_, err := mail.TestConnection(context.Background(), acct, d.Password(), dial)
		if !errors.Is(err, mail.ErrCertificate) || mail.IsTemporary(err) {
			t.Fatalf("%s with a wrong-host certificate: %v", sec, err)
		}
		if msg := mail.Explain(err); !strings.Contains(msg, imaptest.WrongHostName) || !strings.HasPrefix(msg, "The mail server's certificate") {
			t.Fatalf("%s: unclear message %q", sec, msg)
		}
	}
}

func TestDovecotWithoutSTARTTLSNeverFallsBack(t *testing.T) {
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{})
	acct := dovecotAccount(t, d.Addr(), d.User())
	acct.Security = mail.SecuritySTARTTLS
	_, err := mail.TestConnection(context.Background(), acct, d.Password(), mail.DialOptions{Timeout: 5 * time.Second})
	if !errors.Is(err, mail.ErrNoSTARTTLS) || mail.IsTemporary(err) {
		t.Fatalf("STARTTLS on a server without it: %v", err)
	}
	if strings.Contains(d.Log(), "Login: user=") {
		t.Fatal("the password was sent without encryption")
	}
}

func TestDovecotRefusedPassword(t *testing.T) {
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{})
	acct := dovecotAccount(t, d.Addr(), d.User())
	// The importer stops at once: retrying a refused password is pointless.
	st := tempStore(t)
	im := importer(t, st, mail.RawSink{DB: st}, acct, "wrong", nil)
	_, err := im.Run(context.Background())
	if !errors.Is(err, mail.ErrAuthFailed) || mail.IsTemporary(err) {
		t.Fatalf("wrong password: %v", err)
	}
	if got := mail.Explain(err); got != "The mail server refused the password for this account." {
		t.Fatalf("message %q", got)
	}
	if p := im.Progress(); p.Phase != mail.PhaseError || p.Reconnects != 0 {
		t.Fatalf("progress after a refused password %+v", p)
	}
}

// A connection cut mid-FETCH, several times: the import resumes and ends
// with exactly the corpus, each message committed once.
func TestDovecotCutMidFetchResumesExactly(t *testing.T) {
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{Maildir: corpusPublic(t)})
	p := imaptest.NewCutProxy(t, d.Addr())
	st := tempStore(t)
	var cuts atomic.Int32
	sink := &countingSink{RawSink: mail.RawSink{DB: st}}
	sink.onBatch = func(int) {
		if cuts.Load() < 4 {
			cuts.Add(1)
			p.CutAfter(300 << 10) // well inside the next batch's bodies
		}
	}
	im := importer(t, st, sink, dovecotAccount(t, p.Addr(), d.User(), "usrp-users"), d.Password(), func(o *mail.Options) { o.BatchSize = 100 })
	sum, err := im.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	files := corpusFiles(t, "usrp-users")
	if p.Cuts() < 3 || sum.Reconnects < 3 {
		t.Fatalf("only %d cuts, %d reconnects", p.Cuts(), sum.Reconnects)
	}
	t.Logf("%d cuts, %d reconnects", p.Cuts(), sum.Reconnects)
	sameSet(t, storedIDs(t, st), expectedIDs(t, files))
	sink.twice(t)
	if n := fetchedCount(t, st, "work", "usrp-users"); n != len(files) {
		t.Fatalf("checkpoint counts %d, want %d", n, len(files))
	}
}

func TestDovecotRestartMidImportResumesExactly(t *testing.T) {
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{Maildir: corpusPublic(t)})
	st := tempStore(t)
	restarted := make(chan error, 1)
	var once atomic.Bool
	sink := &countingSink{RawSink: mail.RawSink{DB: st}}
	sink.onBatch = func(n int) {
		if n >= 300 && once.CompareAndSwap(false, true) {
			restarted <- d.Restart() // the importer is between batches: its next command fails
		}
	}
	im := importer(t, st, sink, dovecotAccount(t, d.Addr(), d.User(), "linux-btrfs"), d.Password(), func(o *mail.Options) { o.BatchSize = 100 })
	sum, err := im.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := <-restarted; err != nil {
		t.Fatal(err)
	}
	if sum.Reconnects < 1 {
		t.Fatal("no reconnect after the restart")
	}
	files := corpusFiles(t, "linux-btrfs")
	sameSet(t, storedIDs(t, st), expectedIDs(t, files))
	sink.twice(t)
	if n := fetchedCount(t, st, "work", "linux-btrfs"); n != len(files) {
		t.Fatalf("checkpoint counts %d, want %d", n, len(files))
	}
}

func TestDovecotUIDValidityChangeRescansWithoutDuplicates(t *testing.T) {
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{Maildir: corpusPublic(t)})
	st := tempStore(t)
	acct := dovecotAccount(t, d.Addr(), d.User(), "usrp-users")
	if _, err := importer(t, st, mail.RawSink{DB: st}, acct, d.Password(), nil).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, _ := mail.LoadCheckpoint(context.Background(), st, "work", "usrp-users")
	hash := contentHash(t, st)
	if err := d.ChangeUIDValidity("usrp-users"); err != nil {
		t.Fatal(err)
	}
	sum, err := importer(t, st, mail.RawSink{DB: st}, acct, d.Password(), nil).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	files := corpusFiles(t, "usrp-users")
	after, _ := mail.LoadCheckpoint(context.Background(), st, "work", "usrp-users")
	if after.UIDValidity == before.UIDValidity || after.Fetched != len(files) || !after.Complete {
		t.Fatalf("checkpoint after the change %+v, before %+v", after, before)
	}
	if sum.Fetched != len(files) || sum.Stats.Duplicates != len(files) || sum.Stats.Imported != 0 {
		t.Fatalf("rescan %+v: want every message seen again as a duplicate", sum.Stats)
	}
	if contentHash(t, st) != hash {
		t.Fatal("the stored messages changed")
	}
	sameSet(t, storedIDs(t, st), expectedIDs(t, files))
}

func TestDovecotLiveIdlePicksUpNewMail(t *testing.T) {
	d := imaptest.StartDovecot(t, imaptest.DovecotOptions{})
	st := tempStore(t)
	got := make(chan int, 10)
	sink := &countingSink{RawSink: mail.RawSink{DB: st}, onBatch: func(n int) { got <- n }}
	im := importer(t, st, sink, dovecotAccount(t, d.Addr(), d.User()), d.Password(), func(o *mail.Options) {
		o.Live, o.PollInterval = true, time.Minute
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := im.Run(ctx); done <- err }()
	for i := 0; im.Progress().Phase != mail.PhaseLive; i++ {
		if i > 200 {
			t.Fatalf("not live: %+v", im.Progress())
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // let IDLE start
	raw := "From: a@example.test\r\nSubject: new\r\nMessage-ID: <live-1@example.test>\r\n\r\nhi\r\n"
	start := time.Now()
	if err := d.AppendRaw("INBOX", []byte(raw)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
		t.Logf("new mail imported %v after delivery (IDLE)", time.Since(start))
	case <-time.After(15 * time.Second): // well below the one-minute poll: only IDLE gets here
		t.Fatalf("new mail not imported; progress %+v", im.Progress())
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("run ended with %v", err)
	}
}
