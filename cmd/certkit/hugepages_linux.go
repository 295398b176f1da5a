package main

import (
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugeHeapSize is how much of the heap's address space hugeHeap asks to
// be backed by huge pages. A huge page counts whole in a process's memory
// once touched, so the range is kept to what a large job surely fills
// (order --json of a 5,000-certificate store spans 27 MB of heap); beyond
// it the heap grows in 4 KB pages. At 64 MB the store's peak RSS grew by
// 2-3 MB for no less CPU time (BENCHMARKS.md).
const hugeHeapSize = 24 << 20

// hugePage is the size of an x86-64 or arm64 (4 KB base pages) huge page;
// advice on a range that holds none is harmless.
const hugePage = 2 << 20

// hugeHeap asks Linux to back the first hugeHeapSize bytes the heap will
// use with transparent huge pages, where the system leaves that to each
// program (/sys/kernel/mm/transparent_hugepage/enabled is "madvise", as
// on most distributions). A command touches tens of megabytes of fresh
// memory in a fraction of a second, and a 4 KB page fault costs 10-20 µs
// on a virtual machine: order --json of a 5,000-certificate store took
// 7,000 of them, a fifth of its CPU time. With huge pages it takes about
// 1,500 (see BENCHMARKS.md).
//
// Go's runtime does not ask for huge pages itself (it stopped in Go
// 1.21.1). hugeHeap allocates the space as one slice, which the runtime
// maps without touching it, advises it, and frees it: the runtime hands
// out the lowest free addresses first, so the command's allocations land
// in it. GODEBUG=disablethp=1 turns it off, as it does the runtime's own
// use of huge pages.
func hugeHeap(getenv func(string) string) {
	if strings.Contains(getenv("GODEBUG"), "disablethp=1") {
		return
	}
	b := make([]byte, hugeHeapSize)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (p+hugePage-1)&^(hugePage-1) - p
	end := (p+hugeHeapSize)&^(hugePage-1) - p
	if start < end {
		_ = unix.Madvise(b[start:end], unix.MADV_HUGEPAGE) // advice: an error changes nothing
	}
	runtime.GC() // frees the slice's space for what comes next
}
