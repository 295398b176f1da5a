//go:build !linux

package atomicfile

import "errors"

// renameNew is Linux's only; elsewhere a new file is made by a hard link.
func renameNew(oldname, newname string) error { return errors.ErrUnsupported }
