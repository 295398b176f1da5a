package chain_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoNetwork keeps net/http out of package chain, even indirectly:
// only a caller's Options.Fetch (package aiafetch) touches the network.
func TestNoNetwork(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "net/http" {
			t.Fatal("package chain depends on net/http")
		}
	}
}
