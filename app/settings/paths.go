// Package settings holds where Parley keeps its files and the user's
// preferences, validated.
package settings

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// Paths are the folders Parley uses.
type Paths struct {
	Data string // workspaces (encrypted store, search index, key file)
	Logs string // log files and crash reports
}

// PathsUnder puts data and logs under one folder (the commands' --data).
func PathsUnder(folder string) (Paths, error) {
	abs, err := filepath.Abs(folder)
	if err != nil {
		return Paths{}, err
	}
	return Paths{Data: filepath.Join(abs, "data"), Logs: filepath.Join(abs, "logs")}, nil
}

// DefaultPaths returns the OS's usual per-user folders: XDG on Linux,
// ~/Library on macOS, %LOCALAPPDATA% on Windows. PARLEY_HOME, when set,
// puts everything under one folder (tests, portable installs).
func DefaultPaths() (Paths, error) {
	if home := os.Getenv("PARLEY_HOME"); home != "" {
		return Paths{Data: filepath.Join(home, "data"), Logs: filepath.Join(home, "logs")}, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return Paths{}, errors.New("settings: cannot find your home folder")
	}
	switch runtime.GOOS {
	case "darwin":
		return Paths{
			Data: filepath.Join(home, "Library", "Application Support", "Parley"),
			Logs: filepath.Join(home, "Library", "Logs", "Parley"),
		}, nil
	case "windows":
		base := os.Getenv("LOCALAPPDATA")
		if base == "" {
			base = filepath.Join(home, "AppData", "Local")
		}
		return Paths{Data: filepath.Join(base, "Parley", "Data"), Logs: filepath.Join(base, "Parley", "Logs")}, nil
	default:
		data := os.Getenv("XDG_DATA_HOME")
		if data == "" {
			data = filepath.Join(home, ".local", "share")
		}
		state := os.Getenv("XDG_STATE_HOME")
		if state == "" {
			state = filepath.Join(home, ".local", "state")
		}
		return Paths{Data: filepath.Join(data, "parley"), Logs: filepath.Join(state, "parley", "logs")}, nil
	}
}

// Workspace returns the folder of a named workspace ("main" or "demo").
func (p Paths) Workspace(name string) string { return filepath.Join(p.Data, name) }
