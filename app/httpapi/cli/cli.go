// Package cli is the command line's side of the running app's socket:
// `parley search` asks a running Parley (the desktop app or parley serve)
// and prints its answer. It imports nothing of the app, so a client built
// on it starts in a couple of milliseconds.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
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
func AskSearch(ctx context.Context, path string, s Search, out io.Writer) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return ErrNoAnswer
	}
	// One connection, used once: no pool, no keep-alive to tear down.
	tr := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) { return conn, nil }, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://parley"+SearchPath+"?"+s.Values().Encode(), nil)
	if err != nil {
		conn.Close()
		return err
	}
	res, err := tr.RoundTrip(req)
	if err != nil {
		return ErrNoAnswer
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return ErrNoAnswer
	}
	if _, err = io.Copy(out, res.Body); err != nil {
		return fmt.Errorf("the running Parley app stopped answering: %w", err)
	}
	return nil
}
