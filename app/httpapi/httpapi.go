// Package httpapi serves Parley's bound services over local HTTP: the
// same methods the desktop window calls through Wails, as
// POST /api/call/<Service>/<Method> with a JSON array of arguments, plus
// server-sent events and the built frontend with a shim that makes
// window.go and window.runtime talk HTTP. `parley serve` uses it for a
// browser, and the desktop app on a per-user socket so the CLI can ask the
// running app instead of failing on the workspace lock.
package httpapi

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	"parley/app"
	"parley/app/httpapi/cli"
)

//go:embed shim.js
var shimJS []byte

const (
	cookieName  = "parley_token"
	maxBodySize = 4 << 20
)

// Server is the HTTP face of the services.
type Server struct {
	token   string
	methods map[string]reflect.Value // "Service.Method"
	names   map[string][]string      // service → methods, for the shim
	events  *app.Broadcaster
	assets  fs.FS // the built frontend, nil for API only
	log     *slog.Logger
	search  *app.SearchService // for CLISearchPath; nil when not bound
}

// NewToken returns a random per-run token.
func NewToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// New builds a server over the bound services. Every request must carry
// the token (a cookie set by the first page load with ?token=, or an
// Authorization: Bearer header).
func New(token string, services []any, events *app.Broadcaster, assets fs.FS, log *slog.Logger) *Server {
	s := &Server{token: token, methods: map[string]reflect.Value{}, names: map[string][]string{}, events: events, assets: assets, log: log}
	for _, svc := range services {
		if ss, ok := svc.(*app.SearchService); ok {
			s.search = ss
		}
		v := reflect.ValueOf(svc)
		name := v.Elem().Type().Name()
		for i := 0; i < v.NumMethod(); i++ {
			m := v.Type().Method(i)
			s.methods[name+"."+m.Name] = v.Method(i)
			s.names[name] = append(s.names[name], m.Name)
		}
	}
	return s
}

func (s *Server) authorized(r *http.Request) bool {
	got := ""
	if c, err := r.Cookie(cookieName); err == nil {
		got = c.Value
	}
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		got = strings.TrimPrefix(h, "Bearer ")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}

// ServeHTTP routes requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if t := r.URL.Query().Get("token"); t != "" && (r.URL.Path == "/" || r.URL.Path == "/index.html") {
		if subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) != 1 {
			http.Error(w, "This link has expired. Start `parley serve` again and open the link it prints.", http.StatusUnauthorized)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if !s.authorized(r) {
		http.Error(w, "Open the link that `parley serve` printed (it carries the access token).", http.StatusUnauthorized)
		return
	}
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/call/"):
		s.call(w, r)
	case r.URL.Path == cli.SearchPath:
		s.serveCLISearch(w, r)
	case r.URL.Path == "/api/methods":
		writeJSON(w, http.StatusOK, s.names)
	case r.URL.Path == "/api/events":
		s.serveEvents(w, r)
	case r.URL.Path == "/__parley/shim.js":
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(shimJS)
	default:
		s.serveAsset(w, r)
	}
}

// call invokes one bound method with the JSON array of arguments.
func (s *Server) call(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	// Reject cross-site form posts: the body must be JSON.
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		http.Error(w, "JSON only", http.StatusUnsupportedMediaType)
		return
	}
	name := strings.Replace(strings.TrimPrefix(r.URL.Path, "/api/call/"), "/", ".", 1)
	m, ok := s.methods[name]
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown method " + name})
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodySize+1))
	if err != nil || len(body) > maxBodySize {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "request too large"})
		return
	}
	var raw []json.RawMessage
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &raw); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "arguments must be a JSON array"})
			return
		}
	}
	mt := m.Type()
	if len(raw) != mt.NumIn() {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("%s takes %d arguments, got %d", name, mt.NumIn(), len(raw))})
		return
	}
	args := make([]reflect.Value, mt.NumIn())
	for i := range args {
		p := reflect.New(mt.In(i))
		if err := json.Unmarshal(raw[i], p.Interface()); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("argument %d: %v", i+1, err)})
			return
		}
		args[i] = p.Elem()
	}
	start := time.Now()
	out := m.Call(args)
	s.log.Debug("call", "method", name, "elapsed_ms", time.Since(start).Milliseconds())
	var result any
	for _, v := range out {
		if v.Type().Implements(reflect.TypeFor[error]()) {
			if !v.IsNil() {
				writeJSON(w, http.StatusOK, map[string]string{"error": v.Interface().(error).Error()})
				return
			}
			continue
		}
		result = v.Interface()
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": result})
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok || s.events == nil {
		http.Error(w, "events unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch, stop := s.events.Subscribe()
	defer stop()
	fmt.Fprint(w, ": connected\n\n")
	flusher.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-ch:
			b, err := json.Marshal(ev)
			if err != nil {
				continue
			}
			fmt.Fprintf(w, "data: %s\n\n", b)
			flusher.Flush()
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			flusher.Flush()
		}
	}
}

// serveAsset serves the built frontend; index.html gets the shim first.
func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	if s.assets == nil {
		http.NotFound(w, r)
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/")
	if path == "" {
		path = "index.html"
	}
	b, err := fs.ReadFile(s.assets, path)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if path == "index.html" {
		b = bytes.Replace(b, []byte("<head>"), []byte(`<head><script src="/__parley/shim.js"></script>`), 1)
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'none'; object-src 'none'")
	}
	http.ServeContent(w, r, path, time.Time{}, bytes.NewReader(b))
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
