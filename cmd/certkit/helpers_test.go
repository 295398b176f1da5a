package main

import (
	"bytes"
	"testing"
)

// certkit runs the command line with stdin and returns the exit code,
// stdout and stderr.
func certkit(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, bytes.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}
