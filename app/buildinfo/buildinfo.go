// Package buildinfo reports which build of Parley is running.
package buildinfo

import "runtime/debug"

// Version is set at link time (-X parley/app/buildinfo.Version=...).
var Version = "dev"

// String returns the version with the VCS revision when the build recorded one.
func String() string {
	rev := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
	}
	if rev == "" {
		return Version
	}
	return Version + " (" + rev + ")"
}
