package main

import (
	"os"
	"os/exec"

	"parley/app/resident"
)

// startResident leaves a resident searcher behind after a cold search,
// detached from the terminal, unless the user turned it off or one is
// alive already. The search has printed by then, so it waits for nothing.
func startResident(data, dataDir string) {
	if resident.Off() || resident.Alive(dataDir) {
		return
	}
	self, err := os.Executable()
	if err != nil {
		return
	}
	args := []string{"resident"}
	if data != "" {
		args = append(args, "--data", data)
	}
	cmd := exec.Command(self, args...)
	cmd.SysProcAttr = detached()
	if cmd.Start() == nil {
		cmd.Process.Release()
	}
}
