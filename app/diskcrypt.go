package app

import (
	"os"
	"runtime"
	"strings"
)

// diskEncryption reports whether the OS disk is encrypted, as far as can
// be told without privileges: "yes", "no" or "unknown". On Linux it looks
// for a dm-crypt mapping under the root file system.
func diskEncryption() string {
	if runtime.GOOS != "linux" {
		return "unknown"
	}
	entries, err := os.ReadDir("/sys/block")
	if err != nil {
		return "unknown"
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "dm-") {
			continue
		}
		uuid, err := os.ReadFile("/sys/block/" + e.Name() + "/dm/uuid")
		if err == nil && strings.HasPrefix(string(uuid), "CRYPT-") {
			return "yes"
		}
	}
	return "no"
}
