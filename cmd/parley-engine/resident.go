package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"parley/app"
	"parley/app/applog"
	"parley/app/httpapi"
	"parley/app/httpapi/cli"
	"parley/app/resident"
	"parley/app/store"
)

// residentIdle is how long a resident searcher waits for the next search
// before it gives its memory back.
const residentIdle = 10 * time.Minute

// cmdResident keeps the workspace open read-only and answers this user's
// searches on the per-user socket until it has been idle for --idle, is
// asked to leave (resident.Evict) or is signalled. It is started by a
// cold `parley search` (startResident) and prints nothing: it has no
// terminal. Another resident, or a running app, makes it exit at once.
func cmdResident(args []string, _, stderr io.Writer) int {
	fl := flag.NewFlagSet("resident", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", "", "folder for the workspace and logs")
	idle := fl.Duration("idle", residentIdle, "exit after this long without a search")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	residentHeap()
	paths, err := pathsFrom(*data)
	if err != nil {
		fmt.Fprintln(stderr, "parley resident:", err)
		return 1
	}
	if err := os.MkdirAll(paths.Data, 0o700); err != nil {
		fmt.Fprintln(stderr, "parley resident:", err)
		return 1
	}
	if resident.WriterWaiting(paths.Data) {
		return 0 // the app or an import is about to open the workspace
	}
	unclaim, ok, err := resident.Claim(paths.Data)
	if err != nil || !ok {
		return 0 // another resident serves already
	}
	defer unclaim()
	socket := cli.SocketPath(paths.Data)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	w, closeLog, err := app.Boot(app.BootOptions{Paths: paths, LogLevel: slog.LevelInfo, Foreground: true, ReadOnly: true})
	if err != nil {
		return 1
	}
	defer closeLog()
	log := w.Logger()
	// The search that started this one may still hold the workspace
	// alone (it caught the index up): give it a moment to exit.
	err = w.Open(ctx)
	for deadline := time.Now().Add(2 * time.Second); errors.Is(err, store.ErrLocked) && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		err = w.Open(ctx)
	}
	if err != nil {
		log.Info("resident searcher not started", "reason", w.Status(ctx).Message)
		return 1
	}
	if !w.ReadOnly() {
		// A new workspace, or a store only a writer can open: holding it
		// alone for minutes would lock everyone else out.
		w.Close(context.Background())
		log.Info("resident searcher not started: the workspace needs a writer")
		return 0
	}
	if err := w.Indexer().Ready(ctx, false); err != nil {
		w.Close(context.Background())
		log.Warn("resident searcher not started: index not ready", applog.KeyErr, err)
		return 1
	}
	r := &residentServer{w: w, idle: *idle, touched: make(chan struct{}, 1)}
	srvCtx, leave := context.WithCancel(ctx)
	r.leave = leave
	api := httpapi.New(httpapi.NewToken(), []any{app.NewServices(w).Search}, nil, nil, log)
	go r.exitWhenIdle(srvCtx)
	log.Info("resident searcher serving", "idle_exit", idle.String())
	err = httpapi.ListenSocket(srvCtx, socket, r.handler(api.SocketHandler()))
	r.closeWorkspace()
	if err != nil && ctx.Err() == nil && !r.released() {
		log.Info("resident searcher stopped", applog.KeyErr, err)
	}
	return 0
}

// residentHeap lets a resident's heap grow to five times what it holds
// before collecting, within a bound: with the default pacing the
// collector took a quarter of a search's CPU (measured on the corpus:
// 12 % faster searches, 140 against 76 MB resident). GOGC or GOMEMLIMIT
// in the environment win.
func residentHeap() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(384 << 20)
}

// residentServer is a running resident: searches share the workspace;
// a release waits for them, then closes it.
type residentServer struct {
	w       *app.Workspace
	idle    time.Duration
	touched chan struct{}
	leave   context.CancelFunc

	mu     sync.RWMutex // searches read-lock; closing write-locks
	closed bool
}

func (r *residentServer) handler(api http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		if req.URL.Path == resident.ReleasePath {
			if req.Method != http.MethodPost {
				http.Error(rw, "POST only", http.StatusMethodNotAllowed)
				return
			}
			// Close first: when the writer reads the answer, the
			// workspace is free.
			r.closeWorkspace()
			r.leave()
			io.WriteString(rw, resident.Released)
			return
		}
		select {
		case r.touched <- struct{}{}:
		default:
		}
		r.mu.RLock()
		defer r.mu.RUnlock()
		if r.closed {
			http.Error(rw, "leaving", http.StatusServiceUnavailable)
			return
		}
		api.ServeHTTP(rw, req)
	})
}

// closeWorkspace closes the workspace once, after the searches running.
func (r *residentServer) closeWorkspace() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.closed = true
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r.w.Close(c)
}

func (r *residentServer) released() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.closed
}

// exitWhenIdle ends the resident after r.idle without a request.
func (r *residentServer) exitWhenIdle(ctx context.Context) {
	t := time.NewTimer(r.idle)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.touched:
			if !t.Stop() {
				<-t.C
			}
			t.Reset(r.idle)
		case <-t.C:
			r.w.Logger().Info("resident searcher idle: exiting", "idle", r.idle.String())
			r.leave()
			return
		}
	}
}
