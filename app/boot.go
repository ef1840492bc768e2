package app

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"parley/app/applog"
	"parley/app/settings"
	"parley/app/vault"
)

// BootOptions are what a binary decides before building the workspace.
type BootOptions struct {
	Paths    settings.Paths // zero: the OS's usual folders
	Demo     bool
	LogLevel slog.Level
	Emitter  Emitter
	// NoKeychain skips the OS keychain (the passphrase must then be given).
	NoKeychain bool
	// Foreground: one CLI command, no background work.
	Foreground bool
	// ReadOnly: the command only reads (search).
	ReadOnly bool
}

// Boot builds the logger, crash reporter and workspace from the
// environment: PARLEY_PASSPHRASE supplies the passphrase; PARLEY_HOME
// moves all files under one folder. The returned func closes the log.
func Boot(opts BootOptions) (*Workspace, func(), error) {
	paths := opts.Paths
	if paths.Data == "" {
		p, err := settings.DefaultPaths()
		if err != nil {
			return nil, nil, err
		}
		paths = p
	}
	logFile, err := applog.OpenRotating(filepath.Join(paths.Logs, "parley.log"), 10<<20, 5)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot write the log in %s: %w", paths.Logs, err)
	}
	log := applog.New(logFile, opts.LogLevel)
	var kc vault.Keychain = vault.OSKeychain{}
	if opts.NoKeychain || os.Getenv("PARLEY_NO_KEYCHAIN") == "1" {
		kc = nil
	}
	w := NewWorkspace(Config{
		Paths:      paths,
		Passphrase: os.Getenv("PARLEY_PASSPHRASE"),
		Keychain:   kc,
		Logger:     log,
		Crashes:    &applog.Crashes{Dir: paths.Logs, Log: log},
		Emitter:    opts.Emitter,
		Demo:       opts.Demo,
		Foreground: opts.Foreground,
		ReadOnly:   opts.ReadOnly,
	})
	return w, func() { logFile.Close() }, nil
}
