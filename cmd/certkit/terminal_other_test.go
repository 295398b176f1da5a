//go:build !linux

package main

import (
	"os"
	"testing"
)

// openTerminal skips: the tests open a pseudo-terminal on Linux only.
func openTerminal(t *testing.T) *os.File {
	t.Skip("the terminal tests open a pseudo-terminal on Linux only")
	return nil
}
