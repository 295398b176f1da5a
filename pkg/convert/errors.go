package convert

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels that a *DecodeError wraps, for callers that branch with
// errors.Is.
var (
	// ErrNoCertificates means the input was read but holds no certificate
	// and no CSR: an empty PKCS#7, a CRL-only file, a key-only PEM. It is
	// an ordinary outcome, and Decode still returns what it found.
	ErrNoCertificates = errors.New("convert: no certificate found")
	// ErrIncorrectPassword means a PKCS#12 file did not open with the
	// password given (or with no password when none was given).
	ErrIncorrectPassword = errors.New("convert: PKCS#12 password incorrect")
	// ErrTruncated means a structure ends before its declared length.
	ErrTruncated = errors.New("convert: input truncated")
	// ErrMalformed means a structure was recognised but is not valid.
	ErrMalformed = errors.New("convert: malformed input")
	// ErrUnrecognized means nothing in the input looks like a certificate
	// source: empty input, an image, random bytes, plain text.
	ErrUnrecognized = errors.New("convert: unrecognised input")
	// ErrTooLarge means the input is larger than MaxInputSize.
	ErrTooLarge = errors.New("convert: input too large")
	// ErrMultipleCertificates means an encoding that holds one certificate
	// (DER) was asked to hold several.
	ErrMultipleCertificates = errors.New("convert: DER holds a single certificate")
)

// DecodeError is the error Decode returns. Found says, in words, what was
// in the input ("PKCS#7 ends after 855 of 1710 bytes", "PNG image", "a
// private key but no certificate"); Err is one of the sentinels above.
type DecodeError struct {
	Found string
	Err   error
	// Cause is the parser's own error behind Found, when there is one
	// worth keeping for errors.As (the encoding/asn1 error of a damaged
	// CSR); nil otherwise.
	Cause error
}

func (e *DecodeError) Error() string { return "convert: " + e.Found }

// Unwrap returns the sentinel that classifies the error, and Cause when
// there is one, so that errors.Is and errors.As reach both.
func (e *DecodeError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

func decodeErr(kind error, format string, args ...any) *DecodeError {
	return &DecodeError{Found: fmt.Sprintf(format, args...), Err: kind}
}

// within prefixes where in the input an error happened ("PEM block 2
// (CERTIFICATE, line 31)") to a decode error.
func within(where string, err error) error {
	var de *DecodeError
	if errors.As(err, &de) {
		return &DecodeError{Found: where + ": " + de.Found, Err: de.Err, Cause: de.Cause}
	}
	return err
}

// reason is another package's error as words inside ours: its own prefix
// ("pkcs12: ", "x509: ", "asn1: ") dropped, because the message that
// carries it already says what was being read.
func reason(err error) string {
	s := err.Error()
	for _, p := range []string{"pkcs12: ", "x509: ", "asn1: ", "pkcs7: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

func tooLarge() error {
	return decodeErr(ErrTooLarge, "input is larger than the %d MiB limit", MaxInputSize>>20)
}

// size describes n bytes for people: "1234 bytes", "64 MiB".
func size(n int) string {
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
