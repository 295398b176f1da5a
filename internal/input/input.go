// Package input reads what a user hands certkit as certkit's readers
// expect it: a reader read to the end under a size cap, text as terminals
// and editors write it (a byte-order mark, UTF-16, LF, CRLF or CR line
// ends, an IOS pager's prompts and backspaces), IOS's own lines, and a
// password file. pkg/convert, pkg/cisco/ios, pkg/cisco/cucm and
// cmd/certkit share it.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// MaxSize is the largest input certkit reads: 64 MiB, far above any real
// bundle (a 5,000-certificate PKCS#7 is about 5 MiB).
const MaxSize = 64 << 20

// ErrTooLarge is what an input larger than MaxSize gives (errors.Is).
// convert.ErrTooLarge is this error.
var ErrTooLarge = errors.New("convert: input too large")

// ReadAll reads r to the end, refusing more than MaxSize bytes with an
// error that wraps ErrTooLarge. A nil r is an error.
func ReadAll(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, errors.New("convert: nil reader")
	}
	// A file says how large it is: read it into one buffer of that size
	// instead of growing one (a store of thousands is megabytes).
	var buf bytes.Buffer
	if st, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() <= MaxSize {
			buf.Grow(int(fi.Size()) + bytes.MinRead)
		}
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxSize+1)); err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	if buf.Len() > MaxSize {
		return nil, tooLarge()
	}
	return buf.Bytes(), nil
}

// tooLargeMessage is what the error of an input larger than MaxSize says.
var tooLargeMessage = fmt.Sprintf("input is larger than the %d MiB limit", MaxSize>>20)

// sizeError is the error of an input larger than MaxSize.
type sizeError struct{}

func (sizeError) Error() string        { return "convert: " + tooLargeMessage }
func (sizeError) Is(target error) bool { return target == ErrTooLarge }

func tooLarge() error { return sizeError{} }

// Size describes n bytes for people: "1234 bytes", "64 MiB".
func Size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
