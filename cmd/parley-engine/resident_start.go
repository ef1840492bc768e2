package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"parley/app/resident"
)

// startResident leaves a resident searcher behind after a cold search,
// detached from the terminal, unless the user turned it off or one is
// alive already. The search has printed by then, so it waits for nothing.
func startResident(data, dataDir string) {
	if resident.Off() || resident.Alive(dataDir) || resident.WriterWaiting(dataDir) {
		return
	}
	self, err := os.Executable()
	if err != nil {
		return
	}
	args := []string{"resident"}
	if data != "" {
		if abs, err := filepath.Abs(data); err == nil {
			args = append(args, "--data", abs)
		}
	}
	cmd := exec.Command(self, args...)
	cmd.SysProcAttr = detached()
	// It lives on after the terminal: it keeps no folder busy and carries
	// no mail password (the passphrase, if that is how the rep unlocks,
	// it needs).
	cmd.Dir = "/"
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "PARLEY_IMAP_PASSWORD=") })
	if cmd.Start() == nil {
		cmd.Process.Release()
	}
}
