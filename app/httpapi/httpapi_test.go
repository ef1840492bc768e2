package httpapi

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"parley/app"
)

type greeter struct{}

func (greeter) Hello(name string, n int) (string, error) {
	if name == "" {
		return "", errors.New("who are you?")
	}
	return strings.Repeat("hi "+name+" ", n), nil
}

func (greeter) List() ([]string, error) { return []string{"a"}, nil }

type Greeter struct{ greeter }

func newTestServer(t *testing.T) (*httptest.Server, *app.Broadcaster) {
	events := &app.Broadcaster{}
	assets := fstest.MapFS{"index.html": {Data: []byte("<html><head><title>P</title></head><body></body></html>")}}
	srv := httptest.NewServer(New("tok123", []any{&Greeter{}}, events, assets, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv, events
}

func post(t *testing.T, c *http.Client, url, body string, auth bool) (int, map[string]any) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth {
		req.Header.Set("Authorization", "Bearer tok123")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func TestCallsNeedTheToken(t *testing.T) {
	srv, _ := newTestServer(t)
	c := srv.Client()
	if code, _ := post(t, c, srv.URL+"/api/call/Greeter/Hello", `["sam",1]`, false); code != http.StatusUnauthorized {
		t.Fatalf("no token: %d", code)
	}
	res, _ := c.Get(srv.URL + "/?token=wrong")
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong token: %d", res.StatusCode)
	}
	code, out := post(t, c, srv.URL+"/api/call/Greeter/Hello", `["sam",2]`, true)
	if code != 200 || out["result"] != "hi sam hi sam " {
		t.Fatalf("call: %d %v", code, out)
	}
	if _, out := post(t, c, srv.URL+"/api/call/Greeter/Hello", `["",1]`, true); out["error"] != "who are you?" {
		t.Fatalf("error result: %v", out)
	}
	if code, _ := post(t, c, srv.URL+"/api/call/Greeter/Hello", `["sam"]`, true); code != http.StatusBadRequest {
		t.Fatalf("wrong arity: %d", code)
	}
	if code, _ := post(t, c, srv.URL+"/api/call/Greeter/Nope", `[]`, true); code != http.StatusNotFound {
		t.Fatalf("unknown method: %d", code)
	}
}

func TestPageLoadSetsCookieAndInjectsShim(t *testing.T) {
	srv, events := newTestServer(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(srv.URL + "/?token=tok123")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `<script src="/__parley/shim.js">`) {
		t.Fatalf("index without shim: %s", body)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("CSP: %q", csp)
	}
	// The cookie now authorises API calls and the event stream.
	res, err = c.Get(srv.URL + "/api/methods")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("methods with cookie: %v %v", err, res.StatusCode)
	}
	res.Body.Close()
	stream, err := c.Get(srv.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	r := bufio.NewReader(stream.Body)
	r.ReadString('\n') // ": connected"
	go func() {
		time.Sleep(50 * time.Millisecond)
		events.Emit("import", map[string]int{"done": 7})
	}()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(line, "data: ") {
			if !strings.Contains(line, `"name":"import"`) || !strings.Contains(line, `"done":7`) {
				t.Fatalf("event: %s", line)
			}
			return
		}
	}
}
