// Command parley-desktop is Parley's desktop app: it wires the workspace
// and its services into a Wails window. Wiring only.
package main

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"parley/app"
	"parley/app/httpapi"
	"parley/app/httpapi/cli"
	"parley/app/resident"
	"parley/frontend"
)

//go:embed build/appicon.png
var appIcon []byte

// windowEmitter sends events to the Wails window once it exists.
type windowEmitter struct{ ctx context.Context }

func (e *windowEmitter) Emit(name string, payload any) {
	if e.ctx != nil {
		runtime.EventsEmit(e.ctx, name, payload)
	}
}

// quitOnSignal turns SIGTERM and SIGINT into a normal quit, so the
// workspace closes cleanly (OnShutdown) when the session ends.
func quitOnSignal(ctx context.Context) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-sig
		runtime.Quit(ctx)
	}()
}

// singleInstanceID names the single-instance lock after the data folder,
// so separate workspaces (PARLEY_HOME) can run side by side.
func singleInstanceID(dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	return "parley-" + hex.EncodeToString(sum[:8])
}

func main() {
	app.BoundHeap()
	demo := flag.Bool("demo", false, "open the demo workspace")
	flag.Parse()

	emitter := &windowEmitter{}
	socketEvents := &app.Broadcaster{}
	w, closeLog, err := app.Boot(app.BootOptions{Demo: *demo, LogLevel: slog.LevelInfo, Emitter: app.MultiEmitter{emitter, socketEvents}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "parley:", err)
		os.Exit(1)
	}
	defer closeLog()
	services := app.NewServices(w)
	assets, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		fmt.Fprintln(os.Stderr, "parley:", err)
		os.Exit(1)
	}
	err = wails.Run(&options.App{
		Title:            "Parley",
		Width:            1280,
		Height:           800,
		MinWidth:         900,
		MinHeight:        600,
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 250, A: 255},
		AssetServer:      &assetserver.Options{Assets: assets},
		OnStartup: func(ctx context.Context) {
			emitter.ctx = ctx
			quitOnSignal(ctx)
			// The CLI asks this app over a per-user socket instead of
			// failing on the workspace lock.
			api := httpapi.New(httpapi.NewToken(), services.Bind(), socketEvents, nil, w.Logger())
			go func() {
				// A resident searcher left by `parley search` gives the
				// socket (and the workspace) to the app.
				socket := cli.SocketPath(w.Paths().Data)
				resident.Leave(ctx, w.Paths().Data, socket)
				if err := httpapi.ListenSocket(ctx, socket, api.SocketHandler()); err != nil {
					w.Logger().Warn("command-line socket unavailable", "err", err)
				}
			}()
			// A keychain that does not answer must not freeze the window:
			// open in the background; the UI follows the status events.
			w.OpenInBackground(ctx)
		},
		OnShutdown: func(ctx context.Context) {
			closeCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			w.Close(closeCtx)
		},
		// A second launch on the same data folder brings this window
		// forward instead of opening a window that could only say "locked".
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: singleInstanceID(w.Paths().Data),
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if emitter.ctx != nil {
					runtime.WindowUnminimise(emitter.ctx)
					runtime.WindowShow(emitter.ctx)
				}
			},
		},
		Bind:  services.Bind(),
		Linux: &linux.Options{ProgramName: "parley", Icon: appIcon},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "parley:", err)
		os.Exit(1)
	}
}
