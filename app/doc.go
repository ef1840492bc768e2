// Package app is the application the UI calls: one service per UI area,
// each method one user action, returning plain DTOs. It owns the
// workspace lifecycle (unlock, open, close) and the background work
// (import, indexing), and reports state changes as events.
package app
