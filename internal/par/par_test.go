package par

import (
	"sync/atomic"
	"testing"
)

// TestFor calls f once for every index, with few items and many.
func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 5, 64, 1000} {
		seen := make([]atomic.Int32, n)
		For(n, 16, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Fatalf("n=%d: f(%d) called %d times", n, i, got)
			}
		}
	}
}
