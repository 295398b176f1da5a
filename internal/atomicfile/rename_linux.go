package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// renameNew renames oldname to newname, failing with an error that is
// fs.ErrExist if newname exists: one call where a hard link and a removal
// take two, and as many changes to the directory.
func renameNew(oldname, newname string) error {
	if err := unix.Renameat2(unix.AT_FDCWD, oldname, unix.AT_FDCWD, newname, unix.RENAME_NOREPLACE); err != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	return nil
}
