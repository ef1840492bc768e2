package app

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/app/crm"
	"parley/app/mail"
	"parley/app/settings"
)

// TestNoPlaintextAnywhere writes a message carrying a marker word and a
// marker address through the real pipeline (store, search index, logs),
// checks search finds both, and then that no file Parley wrote holds
// either in plain text.
func TestNoPlaintextAnywhere(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	paths := settings.Paths{Data: filepath.Join(home, "data"), Logs: filepath.Join(home, "logs")}
	w, closeLog, err := Boot(BootOptions{Paths: paths, NoKeychain: true})
	if err != nil {
		t.Fatal(err)
	}
	defer closeLog()
	w.cfg.Passphrase = "at rest passphrase"
	w.cfg.NoImport = true
	if err := w.Open(ctx); err != nil {
		t.Fatal(err)
	}
	const word, addr = "Quokkafjord", "zanzibar.quill@marker-corp.test"
	raw := "Message-ID: <at-rest-1@marker-corp.test>\r\nFrom: Zed Quill <" + addr + ">\r\nTo: sam@vendor.test\r\n" +
		"Subject: Visit about " + word + "\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nWe should discuss the " + word + " rollout.\r\n"
	st, _ := w.Store()
	g, err := mail.NewIngester(st, mail.IngestConfig{Classify: crm.ClassifierConfig{MyAddresses: []string{"sam@vendor.test"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Ingest(ctx, "work", []mail.Fetched{{Folder: "INBOX", UIDValidity: 1, UID: 1, Raw: []byte(raw)}}, nil); err != nil {
		t.Fatal(err)
	}
	svc := NewServices(w)
	if _, err := svc.Activity.Capture(ActivityInput{Kind: "note", Body: "Met " + word + " team"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		x := w.Indexer()
		if ix := x.Index(); ix != nil && ix.LastSeq() >= st.LastSeq() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the index did not catch up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, q := range []string{word, "from:" + addr} {
		res, err := svc.Search.Search(SearchQuery{Query: q})
		if err != nil || res.Total == 0 {
			t.Fatalf("search %q: %+v %v", q, res, err)
		}
	}
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	files, indexFiles, logFiles := 0, 0, 0
	filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil // sockets and the like
		}
		files++
		if strings.Contains(path, string(filepath.Separator)+"index"+string(filepath.Separator)) {
			indexFiles++
		}
		if strings.HasSuffix(path, ".log") && len(b) > 0 {
			logFiles++
		}
		for _, marker := range []string{word, strings.ToLower(word), addr, "marker-corp"} {
			if bytes.Contains(b, []byte(marker)) {
				t.Errorf("%s holds %q in plain text", strings.TrimPrefix(path, home), marker)
			}
		}
		return nil
	})
	if files < 10 || indexFiles == 0 || logFiles == 0 {
		t.Fatalf("%d files, %d in the index, %d logs: the store, index and log were not all written", files, indexFiles, logFiles)
	}
}
