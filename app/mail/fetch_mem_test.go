package mail_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"

	"parley/app/mail"
	"parley/app/store"
)

const (
	memUser  = "rep@example.test"
	memPass  = "pw"
	memToken = "good-token"
)

// oauthSession adds SASL XOAUTH2 to go-imap's in-memory server.
type oauthSession struct{ imapserver.Session }

func (s oauthSession) AuthenticateMechanisms() []string { return []string{"PLAIN", "XOAUTH2"} }

func (s oauthSession) Authenticate(mech string) (sasl.Server, error) {
	if mech == "PLAIN" {
		return sasl.NewPlainServer(func(_, user, pass string) error { return s.Login(user, pass) }), nil
	}
	return &xoauthServer{s: s}, nil
}

type xoauthServer struct {
	s      oauthSession
	failed bool
}

func (x *xoauthServer) Next(resp []byte) ([]byte, bool, error) {
	if x.failed {
		return nil, true, &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed, Text: "token refused"}
	}
	parts := strings.Split(string(resp), "\x01")
	user := strings.TrimPrefix(parts[0], "user=")
	if len(parts) < 2 || parts[1] != "auth=Bearer "+memToken {
		x.failed = true
		return []byte(`{"status":"401"}`), false, nil
	}
	return nil, true, x.s.Login(user, memPass)
}

// startMem serves the given raw messages in INBOX from go-imap's
// in-memory server on loopback. (imaptest has no helper for it yet.)
func startMem(t *testing.T, raws [][]byte) (addr string) {
	return startMemFolders(t, map[string][][]byte{"INBOX": raws})
}

// startMemFolders serves folders of raw messages.
func startMemFolders(t *testing.T, folders map[string][][]byte) (addr string) {
	t.Helper()
	srv := imapmemserver.New()
	u := imapmemserver.NewUser(memUser, memPass)
	u.Create("INBOX", nil)
	srv.AddUser(u)
	s := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return oauthSession{srv.NewSession()}, nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}}, // rev2 needs the session unwrapped
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	addr = ln.Addr().String()
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(memUser, memPass).Wait(); err != nil {
		t.Fatal(err)
	}
	for folder, raws := range folders {
		if folder != "INBOX" {
			if err := c.Create(folder, nil).Wait(); err != nil {
				t.Fatal(err)
			}
		}
		for _, raw := range raws {
			appendRaw(t, c, folder, raw)
		}
	}
	return addr
}

func appendRaw(t *testing.T, c *imapclient.Client, folder string, raw []byte) {
	t.Helper()
	w := c.Append(folder, int64(len(raw)), nil)
	w.Write(raw)
	w.Close()
	if _, err := w.Wait(); err != nil {
		t.Fatal(err)
	}
}

func memAppend(t *testing.T, addr string, raw []byte) {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(memUser, memPass).Wait(); err != nil {
		t.Fatal(err)
	}
	appendRaw(t, c, "INBOX", raw)
}

func readFiles(t *testing.T, files []string) [][]byte {
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
	}
	return out
}

func TestImportFromMemServerNewestFirstWithProgress(t *testing.T) {
	files := corpusFiles(t, "usrp-users")[:150]
	addr := startMem(t, readFiles(t, files))
	st := tempStore(t)
	acct := dovecotAccount(t, addr, memUser)
	var (
		mu    sync.Mutex
		snaps []mail.Progress
		order []uint32
	)
	sink := &countingSink{RawSink: mail.RawSink{DB: st}}
	im, err := mail.NewImporter(mail.Options{
		Store: st, Sink: orderSink{sink, &mu, &order}, Account: acct, Secret: memPass,
		BatchSize: 40, ProgressEvery: 20 * time.Millisecond,
		Progress: func(p mail.Progress) { mu.Lock(); snaps = append(snaps, p); mu.Unlock() },
	})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := im.Run(context.Background())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if sum.Fetched != len(files) || sum.Stats.Imported+sum.Stats.Duplicates != len(files) {
		t.Fatalf("summary %+v, want %d fetched", sum, len(files))
	}
	sameSet(t, storedIDs(t, st), expectedIDs(t, files))
	sink.twice(t)
	// Newest first: every batch's UIDs are below the previous batch's.
	for i := 1; i < len(order); i++ {
		if order[i] >= order[i-1] {
			t.Fatalf("batch %d starts at UID %d after a batch that started at %d: not newest first", i, order[i], order[i-1])
		}
	}
	last := snaps[len(snaps)-1]
	if last.Phase != mail.PhaseDone || last.Done != len(files) || last.Total != len(files) {
		t.Fatalf("last progress %+v", last)
	}
	// A second run finds nothing to do.
	sum, err = im.Run(context.Background())
	if err != nil || sum.Fetched != 0 {
		t.Fatalf("second run fetched %d: %v", sum.Fetched, err)
	}
}

// orderSink records the highest UID of each batch.
type orderSink struct {
	*countingSink
	mu    *sync.Mutex
	order *[]uint32
}

func (o orderSink) Store(ctx context.Context, acct string, batch []mail.Fetched, commit func(*store.Tx) error) (mail.BatchStats, error) {
	top := uint32(0)
	for _, f := range batch {
		top = max(top, f.UID)
	}
	o.mu.Lock()
	*o.order = append(*o.order, top)
	o.mu.Unlock()
	return o.countingSink.Store(ctx, acct, batch, commit)
}

func TestXOAuth2(t *testing.T) {
	addr := startMem(t, nil)
	st := tempStore(t)
	acct := dovecotAccount(t, addr, memUser)
	acct.Auth = mail.AuthXOAuth2
	for _, tc := range []struct {
		token string
		want  error
	}{{memToken, nil}, {"stale", mail.ErrTokenRefused}} {
		_, err := mail.TestConnection(context.Background(), acct, tc.token, mail.DialOptions{Timeout: 5 * time.Second})
		if !errors.Is(err, tc.want) {
			t.Fatalf("token %q: %v, want %v", tc.token, err, tc.want)
		}
		if err != nil && mail.IsTemporary(err) {
			t.Fatalf("a refused token is temporary: %v", err)
		}
	}
	_ = st
}

func TestLiveImportPicksUpNewMail(t *testing.T) {
	files := corpusFiles(t, "linux-btrfs")[:30]
	raws := readFiles(t, files)
	addr := startMem(t, raws[:20])
	st := tempStore(t)
	got := make(chan int, 100)
	sink := &countingSink{RawSink: mail.RawSink{DB: st}, onBatch: func(n int) { got <- n }}
	im, err := mail.NewImporter(mail.Options{
		Store: st, Sink: sink, Account: dovecotAccount(t, addr, memUser), Secret: memPass,
		Live: true, PollInterval: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := im.Run(ctx); done <- err }()
	waitFor(t, got, 20)
	for i := 0; i < 50 && im.Progress().Phase != mail.PhaseLive; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	// go-imap's memory server sends updates queued before IDLE only with
	// the next update, so deliver once IDLE has surely started.
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	for _, raw := range raws[20:] {
		memAppend(t, addr, raw)
	}
	waitFor(t, got, 30)
	t.Logf("new mail imported %v after delivery", time.Since(start))
	if time.Since(start) > 3*time.Second {
		t.Fatalf("new mail took %v: IDLE did not wake the importer before the 5 s poll", time.Since(start))
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("run ended with %v", err)
	}
	sameSet(t, storedIDs(t, st), expectedIDs(t, files))
	sink.twice(t)
}

func waitFor(t *testing.T, got chan int, n int) {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case v := <-got:
			if v >= n {
				return
			}
		case <-deadline:
			t.Fatalf("timed out waiting for %d messages", n)
		}
	}
}

func TestPauseResumeAndCancel(t *testing.T) {
	files := corpusFiles(t, "usrp-users")[:120]
	addr := startMem(t, readFiles(t, files))
	st := tempStore(t)
	var im *mail.Importer
	batches := make(chan int, 100)
	sink := &countingSink{RawSink: mail.RawSink{DB: st}, onBatch: func(n int) {
		if n == 10 {
			im.Pause()
		}
		batches <- n
	}}
	var err error
	im, err = mail.NewImporter(mail.Options{Store: st, Sink: sink, Account: dovecotAccount(t, addr, memUser), Secret: memPass, BatchSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := im.Run(context.Background()); done <- err }()
	waitFor(t, batches, 10)
	time.Sleep(300 * time.Millisecond)
	if p := im.Progress(); p.Done != 10 || !p.Paused {
		t.Fatalf("paused importer went on: %+v", p)
	}
	im.Resume()
	waitFor(t, batches, 30)
	im.Cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run returned %v", err)
	}
	if n := len(storedIDs(t, st)); n < 30 || n == len(files) {
		t.Fatalf("after cancel %d stored", n)
	}
	// A new run resumes where the cancelled one stopped.
	sink.onBatch = nil
	im2, _ := mail.NewImporter(mail.Options{Store: st, Sink: sink, Account: dovecotAccount(t, addr, memUser), Secret: memPass, BatchSize: 10})
	if _, err := im2.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	sameSet(t, storedIDs(t, st), expectedIDs(t, files))
	sink.twice(t)
}

// The whole corpus through go-imap's memory server: every file accounted for.
func TestMemServerFullImportOfTheCorpus(t *testing.T) {
	folders := map[string][][]byte{}
	var files []string
	for _, f := range corpusFolders {
		fs := corpusFiles(t, f)
		files = append(files, fs...)
		folders[f] = readFiles(t, fs)
	}
	addr := startMemFolders(t, folders)
	st := tempStore(t)
	sink := &countingSink{RawSink: mail.RawSink{DB: st}}
	im, err := mail.NewImporter(mail.Options{Store: st, Sink: sink, Account: dovecotAccount(t, addr, memUser, corpusFolders...), Secret: memPass})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := im.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Fetched != len(files) {
		t.Fatalf("fetched %d, want %d", sum.Fetched, len(files))
	}
	sameSet(t, storedIDs(t, st), expectedIDs(t, files))
	sink.twice(t)
	if n := fetchedCount(t, st, "work", corpusFolders...); n != len(files) {
		t.Fatalf("checkpoints count %d, want %d", n, len(files))
	}
}

// A store that fails stops the import at once, with the error, and the
// checkpoint holds exactly what was stored: a second run brings the rest,
// nothing twice.
func TestStoreFailureStopsTheImport(t *testing.T) {
	files := corpusFiles(t, "usrp-users")[:200]
	addr := startMem(t, readFiles(t, files))
	st := tempStore(t)
	acct := dovecotAccount(t, addr, memUser)
	sink := &countingSink{RawSink: mail.RawSink{DB: st}}
	failing := &failAfterSink{countingSink: sink, okBatches: 2}
	im, err := mail.NewImporter(mail.Options{Store: st, Sink: failing, Account: acct, Secret: memPass, BatchSize: 40})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Run(context.Background()); !errors.Is(err, errDiskFull) {
		t.Fatalf("run: %v, want the store's failure", err)
	}
	if failing.calls != 3 {
		t.Fatalf("the store was handed %d batches, want 3: fetching went on after it failed", failing.calls)
	}
	if n := fetchedCount(t, st, acct.ID, "INBOX"); n != 80 {
		t.Fatalf("checkpoint holds %d messages, want the 80 stored", n)
	}
	im, err = mail.NewImporter(mail.Options{Store: st, Sink: sink, Account: acct, Secret: memPass, BatchSize: 40})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Run(context.Background()); err != nil {
		t.Fatalf("second run: %v", err)
	}
	sameSet(t, storedIDs(t, st), expectedIDs(t, files))
	sink.twice(t)
}

var errDiskFull = errors.New("no space left on device")

// failAfterSink stores okBatches batches, then fails every one after.
type failAfterSink struct {
	*countingSink
	okBatches int
	calls     int // only the committer goroutine calls Store
}

func (f *failAfterSink) Store(ctx context.Context, acct string, batch []mail.Fetched, commit func(*store.Tx) error) (mail.BatchStats, error) {
	f.calls++
	if f.calls > f.okBatches {
		return mail.BatchStats{}, errDiskFull
	}
	return f.countingSink.Store(ctx, acct, batch, commit)
}
