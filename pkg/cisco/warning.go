package cisco

import (
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"
)

// The codes of the findings (warnings) this package reports, besides
// those several packages share, which package finding defines:
// finding.CodeNameMismatch and finding.CodeNameCaseMismatch (a trustpoint,
// hostname or SIP trunk subject name that is not the certificate's),
// finding.CodeKeyTooLarge, finding.CodeKeyOver2048, finding.CodeKeyType,
// finding.CodeWildcard, finding.CodeMissingEKU (CUCM's limits),
// finding.CodeWeakSignature and finding.CodeExpiresBeforeLeaf. Every
// warning has severity finding.Warning.
const (
	// CodeNotIssuedBy: a certificate's signature does not verify with the
	// key of the CA it is pasted or uploaded after.
	CodeNotIssuedBy finding.Code = "not-issued-by"
	// CodeSubjectCollision: two CA certificates share a subject and so
	// collide in CUCM's one-certificate-per-subject trust store, including
	// a step and a certificate of the inputs the plan leaves out (the old
	// copy of a re-keyed CA, which may already be in the trust store).
	CodeSubjectCollision finding.Code = "subject-collision"
	// CodeNoRoot: the first certificate of the plan is not self-signed, so
	// the root is missing.
	CodeNoRoot finding.Code = "no-root"
)

// ErrInvalidName is what errors match (errors.Is) that report a
// trustpoint, hostname, domain or key label that IOS would not take, such
// as an empty name or one with a space in it. Their messages say what is
// wrong.
var ErrInvalidName = errors.New("cisco: invalid name")

// ErrInvalidOption is what errors match (errors.Is) that report an option
// value out of range, an option that does not fit with the others, or
// input that is missing.
var ErrInvalidOption = errors.New("cisco: invalid option")

// ErrUnknownService is what errors match (errors.Is) that report a CUCM
// service name certkit does not know.
var ErrUnknownService = errors.New("cisco: unknown CUCM service")

// ErrServiceNotPlanned is what errors match (errors.Is) that report a CUCM
// certificate purpose certkit knows but does not plan uploads for, because
// what CUCM does with it is not confirmed: ITLRecovery.
var ErrServiceNotPlanned = errors.New("cisco: CUCM service not planned")

// ErrGatewayIsCA is what PasteSession's error matches (errors.Is) when the
// certificate given as the gateway's is a CA certificate: crypto pki
// import installs the gateway's own certificate, never a CA's.
var ErrGatewayIsCA = errors.New("cisco: the gateway certificate is a CA certificate")

// kindError is an error whose message says everything and which matches
// one of the sentinels above, so that the sentinel's own text is not
// repeated at the end of the message.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// errorOf returns an error matching kind with the message format makes,
// which starts with "cisco: ".
func errorOf(kind error, format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: kind}
}

// checkName reports whether name is usable as an IOS trustpoint, key label
// or hostname: not empty, printable ASCII without spaces, and without "?",
// which asks the IOS command line for help instead of being typed.
func checkName(what, name string) error {
	if name == "" {
		return errorOf(ErrInvalidName, "cisco: %s is empty", what)
	}
	if i, r := badRune(name); i >= 0 {
		return errorOf(ErrInvalidName, "cisco: %s %q contains %q; IOS takes printable ASCII without spaces or \"?\"", what, name, r)
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

// Describe names a certificate in a message as this package's messages
// do: "CN=" and its CN, else its subject, else its serial number.
func Describe(c *x509.Certificate) string { return describe(c) }

// describe names a certificate in a message by its subject, else by its
// serial number.
func describe(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return "CN=" + x509text.Printable(c.Subject.CommonName)
	}
	if s := x509text.Subject(c); s != "" {
		return s
	}
	if c.SerialNumber == nil {
		return "a certificate with no subject and no serial number"
	}
	return "the certificate with serial " + c.SerialNumber.String()
}

// serialOf writes c's serial number in hex for a message, or "none".
func serialOf(c *x509.Certificate) string {
	if c.SerialNumber == nil {
		return "none"
	}
	return fmt.Sprintf("%x", c.SerialNumber)
}
