//go:build !(aix || darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos || windows)

package main

// isTerminalFd reports false: on the other systems (Plan 9, WebAssembly)
// certkit cannot tell a terminal, and writes binary where it is sent.
func isTerminalFd(uintptr) bool { return false }
