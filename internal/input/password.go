package input

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrPasswordText is what Password's errors match (errors.Is): the bytes
// are not text a password can be read from.
var ErrPasswordText = errors.New("not a password")

// Password returns the password held in b, the whole content of a password
// file (or of an environment variable), as people save one: UTF-8 with or
// without a byte-order mark, or UTF-16LE/BE with one (what PowerShell's
// Out-File and > write), ending in LF, CRLF or nothing. Exactly one
// trailing line break (CRLF or LF) is dropped, and nothing else: spaces,
// tabs, a lone CR and a second line break stay, since they may be part of
// the password.
//
// UTF-16 with an odd number of bytes, bytes that are not UTF-8, and a NUL
// character (which would end a PKCS#12 password early) are errors matching
// ErrPasswordText. An empty password is "" with no error.
func Password(b []byte) (string, error) {
	var s string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) && utf8.Valid(b[3:]):
		s = string(b[3:])
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		if len(b)%2 != 0 {
			return "", &passwordError{fmt.Sprintf("UTF-16 text with an odd number of bytes (%d); the file is cut short", len(b))}
		}
		s = string(UTF16(b[2:], b[0] == 0xFE))
		if strings.ContainsRune(s, utf8.RuneError) {
			return "", &passwordError{"UTF-16 text with a broken surrogate pair"}
		}
	default:
		if !utf8.Valid(b) {
			return "", &passwordError{"the password is not UTF-8 text (nor UTF-16 with a byte-order mark); save it as UTF-8"}
		}
		s = string(b)
	}
	for _, end := range []string{"\r\n", "\n"} {
		if strings.HasSuffix(s, end) {
			s = s[:len(s)-len(end)]
			break
		}
	}
	if strings.ContainsRune(s, 0) {
		return "", &passwordError{"the password holds a NUL character"}
	}
	return s, nil
}

// passwordError is an error matching ErrPasswordText with its own message.
type passwordError struct{ msg string }

func (e *passwordError) Error() string        { return e.msg }
func (e *passwordError) Is(target error) bool { return target == ErrPasswordText }
