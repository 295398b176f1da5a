//go:build unix

package cucm

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) the process has used so far,
// which load from other processes does not inflate as it does wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
