package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"parley/app"
	"parley/app/httpapi/cli"
)

// CLISearchQuery is the query the services take for a command line's
// search.
func CLISearchQuery(s cli.Search) app.SearchQuery {
	return app.SearchQuery{Query: s.Query, AccountID: s.AccountID, Size: min(max(s.Limit, 1), 200)}
}

var markTags = regexp.MustCompile(`</?mark>`)

// plain turns a hit's HTML (escaped text with <mark> around matches) into
// terminal text, with matches in bold when asked.
func plain(s string, bold bool) string {
	if bold {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "<mark>", "\x1b[1m"), "</mark>", "\x1b[0m")
	}
	return html.UnescapeString(markTags.ReplaceAllString(s, ""))
}

// WriteSearchResults prints results as `parley search` does, whether the
// command searched itself or the running app searched for it.
func WriteSearchResults(w io.Writer, res app.SearchResults, asJSON, bold bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	var b strings.Builder
	for _, h := range res.Hits {
		when := time.UnixMilli(h.Date).Format("2006-01-02")
		who := h.From
		if h.AccountName != "" {
			who = strings.TrimSpace(who + " · " + h.AccountName)
		}
		fmt.Fprintf(&b, "%s  %-7s %s\n", when, h.Kind, plain(h.Title, bold))
		if who != "" {
			fmt.Fprintf(&b, "            %s\n", who)
		}
		if h.Snippet != "" {
			fmt.Fprintf(&b, "            %s\n", plain(h.Snippet, bold))
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%d of %d results (%.1f ms); read as: %s\n", len(res.Hits), res.Total, res.TookMs, res.Read)
	for _, n := range res.Notes {
		fmt.Fprintln(&b, "note:", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// serveCLISearch answers cli.SearchPath with the text `parley search`
// prints. An error status tells the command to search by itself.
func (s *Server) serveCLISearch(w http.ResponseWriter, r *http.Request) {
	if s.search == nil {
		http.Error(w, "search is not served here", http.StatusNotFound)
		return
	}
	q := cli.ParseSearch(r.URL.Query())
	res, err := s.search.Search(CLISearchQuery(q))
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	// With its length, so the command can tell a whole answer from one
	// cut short.
	var b bytes.Buffer
	WriteSearchResults(&b, res, q.JSON, q.Bold)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.Write(b.Bytes())
}
