// Package testpeer finds, for certkit's tests, the repository root and the
// public test data from other projects that sits beside it in
// ../shared/peer. Tests that need the public data skip, saying why, when
// it is absent.
package testpeer

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the repository root: the nearest directory above the test's
// working directory that holds go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testpeer: no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Dir returns ../shared/peer beside the repository root, joined with sub,
// or skips the test with a message when that is absent.
func Dir(t testing.TB, sub ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Root(t), "..", "shared", "peer"}, sub...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("public test data not found at %s (it lives in ../shared/peer beside the repository); skipping", p)
	}
	return p
}
