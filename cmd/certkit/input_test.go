package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Every command that reads FILE... goes through one input loop: each input
// it cannot use is named, every one of them and not only the first, and
// the command stops with exit 2 before it writes anything.
func TestEveryBadInputIsNamed(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	csrOnly := filepath.Join("..", "..", "testdata", "csr", "vgw1.csr")
	good := filepath.Join("..", "..", "testdata", "samples", "certnew.p7b")
	for _, args := range [][]string{
		{"split", "-o", filepath.Join(dir, "out"), missing, good, csrOnly},
		{"convert", missing, good, csrOnly},
		{"order", missing, good, csrOnly},
		{"order", "--trust", missing, "--trust", csrOnly, good},
		{"cucm", missing, good, csrOnly},
	} {
		name := strings.Join(args, " ")
		code, out, errs := certkit(t, nil, args...)
		if code != exitUsage {
			t.Errorf("%s: exit %d, want %d", name, code, exitUsage)
		}
		for _, want := range []string{
			"certkit: " + missing + ": no such file or directory\n",
			"certkit: " + csrOnly + ": ",
		} {
			if !strings.Contains(errs, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", name, want, errs)
			}
		}
		if out != "" {
			t.Errorf("%s: wrote to stdout although an input is bad:\n%s", name, out)
		}
	}
}
