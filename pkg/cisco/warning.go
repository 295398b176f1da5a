package cisco

import (
	"crypto/x509"
	"errors"
	"fmt"
)

// Code names a kind of warning, so that a caller can branch on it or a
// script can match it in JSON. Codes are stable; messages are not.
type Code string

// Warnings about the gateway paste session.
const (
	// CodeNotIssuedBy: a certificate's signature does not verify with the
	// key of the CA it is pasted or uploaded after.
	CodeNotIssuedBy Code = "not-issued-by"
	// CodeNameMismatch: the certificate's CN differs from the trustpoint or
	// hostname given.
	CodeNameMismatch Code = "name-mismatch"
	// CodeNameCase: the CN differs from the trustpoint or hostname in letter
	// case only.
	CodeNameCase Code = "name-case"
)

// Warnings about a CUCM upload plan.
const (
	// CodePKCS7HoldsLeaf: a .p7b holds the device certificate; CUCM refuses it.
	CodePKCS7HoldsLeaf Code = "p7b-holds-leaf"
	// CodeSubjectCollision: two CA certificates share a subject and so
	// collide in CUCM's one-certificate-per-subject trust store, including
	// a step and a certificate of the inputs the plan leaves out (the old
	// copy of a re-keyed CA, which may already be in the trust store).
	CodeSubjectCollision Code = "subject-collision"
	// CodeKeyTooLarge: a key larger than CUCM's 4096-bit limit.
	CodeKeyTooLarge Code = "key-too-large"
	// CodeKeyOver2048: a CallManager key larger than 2048 bits, which phones
	// handle badly.
	CodeKeyOver2048 Code = "key-over-2048"
	// CodeKeyType: an RSA key for an -ECDSA service or the reverse.
	CodeKeyType Code = "key-type"
	// CodeWildcard: a wildcard name; CUCM does not support wildcard
	// certificates.
	CodeWildcard Code = "wildcard"
	// CodeSHA1: a certificate signed with SHA-1.
	CodeSHA1 Code = "sha1"
	// CodeMD5: a certificate signed with MD5 (or the older MD2), which is
	// broken: anyone can forge a certificate with the same signature.
	CodeMD5 Code = "md5"
	// CodeEKU: a CallManager certificate, or a SIP trunk peer's, without
	// both serverAuth and clientAuth; SIP TLS needs both.
	CodeEKU Code = "eku"
	// CodeExpiresBeforeLeaf: a CA certificate that expires before the leaf.
	CodeExpiresBeforeLeaf Code = "expires-before-leaf"
	// CodeNoRoot: the first certificate of the plan is not self-signed, so
	// the root is missing.
	CodeNoRoot Code = "no-root"
)

// Warnings about the SIP trunk X.509 subject names.
const (
	// CodeTrunkNoMatch: a typed name matches neither the CN nor a SAN.
	CodeTrunkNoMatch Code = "trunk-no-match"
	// CodeTrunkCase: a typed name matches the CN or a SAN in letter case
	// only.
	CodeTrunkCase Code = "trunk-case"
)

// Warning is one thing certkit noticed that a person should fix or check
// before typing or uploading anything.
type Warning struct {
	Code    Code
	Message string
	// Certificate is the certificate the warning is about, when there is one.
	Certificate *x509.Certificate
}

// String returns the code and the message, such as
// "sha1: CN=Old Root is signed with SHA-1 (SHA1-RSA)".
func (w Warning) String() string {
	return string(w.Code) + ": " + w.Message
}

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

// describe names a certificate in a message by its subject, else by its
// serial number.
func describe(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return "CN=" + c.Subject.CommonName
	}
	if s := c.Subject.String(); s != "" {
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
