package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"parley/app"
	"parley/app/httpapi"
	"parley/app/httpapi/cli"
	"parley/app/resident"
	"parley/app/settings"
	"parley/app/store"
	"parley/frontend"
)

// pathsFrom reads --data, which puts the workspace and logs under one folder.
func pathsFrom(data string) (settings.Paths, error) {
	if data == "" {
		return settings.DefaultPaths()
	}
	return settings.PathsUnder(data)
}

func cmdServe(args []string, stdout, stderr io.Writer) int {
	app.BoundHeap()
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", "127.0.0.1:0", "loopback address to listen on")
	demo := fl.Bool("demo", false, "open the demo workspace")
	data := fl.String("data", "", "folder for the workspace and logs (default: the usual per-user folders)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: parley serve [--demo] [--addr 127.0.0.1:PORT] [--data DIR]\n\nServes the Parley app to a browser on this computer, with a per-run access link.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintln(stderr, "parley serve: listen on a loopback address only (127.0.0.1), so nobody else on the network can reach your workspace")
		return 2
	}
	paths, err := pathsFrom(*data)
	if err != nil {
		fmt.Fprintln(stderr, "parley serve:", err)
		return 1
	}
	events := &app.Broadcaster{}
	w, closeLog, err := app.Boot(app.BootOptions{Paths: paths, Demo: *demo, LogLevel: slog.LevelInfo, Emitter: events})
	if err != nil {
		fmt.Fprintln(stderr, "parley serve:", err)
		return 1
	}
	defer closeLog()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	assets, _ := fs.Sub(frontend.Dist, "dist")
	token := httpapi.NewToken()
	var handler http.Handler
	// A workspace that needs its passphrase is served locked: the page
	// asks. One the desktop app holds is served through that app.
	switch err := w.Open(ctx); {
	case errors.Is(err, store.ErrLocked):
		socket := cli.SocketPath(paths.Data)
		if _, dialErr := httpapi.Dial(ctx, socket); dialErr != nil || resident.Alive(paths.Data) {
			fmt.Fprintln(stderr, "parley serve:", w.Status(ctx).Message)
			return 1
		}
		fmt.Fprintln(stderr, "parley serve: the Parley app has this workspace open; serving it through the app")
		handler = httpapi.NewProxy(token, socket, assets, w.Logger())
	default:
		defer func() {
			c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			w.Close(c)
		}()
		api := httpapi.New(token, app.NewServices(w).Bind(), events, assets, w.Logger())
		handler = api
		// Like the desktop app, answer this user's commands (parley
		// search) on the per-user socket: they cannot open the workspace
		// this process holds, and the warm index answers faster anyway.
		go func() {
			if err := httpapi.ListenSocket(ctx, cli.SocketPath(paths.Data), api.SocketHandler()); err != nil {
				w.Logger().Warn("command-line socket unavailable", "err", err)
			}
		}()
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "parley serve:", err)
		return 1
	}
	fmt.Fprintf(stdout, "serving http://%s/?token=%s\n", ln.Addr(), token)
	go func() {
		<-ctx.Done()
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(c)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "parley serve:", err)
		return 1
	}
	return 0
}
