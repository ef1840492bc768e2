// Package cli is the command line's side of the running app's socket:
// `parley search` asks a running Parley (the desktop app or parley serve)
// and prints its answer. It imports nothing of the app, so a client built
// on it starts in a couple of milliseconds.
package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// SocketName is the per-user socket the desktop app answers on, in the
// data folder (readable by its owner only).
const SocketName = "parley.sock"

// SocketPath returns the socket's path under a data folder.
func SocketPath(dataDir string) string { return filepath.Join(dataDir, SocketName) }

// SearchPath is where the running app answers `parley search` with the
// text the command prints: one request, and the bytes to copy to stdout,
// so the command decodes nothing and re-encodes nothing.
const SearchPath = "/cli/search"

// ErrNoAnswer means no running app answered, or it could not search (its
// workspace locked, its index not ready). Nothing was written.
var ErrNoAnswer = errors.New("cli: no running Parley answered")

// ErrHung means a running Parley took the search and did not answer in time.
var ErrHung = errors.New("the running Parley app did not answer: close it and open it again")

// errLongHead means a response's headers did not fit the buffer.
var errLongHead = errors.New("cli: response headers too long")

// Search is one `parley search` as the command line gave it.
type Search struct {
	Query     string
	AccountID string
	Limit     int
	JSON      bool // print the results as JSON
	Bold      bool // stdout is a terminal: matches in bold
}

// Values encodes s for the request URL.
func (s Search) Values() url.Values {
	v := url.Values{"q": {s.Query}, "limit": {strconv.Itoa(s.Limit)}}
	if s.AccountID != "" {
		v.Set("account", s.AccountID)
	}
	if s.JSON {
		v.Set("json", "1")
	}
	if s.Bold {
		v.Set("bold", "1")
	}
	return v
}

// ParseSearch reads what Values wrote.
func ParseSearch(v url.Values) Search {
	limit, _ := strconv.Atoi(v.Get("limit"))
	return Search{Query: v.Get("q"), AccountID: v.Get("account"), Limit: limit, JSON: v.Get("json") == "1", Bold: v.Get("bold") == "1"}
}

// AskSearch asks the app answering on the socket at path to run s and
// copies what it prints to out. It returns ErrNoAnswer, having written
// nothing, when no app answers or the app could not search: the command
// then opens the workspace itself, which says in plain words what is
// wrong. Another error means the answer broke off while being copied.
//
// The request is HTTP/1.0, written and read by hand over a plain socket:
// net/http's client cost the command about a millisecond to start, as
// much as a search. The app answers with a length and closes.
func AskSearch(ctx context.Context, path string, s Search, out io.Writer) error {
	conn, err := dialSocket(ctx, path)
	if err != nil {
		return ErrNoAnswer
	}
	defer conn.Close()
	req := "GET " + SearchPath + "?" + s.Values().Encode() + " HTTP/1.0\r\nHost: parley\r\n\r\n"
	if _, err := io.WriteString(conn, req); err != nil {
		return ErrNoAnswer
	}
	head, body, err := readHead(conn)
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, syscall.EAGAIN) {
		// Connected, then silence: a hung app. Opening the workspace
		// would only wait on its lock.
		return ErrHung
	}
	if err != nil {
		return ErrNoAnswer
	}
	length, ok := okLength(head)
	if !ok {
		return ErrNoAnswer
	}
	if int64(len(body)) > length {
		body = body[:length]
	}
	if _, err := out.Write(body); err != nil {
		return err
	}
	n, err := io.Copy(out, io.LimitReader(conn, length-int64(len(body))))
	if err == nil && int64(len(body))+n < length {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return fmt.Errorf("the running Parley app stopped answering: %w", err)
	}
	return nil
}

// readHead reads a response's status line and headers, and returns them
// with the part of the body that came with them.
func readHead(r io.Reader) (head, body []byte, err error) {
	buf := make([]byte, 16<<10)
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if i := bytes.Index(buf[:n], []byte("\r\n\r\n")); i >= 0 {
			return buf[:i], buf[i+4 : n], nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return nil, nil, errLongHead
}

// okLength says whether head is a 200 answer with a Content-Length, and
// the length.
func okLength(head []byte) (int64, bool) {
	lines := strings.Split(string(head), "\r\n")
	status := strings.Fields(lines[0])
	if len(status) < 2 || !strings.HasPrefix(status[0], "HTTP/1.") || status[1] != "200" {
		return 0, false
	}
	for _, l := range lines[1:] {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil && n >= 0
		}
	}
	return 0, false
}
