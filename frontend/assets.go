// Package frontend embeds the built user interface so that both the desktop
// app and `parley serve` can serve it.
package frontend

import "embed"

// Dist is the built frontend (Vite's output).
//
//go:embed all:dist
var Dist embed.FS
