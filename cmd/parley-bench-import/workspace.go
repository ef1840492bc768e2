package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"parley/app"
	"parley/app/settings"
	"parley/internal/dovecot"
)

// persona is whose mailbox is imported.
type persona struct {
	Me       string   `json:"me"`
	Internal []string `json:"internal"`
	FreeMail []string `json:"freeMail,omitempty"`
}

// parleyEnv is the environment of every Parley process and of this one.
// No passphrase: every workspace key lives in the keychain that
// scripts/bench-import.sh starts, as on a rep's laptop (a passphrase-wrapped
// key costs each process an Argon2 derivation, ~0.25 s).
func parleyEnv(home string) []string {
	return []string{"PARLEY_HOME=" + home, "PARLEY_IMAP_PASSWORD=" + dovecot.DefaultPassword}
}

func pathsOf(home string) settings.Paths {
	return settings.Paths{Data: filepath.Join(home, "data"), Logs: filepath.Join(home, "logs")}
}

// openWorkspace opens (creating) the real workspace under home in the
// foreground: no importer or indexer of the app's own runs beside ours.
func openWorkspace(ctx context.Context, home string) (*app.Workspace, func(), error) {
	paths := pathsOf(home)
	// "main" is app's name for the rep's own workspace (not the demo).
	if err := os.MkdirAll(paths.Workspace("main"), 0o700); err != nil {
		return nil, nil, err
	}
	for _, kv := range parleyEnv(home) {
		k, v, _ := strings.Cut(kv, "=")
		os.Setenv(k, v)
	}
	os.Unsetenv("PARLEY_PASSPHRASE")
	w, closeLog, err := app.Boot(app.BootOptions{Paths: paths, LogLevel: slog.LevelInfo, Foreground: true})
	if err != nil {
		return nil, nil, fmt.Errorf("boot: %w", err)
	}
	if err := w.Open(ctx); err != nil {
		closeLog()
		return nil, nil, fmt.Errorf("open workspace: %w (%s)", err, w.Status(ctx).Message)
	}
	if ks := w.Status(ctx).KeySource; ks != "keychain" {
		w.Close(ctx)
		closeLog()
		return nil, nil, fmt.Errorf("open workspace: the key came from %q, not a keychain: run under scripts/bench-import.sh", ks)
	}
	if w.Status(ctx).Demo {
		w.Close(ctx)
		closeLog()
		return nil, nil, fmt.Errorf("open workspace: got the demo workspace")
	}
	return w, func() {
		c, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		w.Close(c)
		closeLog()
	}, nil
}

// classifySettings counts list mail as history, so every message goes
// through the whole pipeline, as it does for notmuch and mu.
func classifySettings(p persona) app.ClassifySettings {
	return app.ClassifySettings{InternalDomains: p.Internal, FreeMailDomains: p.FreeMail, ListMailIsHistory: true}
}

// saveSettings stores the persona's classification settings in the
// workspace under home: `parley` has no command for them yet.
func saveSettings(ctx context.Context, home string, p persona) error {
	w, done, err := openWorkspace(ctx, home)
	if err != nil {
		return err
	}
	defer done()
	if err := app.NewServices(w).Import.SaveSettings(classifySettings(p)); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}
