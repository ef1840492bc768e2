package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoApp means no running Parley answers on the socket.
var ErrNoApp = errors.New("no running Parley app answers")

// ListenSocket serves h on the per-user socket until ctx ends: the
// running app's door for the CLI, so that a command does not fail on the
// workspace lock. Only the same OS user may connect.
func ListenSocket(ctx context.Context, path string, h http.Handler) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	// A socket left by a crashed app: remove it if nobody answers.
	if c, err := net.DialTimeout("unix", path, 200*time.Millisecond); err == nil {
		c.Close()
		return fmt.Errorf("httpapi: another Parley app already answers on %s", path)
	}
	os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("httpapi: listen on socket: %w", err)
	}
	os.Chmod(path, 0o600)
	// Remove the socket file on the way out only while it is still ours:
	// whoever takes over (the app after a resident) may have made a new
	// one at the same path.
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	mine, _ := os.Stat(path)
	defer func() {
		if now, err := os.Stat(path); err == nil && mine != nil && os.SameFile(mine, now) {
			os.Remove(path)
		}
	}()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		c, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		srv.Shutdown(c)
	}()
	err = srv.Serve(&peerListener{ln})
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// peerListener accepts only connections from this OS user.
type peerListener struct{ net.Listener }

func (l *peerListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if samePeer(c) {
			return c, nil
		}
		c.Close()
	}
}

// SocketHandler wraps a server for the socket: connections are already
// checked to come from this user, so no token is asked for.
func (s *Server) SocketHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+s.token)
		s.ServeHTTP(w, r)
	})
}

func socketTransport(path string) *http.Transport {
	return &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}}
}

// Client calls the running app's services over its socket.
type Client struct {
	http *http.Client
}

// Dial returns a client for the app answering on path, or ErrNoApp.
func Dial(ctx context.Context, path string) (*Client, error) {
	c, err := (&net.Dialer{Timeout: time.Second}).DialContext(ctx, "unix", path)
	if err != nil {
		return nil, ErrNoApp
	}
	c.Close()
	return &Client{http: &http.Client{Transport: socketTransport(path)}}, nil
}

// Call invokes Service.Method with args and decodes the result into out
// (which may be nil). An error the method returned comes back as an error
// with the same words.
func (c *Client) Call(ctx context.Context, service, method string, out any, args ...any) error {
	if args == nil {
		args = []any{}
	}
	body, err := json.Marshal(args)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://parley/api/call/"+service+"/"+method, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("the running Parley app stopped answering: %w", err)
	}
	defer res.Body.Close()
	var reply struct {
		Result json.RawMessage `json:"result"`
		Error  *string         `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 64<<20)).Decode(&reply); err != nil {
		return fmt.Errorf("the running Parley app answered %s", res.Status)
	}
	if reply.Error != nil {
		return errors.New(*reply.Error)
	}
	if out != nil && len(reply.Result) > 0 {
		return json.Unmarshal(reply.Result, out)
	}
	return nil
}

// NewProxy serves the frontend and forwards API calls and events to the
// running app's socket: `parley serve` while the desktop app holds the
// workspace. It checks the browser's token like Server does.
func NewProxy(token, socketPath string, assets fs.FS, log *slog.Logger) http.Handler {
	target, _ := url.Parse("http://parley")
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = socketTransport(socketPath)
	rp.FlushInterval = -1 // stream events as they come
	local := New(token, nil, nil, assets, log)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			if !local.authorized(r) {
				http.Error(w, "Open the link that `parley serve` printed (it carries the access token).", http.StatusUnauthorized)
				return
			}
			r.Header.Del("Authorization")
			r.Header.Del("Cookie")
			rp.ServeHTTP(w, r)
			return
		}
		local.ServeHTTP(w, r)
	})
}
