package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"parley/app"
	"parley/app/httpapi"
	"parley/app/httpapi/cli"
	"parley/app/resident"
	"parley/app/store"
)

// commandWorkspace is the workspace one CLI command works on: opened here,
// or, when the desktop app has it open, reached through the app's socket.
type commandWorkspace struct {
	w      *app.Workspace // nil when going through the app
	app    *httpapi.Client
	close  func()
	search *app.SearchService
	// closeLog closes the log alone (closeAfterRead).
	closeLog func()
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
		if resident.Alive(paths.Data) {
			return nil, errors.New("a Parley search that was still answering did not let go of the workspace; try again in a moment")
		}
		c, dialErr := httpapi.Dial(ctx, cli.SocketPath(paths.Data))
		if dialErr != nil {
			return nil, errors.New("another Parley command is using this workspace; wait for it to finish")
		}
		return &commandWorkspace{app: c, close: func() {}}, nil
	case err != nil:
		closeLog()
		return nil, fmt.Errorf("%s", w.Status(ctx).Message)
	}
	cw := &commandWorkspace{w: w, search: app.NewServices(w).Search, closeLog: closeLog}
	cw.close = func() {
		w.Close(context.Background())
		closeLog()
	}
	return cw, nil
}

// closeAfterRead ends a command that only read. A store opened read-only
// holds nothing to flush, and the search index is derived: whatever its
// catch-up applied that Bleve had not persisted yet is applied again by
// the next open, as after a crash. So the process exit releases the files
// and locks, and the command skips a close that costs milliseconds (Badger
// and Bleve stop their goroutines, sync folders, unmap files).
func (cw *commandWorkspace) closeAfterRead() {
	if cw.w != nil && cw.w.ReadOnly() {
		cw.closeLog()
		return
	}
	cw.close()
}
