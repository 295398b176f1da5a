package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// spy is the operating system's file system with a record of what was
// asked of it, and failures on demand.
type spy struct {
	osFS
	ops []string // "create NAME", "sync NAME", "rename NAME", ...

	failWrite, failSync, failClose, failRename, failLink error
	hideOnce                                             string // Lstat says this path is absent, once
}

type spyFile struct {
	*os.File
	s    *spy
	name string
}

func (f spyFile) Write(p []byte) (int, error) {
	if f.s.failWrite != nil {
		n, _ := f.File.Write(p[:len(p)/2]) // half of it reached the disk
		return n, f.s.failWrite
	}
	return f.File.Write(p)
}

func (f spyFile) Sync() error {
	f.s.ops = append(f.s.ops, "sync "+filepath.Base(f.name))
	if f.s.failSync != nil {
		return f.s.failSync
	}
	return f.File.Sync()
}

func (f spyFile) Close() error {
	err := f.File.Close()
	if f.s.failClose != nil {
		return f.s.failClose
	}
	return err
}

func (s *spy) Create(name string) (File, error) {
	s.ops = append(s.ops, "create")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	return spyFile{f, s, "temp"}, nil
}

func (s *spy) Open(name string) (File, error) {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	return spyFile{f, s, "temp"}, nil
}

func (s *spy) Lstat(name string) (fs.FileInfo, error) {
	if name == s.hideOnce {
		s.hideOnce = ""
		return nil, fs.ErrNotExist
	}
	return os.Lstat(name)
}

func (s *spy) Link(oldname, newname string) error {
	s.ops = append(s.ops, "link "+filepath.Base(newname))
	if s.failLink != nil {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: s.failLink}
	}
	return os.Link(oldname, newname)
}

func (s *spy) Rename(oldname, newname string) error {
	s.ops = append(s.ops, "rename "+filepath.Base(newname))
	if s.failRename != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: s.failRename}
	}
	return os.Rename(oldname, newname)
}

func (s *spy) SyncDir(dir string) error {
	s.ops = append(s.ops, "syncdir "+filepath.Base(dir))
	return nil
}

// files lists the names in dir with their contents.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func TestNewFilesAreNotSyncedOneByOne(t *testing.T) {
	dir := t.TempDir()
	s := &spy{}
	w := Writer{FS: s}
	for _, n := range []string{"a.pem", "b.pem", "c.pem"} {
		if err := w.Write(filepath.Join(dir, n), []byte(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{"create", "link a.pem", "create", "link b.pem", "create", "link c.pem", "syncdir " + filepath.Base(dir)}
	if !slices.Equal(s.ops, want) {
		t.Errorf("operations:\n got %q\nwant %q", s.ops, want)
	}
	got := files(t, dir)
	if len(got) != 3 || got["a.pem"] != "a.pem" || got["c.pem"] != "c.pem" {
		t.Errorf("directory holds %q, want the three files and no temporary file", got)
	}
	st, err := os.Stat(filepath.Join(dir, "a.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm()&0o600 != 0o600 {
		t.Errorf("mode %v: the owner cannot read and write it", st.Mode())
	}
}

func TestReplacedFileIsSyncedBeforeItsRename(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ca.pem")
	os.WriteFile(p, []byte("old"), 0o644)
	s := &spy{}
	w := Writer{FS: s, Replace: true}
	if err := w.Write(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	want := []string{"create", "sync temp", "rename ca.pem", "syncdir " + filepath.Base(dir)}
	if !slices.Equal(s.ops, want) {
		t.Errorf("operations:\n got %q\nwant %q", s.ops, want)
	}
	if got := files(t, dir); len(got) != 1 || got["ca.pem"] != "new" {
		t.Errorf("directory holds %q, want ca.pem = new", got)
	}
}

func TestRefusesExistingFileWithoutReplace(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ca.pem")
	os.WriteFile(p, []byte("old"), 0o644)
	if err := CheckNew(p, false); !errors.Is(err, ErrExists) {
		t.Errorf("CheckNew = %v, want ErrExists", err)
	}
	if err := CheckNew(p, true); err != nil {
		t.Errorf("CheckNew with replace = %v, want nil", err)
	}
	var w Writer
	if err := w.Write(p, []byte("new")); !errors.Is(err, ErrExists) {
		t.Errorf("Write = %v, want ErrExists", err)
	}
	if got := files(t, dir); len(got) != 1 || got["ca.pem"] != "old" {
		t.Errorf("directory holds %q, want ca.pem = old alone", got)
	}
}

// A file that appears between the look and the write is never replaced
// without Replace, and is synced over with it.
func TestFileAppearingMeanwhile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ca.pem")
	os.WriteFile(p, []byte("theirs"), 0o644)

	s := &spy{hideOnce: p}
	w := Writer{FS: s}
	if err := w.Write(p, []byte("mine")); !errors.Is(err, ErrExists) {
		t.Errorf("Write = %v, want ErrExists", err)
	}
	if got := files(t, dir); len(got) != 1 || got["ca.pem"] != "theirs" {
		t.Errorf("directory holds %q, want ca.pem = theirs alone", got)
	}

	s = &spy{hideOnce: p}
	w = Writer{FS: s, Replace: true}
	if err := w.Write(p, []byte("mine")); err != nil {
		t.Fatal(err)
	}
	want := []string{"create", "link ca.pem", "sync temp", "rename ca.pem"}
	if !slices.Equal(s.ops, want) {
		t.Errorf("operations:\n got %q\nwant %q", s.ops, want)
	}
	if got := files(t, dir); len(got) != 1 || got["ca.pem"] != "mine" {
		t.Errorf("directory holds %q, want ca.pem = mine alone", got)
	}
}

// Where hard links are not supported, a new file is renamed into place.
func TestNoHardLinks(t *testing.T) {
	dir := t.TempDir()
	s := &spy{failLink: errors.ErrUnsupported}
	w := Writer{FS: s}
	p := filepath.Join(dir, "ca.pem")
	if err := w.Write(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); len(got) != 1 || got["ca.pem"] != "new" {
		t.Errorf("directory holds %q, want ca.pem = new alone", got)
	}
}

// The crash-safety test of --force: a write that fails at any step leaves
// the old file as it was and no temporary file behind, and the error names
// the file, not the temporary one.
func TestFailedReplaceKeepsTheOldFile(t *testing.T) {
	boom := errors.New("no space left on device")
	for _, tc := range []struct {
		name string
		s    *spy
	}{
		{"write", &spy{failWrite: boom}},
		{"sync", &spy{failSync: boom}},
		{"close", &spy{failClose: boom}},
		{"rename", &spy{failRename: boom}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "01-root-Example-Root.pem")
			os.WriteFile(p, []byte("what the user had"), 0o644)
			w := Writer{FS: tc.s, Replace: true}
			err := w.Write(p, []byte(strings.Repeat("new certificate ", 100)))
			if !errors.Is(err, boom) {
				t.Fatalf("Write = %v, want the injected failure", err)
			}
			if !strings.HasPrefix(err.Error(), p+": ") || strings.Contains(err.Error(), ".tmp-") {
				t.Errorf("error %q: want it to name %s and not the temporary file", err, p)
			}
			w.Close()
			if got := files(t, dir); len(got) != 1 || got["01-root-Example-Root.pem"] != "what the user had" {
				t.Errorf("directory holds %q, want the old file alone, unchanged", got)
			}
		})
	}
}

// A failed new file leaves nothing behind either.
func TestFailedNewFileLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	w := Writer{FS: &spy{failWrite: errors.New("disk full")}}
	if err := w.Write(filepath.Join(dir, "ca.pem"), []byte("new")); err == nil {
		t.Fatal("Write succeeded")
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("directory holds %q, want nothing", got)
	}
}

func TestErrorsNameThePath(t *testing.T) {
	dir := t.TempDir()
	var w Writer
	err := w.Write(dir, []byte("x"))
	if err == nil || err.Error() != dir+": is a directory, not a file" {
		t.Errorf("onto a directory: %v", err)
	}
	missing := filepath.Join(dir, "nodir")
	err = w.Write(filepath.Join(missing, "x.pem"), []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "directory "+missing+" does not exist") {
		t.Errorf("into a missing directory: %v", err)
	}
	f := filepath.Join(dir, "file")
	os.WriteFile(f, nil, 0o644)
	err = w.Write(filepath.Join(f, "x.pem"), []byte("x"))
	if err == nil || !strings.Contains(err.Error(), f+" is not a directory") {
		t.Errorf("into a file: %v", err)
	}
}

func TestWriteFileSyncsTheDirectory(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.p7b")
	if err := WriteFile(p, []byte("one"), false); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("two"), false); !errors.Is(err, ErrExists) {
		t.Errorf("second WriteFile = %v, want ErrExists", err)
	}
	if err := WriteFile(p, []byte("two"), true); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); len(got) != 1 || got["out.p7b"] != "two" {
		t.Errorf("directory holds %q", got)
	}
}
