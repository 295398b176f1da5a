package convert

import (
	"errors"
	"fmt"

	"github.com/voicepki/certkit/internal/input"
)

// Sentinels that a *DecodeError wraps, for callers that branch with
// errors.Is.
var (
	// ErrNoCertificates means the input was read but holds no certificate
	// and no CSR: an empty PKCS#7, a CRL-only file, a key-only PEM. It is
	// an ordinary outcome, and Decode still returns what it found.
	ErrNoCertificates = errors.New("convert: no certificate found")
	// ErrIncorrectPassword means a PKCS#12 file or a Java keystore did not
	// open with the password given (or with no password when none was
	// given).
	ErrIncorrectPassword = errors.New("convert: PKCS#12 password incorrect")
	// ErrTruncated means a structure ends before its declared length.
	ErrTruncated = errors.New("convert: input truncated")
	// ErrMalformed means a structure was recognised but is not valid.
	ErrMalformed = errors.New("convert: malformed input")
	// ErrUnrecognized means nothing in the input looks like a certificate
	// source: empty input, an image, random bytes, plain text.
	ErrUnrecognized = errors.New("convert: unrecognised input")
	// ErrTooLarge means the input is larger than the 64 MiB Decode
	// reads.
	ErrTooLarge = input.ErrTooLarge
	// ErrMultipleCertificates means an encoding that holds one certificate
	// (DER) was asked to hold several.
	ErrMultipleCertificates = errors.New("convert: DER holds a single certificate")
	// ErrShowOutput means the input is the output of IOS's show crypto
	// pki certificates, trustpoints or trustpool: text that describes
	// certificates without holding them (package cisco/ios reads it). It
	// is a kind of ErrUnrecognized: errors.Is holds for both.
	ErrShowOutput error = &subKind{"convert: IOS show crypto pki output, which holds no certificate", ErrUnrecognized}
	// ErrJavaKeyStore means the input is a Java keystore (named by its
	// magic number) that Decode could not read: a JKS or JCEKS keystore
	// the password does not open, or that is damaged, where errors.Is
	// holds for ErrIncorrectPassword, ErrTruncated or ErrMalformed too; or
	// a JCEKS keystore holding a secret key, or of another version than 2,
	// which the library certkit reads JCEKS with does not read.
	ErrJavaKeyStore = errors.New("convert: Java keystore that could not be read")
)

// subKind is a sentinel that refines another: errors.Is matches both.
type subKind struct {
	msg    string
	parent error
}

func (k *subKind) Error() string { return k.msg }
func (k *subKind) Unwrap() error { return k.parent }

// DecodeError is the error Decode returns, and the error convert returns
// wherever a lower library (encoding/asn1, crypto/x509, go-pkcs12, pkcs7)
// refused the bytes. Found says, in certkit's words, what was in the input
// ("PKCS#7 ends after 855 of 1710 bytes", "PNG image", "a private key but
// no certificate"); Err is one of the sentinels above.
type DecodeError struct {
	Found string
	Err   error
	// Cause is the lower library's own error behind Found, when there is
	// one: kept for errors.As (the encoding/asn1 error of a damaged CSR)
	// and for a front end that shows the detail (Detail), never part of
	// Found or Error; nil otherwise.
	Cause error
}

// Error says what went wrong, as the command prints it.
func (e *DecodeError) Error() string { return "convert: " + e.Found }

// Detail returns the lower library's message behind the error (Cause's),
// such as "pkcs12: error reading P12 data: asn1: structure error: length
// too large", for a front end to show apart from the message, as certkit
// --json does in "detail"; "" when there is none.
func (e *DecodeError) Detail() string {
	if e.Cause == nil {
		return ""
	}
	return e.Cause.Error()
}

// Unwrap returns the sentinel that classifies the error, and Cause when
// there is one, so that errors.Is and errors.As reach both.
func (e *DecodeError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// Detail returns the first detail (a lower library's message, as
// DecodeError.Detail gives it) found in err's tree, or "". Any error with
// a Detail() string method counts, whatever its package.
func Detail(err error) string {
	if err == nil {
		return ""
	}
	if d, ok := err.(interface{ Detail() string }); ok {
		if s := d.Detail(); s != "" {
			return s
		}
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return Detail(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if s := Detail(e); s != "" {
				return s
			}
		}
	}
	return ""
}

func decodeErr(kind error, format string, args ...any) *DecodeError {
	return &DecodeError{Found: fmt.Sprintf(format, args...), Err: kind}
}

// libErr is decodeErr for a failure a lower library reported: cause, its
// error, is kept behind the message (Cause), never in it.
func libErr(kind, cause error, format string, args ...any) *DecodeError {
	return &DecodeError{Found: fmt.Sprintf(format, args...), Err: kind, Cause: cause}
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

func tooLarge() error {
	return decodeErr(ErrTooLarge, "input is larger than the %d MiB limit", input.MaxSize>>20)
}
