package main

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// hugeAdvised counts the mappings of this process that Linux backs with
// huge pages on request ("hg" in their VmFlags).
func hugeAdvised(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == "VmFlags:" {
			for _, flag := range f[1:] {
				if flag == "hg" {
					n++
				}
			}
		}
	}
	return n
}

func TestHugeHeap(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skipf("this kernel has no transparent huge pages: %v", err)
	}
	var before, after runtime.MemStats

	// GODEBUG=disablethp=1 turns it off: nothing allocated, nothing advised.
	advised := hugeAdvised(t)
	runtime.ReadMemStats(&before)
	hugeHeap(func(k string) string {
		if k == "GODEBUG" {
			return "madvdontneed=1,disablethp=1"
		}
		return ""
	})
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got >= hugeHeapSize {
		t.Errorf("with disablethp=1, hugeHeap allocated %d bytes; want nothing of its own", got)
	}
	if got := hugeAdvised(t); got != advised {
		t.Errorf("with disablethp=1, %d mappings are advised for huge pages, was %d", got, advised)
	}

	// Otherwise the space is advised and free again for what comes next.
	runtime.ReadMemStats(&before)
	hugeHeap(func(string) string { return "" })
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got < hugeHeapSize {
		t.Errorf("hugeHeap allocated %d bytes; want at least %d", got, hugeHeapSize)
	}
	if after.HeapInuse >= before.HeapInuse+hugeHeapSize {
		t.Errorf("hugeHeap left its space in use: heap in use %d bytes before, %d after", before.HeapInuse, after.HeapInuse)
	}
	if hugeAdvised(t) <= advised {
		t.Errorf("no more mappings advised for huge pages after hugeHeap than before (%d)", advised)
	}
}
