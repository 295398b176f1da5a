package testkit

import (
	"io/fs"
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

// Dir returns the public test data folder beside the repository root,
// joined with sub, or skips the test, saying what is missing and where it
// was looked for, when that is absent.
func PeerDir(t testing.TB, sub ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Root(t), "..", "shared", "peer"}, sub...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: this test needs the public test data of other projects (BoringSSL, bettertls, cfssl, certigo, python-cryptography), which is not part of the repository, and it is not at %s", p)
	}
	return p
}

// TestdataFiles lists every file of the repository's testdata/ folder, the
// README.md left out, in walk order.
func TestdataFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join(Root(t), "testdata"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if d.Name() != "README.md" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
