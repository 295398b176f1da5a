package ios

import (
	"errors"

	"github.com/voicepki/certkit/internal/errkind"
)

// errInvalidName is what errors match (errors.Is) that report a
// trustpoint, hostname, domain or key label that IOS would not take, such
// as an empty name or one with a space in it. Their messages say what is
// wrong.
var errInvalidName = errors.New("ios: invalid name")

// errInvalidOption is what errors match (errors.Is) that report an option
// value out of range, an option that does not fit with the others, or
// input that is missing.
var errInvalidOption = errors.New("ios: invalid option")

// ErrGatewayIsCA is what PasteSession's error matches (errors.Is) when the
// certificate given as the gateway's is a CA certificate: crypto pki
// import installs the gateway's own certificate, never a CA's.
var ErrGatewayIsCA = errors.New("ios: the gateway certificate is a CA certificate")

// checkName reports whether name is usable as an IOS trustpoint, key label
// or hostname: not empty, printable ASCII without spaces, and without "?",
// which asks the IOS command line for help instead of being typed.
func checkName(what, name string) error {
	if name == "" {
		return errkind.New(errInvalidName, "ios: %s is empty", what)
	}
	if i, r := badRune(name); i >= 0 {
		return errkind.New(errInvalidName, "ios: %s %q contains %q; IOS takes printable ASCII without spaces or \"?\"", what, name, r)
	}
	return nil
}

// badRune returns the position (counting characters from 1) and the first
// character of s that IOS would not take in a name, or -1.
func badRune(s string) (int, rune) {
	n := 0
	for _, r := range s {
		n++
		if r <= ' ' || r >= 0x7f || r == '?' {
			return n, r
		}
	}
	return -1, 0
}
