// Package par runs independent pieces of work on every core, the one
// helper certkit uses for it (parsing a large bundle, checking its
// signatures, writing its chains).
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(0) to f(n-1) and returns when all calls have returned. It
// uses up to GOMAXPROCS goroutines, one per grain items at most, so that
// small jobs stay on the calling goroutine (grain below 1 counts as 1).
// f must be safe to call concurrently for different i.
func For(n, grain int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/max(grain, 1)+1)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
