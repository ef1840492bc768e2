package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"parley/internal/imaptest"
)

// TestCLIAddImportSearch drives the real binary: add a mail account,
// import it (with the search index brought up to date), and find a
// message with parley search.
func TestCLIAddImportSearch(t *testing.T) {
	var inbox [][]byte
	for i := 0; i < 12; i++ {
		inbox = append(inbox, []byte(fmt.Sprintf("Message-ID: <cli%d@acme.test>\r\nFrom: Jane Roe <jane@acme.test>\r\nTo: rep@vendor.test\r\nSubject: Pilot week %d\r\nDate: Mon, 2 Nov 2026 10:%02d:00 +0000\r\n\r\nThe gearbox telemetry for week %d.\r\n", i, i, i, i)))
	}
	inbox = append(inbox, []byte("Message-ID: <odd@acme.test>\r\nFrom: Jane Roe <jane@acme.test>\r\nTo: rep@vendor.test\r\nSubject: Zephyrine samples\r\nDate: Tue, 3 Nov 2026 10:00:00 +0000\r\n\r\nThe zephyrine samples shipped.\r\n"))
	srv := imaptest.StartMemServer(t, map[string][][]byte{"INBOX": inbox})
	host, port, _ := net.SplitHostPort(srv.Addr)
	bin := buildCLI(t)
	data := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append(args, "--data", data)...)
		if args[0] == "search" { // flags before the query
			cmd = exec.Command(bin, "search", "--data", data, args[1])
		}
		cmd.Env = append(os.Environ(), "PARLEY_PASSPHRASE=cli-test-passphrase", "PARLEY_NO_KEYCHAIN=1", "PARLEY_IMAP_PASSWORD="+srv.Password, "PARLEY_RESIDENT=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("parley %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("accounts", "add", "--host", host, "--port", port, "--security", "plain", "--user", srv.User, "--me", "rep@vendor.test")
	out := run("import")
	if !strings.Contains(out, "imported 13 new") || !strings.Contains(out, "search index up to date") {
		t.Fatalf("import said:\n%s", out)
	}
	if out := run("import"); !strings.Contains(out, "imported 0 new") {
		t.Fatalf("a second import must find nothing new:\n%s", out)
	}
	out = run("search", "zephyrine")
	if !strings.Contains(out, "Zephyrine samples") || !strings.Contains(out, "1 of 1 results") {
		t.Fatalf("search said:\n%s", out)
	}
	before := run("search", "gearbox")

	// reindex throws the index away and rebuilds it from the store: 13
	// messages, one account, one person; the same answers after.
	out = run("reindex")
	if !strings.Contains(out, "rebuilt the search index: 15 documents") {
		t.Fatalf("reindex said:\n%s", out)
	}
	took := regexp.MustCompile(`\([0-9.]+ ms\)`) // the time a search took
	if after := run("search", "gearbox"); took.ReplaceAllString(after, "") != took.ReplaceAllString(before, "") || !strings.Contains(after, "12 of 12 results") {
		t.Fatalf("after reindex:\n%s\nbefore:\n%s", after, before)
	}
}
