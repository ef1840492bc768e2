package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"parley/app"
	"parley/app/httpapi"
	"parley/app/store"
)

// commandWorkspace is the workspace one CLI command works on: opened here,
// or, when the desktop app has it open, reached through the app's socket.
type commandWorkspace struct {
	w      *app.Workspace // nil when going through the app
	app    *httpapi.Client
	close  func()
	search *app.SearchService
}

// openForCommand opens the workspace under data (default folders when
// empty) for one command, without background work.
func openForCommand(ctx context.Context, data string, demo, readOnly bool) (*commandWorkspace, error) {
	paths, err := pathsFrom(data)
	if err != nil {
		return nil, err
	}
	w, closeLog, err := app.Boot(app.BootOptions{Paths: paths, Demo: demo, LogLevel: slog.LevelInfo, Foreground: true, ReadOnly: readOnly})
	if err != nil {
		return nil, err
	}
	switch err := w.Open(ctx); {
	case errors.Is(err, store.ErrLocked):
		closeLog()
		c, dialErr := httpapi.Dial(ctx, httpapi.SocketPath(paths.Data))
		if dialErr != nil {
			return nil, errors.New("another Parley command is using this workspace; wait for it to finish")
		}
		return &commandWorkspace{app: c, close: func() {}}, nil
	case err != nil:
		closeLog()
		return nil, fmt.Errorf("%s", w.Status(ctx).Message)
	}
	cw := &commandWorkspace{w: w, search: app.NewServices(w).Search}
	cw.close = func() {
		w.Close(context.Background())
		closeLog()
	}
	return cw, nil
}
