//go:build aix || darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos

package main

import "golang.org/x/sys/unix"

// isTerminalFd reports whether fd is a terminal: one that answers the
// query for its window size, as every terminal and pseudo-terminal does
// and /dev/null does not.
func isTerminalFd(fd uintptr) bool {
	_, err := unix.IoctlGetWinsize(int(fd), unix.TIOCGWINSZ)
	return err == nil
}
