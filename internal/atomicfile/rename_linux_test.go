package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// On Linux a new file on the operating system's file system is renamed
// into place by a rename that never replaces: it refuses a name that
// exists and leaves both files as they were.
func TestRenameNewNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte("mine"), 0o644)
	os.WriteFile(b, []byte("theirs"), 0o644)
	if err := renameNew(a, b); !errors.Is(err, fs.ErrExist) {
		t.Errorf("renameNew onto an existing file = %v, want fs.ErrExist", err)
	}
	if got := files(t, dir); len(got) != 2 || got["a"] != "mine" || got["b"] != "theirs" {
		t.Errorf("directory holds %q, want both files unchanged", got)
	}
	if err := renameNew(a, filepath.Join(dir, "c")); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); len(got) != 2 || got["c"] != "mine" || got["b"] != "theirs" {
		t.Errorf("directory holds %q, want b and c", got)
	}

	var w Writer
	for _, n := range []string{"d.pem", "e.pem"} {
		if err := w.Write(filepath.Join(dir, n), []byte(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); len(got) != 4 || got["d.pem"] != "d.pem" || got["e.pem"] != "e.pem" {
		t.Errorf("directory holds %q, want b, c, d.pem and e.pem and no temporary file", got)
	}
}
