//go:build !windows

package main

// ownConsole reports whether certkit was started in a console of its own,
// by a double-click; only Windows does that.
func ownConsole() bool { return false }
