package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// pipeSize is the capacity widenPipes asks for: Linux's limit for an
// unprivileged process (/proc/sys/fs/pipe-max-size) unless raised.
const pipeSize = 1 << 20

// widenPipes raises the capacity of each of files that is a pipe from
// Linux's 64 KB to pipeSize. A command writes megabytes to a pipe
// (order --json of a 5,000-certificate store writes 4.8 MB into jq, or
// into the script that runs it), and with 64 KB it stops at every 64 KB
// until the reader is scheduled and empties the pipe: on two busy cores
// that took order --json a fifth longer than writing to a file (see
// BENCHMARKS.md). A file that is not a pipe is left alone, and a refusal
// (a pipe at the system's limit of pipe memory) changes nothing.
func widenPipes(files ...*os.File) {
	for _, f := range files {
		rc, err := f.SyscallConn() // not Fd, which would make a non-blocking file blocking
		if err != nil {
			continue
		}
		rc.Control(func(fd uintptr) {
			var st unix.Stat_t
			if unix.Fstat(int(fd), &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFIFO {
				return
			}
			if n, err := unix.FcntlInt(fd, unix.F_GETPIPE_SZ, 0); err == nil && n < pipeSize {
				_, _ = unix.FcntlInt(fd, unix.F_SETPIPE_SZ, pipeSize) // advice: an error changes nothing
			}
		})
	}
}
