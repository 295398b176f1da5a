package main

import "syscall"

// isTerminalFd reports whether fd is a console: one that has a console
// mode, which NUL and a redirected file do not.
func isTerminalFd(fd uintptr) bool {
	var mode uint32
	return syscall.GetConsoleMode(syscall.Handle(fd), &mode) == nil
}
