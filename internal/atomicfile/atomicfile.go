// Package atomicfile writes the files certkit's commands save (split's
// certificates, cucm -o, cucm audit -o, convert -o, probe --save) so that
// a reader never sees half a file and a crash never loses what the user
// had, at the speed of the disk.
//
// The rule: each file is written to a temporary name in its directory and
// renamed into place. A new file is not synced on its own: a crash can
// lose it, but it held nothing the user had. A file that replaces an
// existing one (only with Replace, which is --force) is synced before its
// rename, so that the old file is there until the new one is whole on
// disk. Each directory written into is synced once, by Close, so that the
// names are durable too. A failure removes the temporary file and leaves
// what was there before.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
)

// ErrExists reports a refusal to replace a file that is already there.
var ErrExists = errors.New("already exists (use --force to overwrite)")

// File is a temporary file being written.
type File interface {
	Write(p []byte) (int, error)
	Sync() error
	Close() error
}

// FS is what a Writer asks of the file system. Its zero value in Writer
// is the operating system's; tests give one that fails on purpose.
type FS interface {
	// Create makes a new file at name, failing if name exists
	// (O_CREATE|O_EXCL), with mode 0644 less the umask.
	Create(name string) (File, error)
	// Open opens an existing file for writing, to sync it.
	Open(name string) (File, error)
	Stat(name string) (fs.FileInfo, error)
	Lstat(name string) (fs.FileInfo, error)
	// Link makes newname a hard link to oldname, failing with an error
	// that is fs.ErrExist if newname exists.
	Link(oldname, newname string) error
	Rename(oldname, newname string) error
	Remove(name string) error
	// SyncDir makes the names in dir durable.
	SyncDir(dir string) error
}

// Writer writes files by the package's rule. The zero value writes new
// files only, through the operating system. Its Write is safe for
// concurrent use (when its FS is), so that many files can be written on
// every core; Close waits for none of them and must come after the last
// Write.
type Writer struct {
	// Replace lets Write replace a file that exists (certkit's --force).
	Replace bool
	// FS is the file system; nil is the operating system's.
	FS FS

	mu   sync.Mutex
	dirs []string // directories written into, in order, each once
}

func (w *Writer) fs() FS {
	if w.FS == nil {
		return osFS{}
	}
	return w.FS
}

// CheckNew reports ErrExists (as "PATH: already exists...") when path
// exists and replace is off, so that a command can refuse before it
// writes anything at all.
func CheckNew(path string, replace bool) error {
	if replace {
		return nil
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s: %w", path, ErrExists)
	}
	return nil
}

// Write writes data to path by the package's rule. Without Replace it
// never replaces a file, even one that appeared since CheckNew. Its errors
// read "PATH: what happened", naming path, never the temporary file.
func (w *Writer) Write(path string, data []byte) (err error) {
	fsys := w.fs()
	fail := func(err error) error {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	lst, lerr := fsys.Lstat(path)
	exists := lerr == nil
	if exists && lst.Mode()&fs.ModeSymlink != 0 {
		if st, err := fsys.Stat(path); err == nil {
			lst = st
		}
	}
	if exists && lst.IsDir() {
		return fmt.Errorf("%s: is a directory, not a file", path)
	}
	if exists && !w.Replace {
		return fmt.Errorf("%s: %w", path, ErrExists)
	}
	dir := filepath.Dir(path)
	tmp, f, err := createTemp(fsys, dir, filepath.Base(path))
	if err != nil {
		if st, serr := fsys.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
			return fmt.Errorf("%s: directory %s does not exist", path, dir)
		} else if serr == nil && !st.IsDir() {
			return fmt.Errorf("%s: %s is not a directory", path, dir)
		}
		return fail(err)
	}
	defer func() {
		if err != nil {
			fsys.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		f.Close()
		return fail(err)
	}
	if exists {
		// What the user had stays until its replacement is on disk.
		if err = f.Sync(); err != nil {
			f.Close()
			return fail(err)
		}
	}
	if err = f.Close(); err != nil {
		return fail(err)
	}
	w.wrote(dir)
	if exists {
		if err = fsys.Rename(tmp, path); err != nil {
			return fail(err)
		}
		return nil
	}
	// A rename that refuses to replace (Linux's renameat2, on the
	// operating system's file system) or else a hard link fails if path
	// exists, which makes "create, never replace" atomic; a rename is the
	// fallback where neither is supported.
	err = errors.ErrUnsupported
	if w.FS == nil {
		if err = renameNew(tmp, path); err == nil {
			return nil
		}
	}
	if !errors.Is(err, fs.ErrExist) {
		if err = fsys.Link(tmp, path); err == nil {
			fsys.Remove(tmp)
			return nil
		}
	}
	appeared := errors.Is(err, fs.ErrExist)
	if !appeared {
		_, lerr := fsys.Lstat(path)
		appeared = lerr == nil
	}
	if appeared {
		// Another program made path since we looked.
		if !w.Replace {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
		if err = syncFile(fsys, tmp); err != nil {
			return fail(err)
		}
	}
	if err = fsys.Rename(tmp, path); err != nil {
		return fail(err)
	}
	return nil
}

// wrote records that a file was written into dir.
func (w *Writer) wrote(dir string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, d := range w.dirs {
		if d == dir {
			return
		}
	}
	w.dirs = append(w.dirs, dir)
}

// Close syncs each directory written into, once, and returns the first
// error. The Writer may be used again afterwards.
func (w *Writer) Close() error {
	w.mu.Lock()
	dirs := w.dirs
	w.dirs = nil
	w.mu.Unlock()
	var first error
	for _, d := range dirs {
		if err := w.fs().SyncDir(d); err != nil && first == nil {
			first = fmt.Errorf("%s: %w", d, err)
		}
	}
	return first
}

// WriteFile writes one file by the package's rule and syncs its directory.
func WriteFile(path string, data []byte, replace bool) error {
	w := Writer{Replace: replace}
	if err := w.Write(path, data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// createTemp makes a new temporary file in dir, named after base.
func createTemp(fsys FS, dir, base string) (string, File, error) {
	for try := 0; ; try++ {
		name := filepath.Join(dir, "."+base+".tmp-"+strconv.FormatUint(uint64(rand.Uint32()), 36))
		f, err := fsys.Create(name)
		if err == nil {
			return name, f, nil
		}
		if !errors.Is(err, fs.ErrExist) || try == 100 {
			return "", nil, err
		}
	}
}

func syncFile(fsys FS, name string) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// osFS is the operating system's file system.
type osFS struct{}

func (osFS) Create(name string) (File, error) {
	return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}
func (osFS) Open(name string) (File, error)         { return os.OpenFile(name, os.O_WRONLY, 0) }
func (osFS) Stat(name string) (fs.FileInfo, error)  { return os.Stat(name) }
func (osFS) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }
func (osFS) Link(oldname, newname string) error     { return os.Link(oldname, newname) }
func (osFS) Rename(oldname, newname string) error   { return os.Rename(oldname, newname) }
func (osFS) Remove(name string) error               { return os.Remove(name) }

// SyncDir syncs a directory. Windows has no such call (its file system
// journals the names), and some file systems refuse it; neither is an
// error.
func (osFS) SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	d.Close()
	if errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EINVAL) {
		return nil
	}
	return err
}
