package cisco

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha1"
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
	// collide in CUCM's one-certificate-per-subject trust store.
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
	// CodeEKU: a leaf without both serverAuth and clientAuth; SIP TLS needs
	// both.
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

// ErrInvalidName reports a trustpoint, hostname or key label that IOS would
// not take, such as an empty name or one with a space in it.
var ErrInvalidName = errors.New("invalid name")

// ErrInvalidOption reports an option value out of range or an option that
// does not fit with the others.
var ErrInvalidOption = errors.New("invalid option")

// ErrUnknownService reports a CUCM service name certkit does not know.
var ErrUnknownService = errors.New("unknown CUCM service")

// checkName reports whether name is usable as an IOS trustpoint, key label
// or hostname: not empty, printable ASCII without spaces, and without "?",
// which asks the IOS command line for help instead of being typed.
func checkName(what, name string) error {
	if name == "" {
		return fmt.Errorf("cisco: %s is empty: %w", what, ErrInvalidName)
	}
	for _, r := range name {
		if r <= ' ' || r >= 0x7f || r == '?' {
			return fmt.Errorf("cisco: %s %q contains %q; IOS takes printable ASCII without spaces or \"?\": %w", what, name, r, ErrInvalidName)
		}
	}
	return nil
}

// describe names a certificate in a message by its subject.
func describe(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return "CN=" + c.Subject.CommonName
	}
	if s := c.Subject.String(); s != "" {
		return s
	}
	return "the certificate with serial " + c.SerialNumber.String()
}

// selfSigned reports whether c's own key verifies its signature and its
// issuer equals its subject. A self-issued link certificate is not
// self-signed.
func selfSigned(c *x509.Certificate) bool {
	if string(c.RawIssuer) != string(c.RawSubject) {
		return false
	}
	return verifySignature(c, c) == nil
}

// verifySignature checks, by signature only, that parent's key signed c,
// and that parent may sign certificates. Unlike x509's CheckSignatureFrom
// it accepts SHA-1, which CAs still hand out and which CUCM must be warned
// about rather than reported as a broken chain.
func verifySignature(c, parent *x509.Certificate) error {
	if !isSHA1(c.SignatureAlgorithm) {
		return c.CheckSignatureFrom(parent)
	}
	if parent.Version == 3 && !parent.BasicConstraintsValid || parent.BasicConstraintsValid && !parent.IsCA {
		return x509.ConstraintViolationError{}
	}
	if parent.KeyUsage != 0 && parent.KeyUsage&x509.KeyUsageCertSign == 0 {
		return x509.ConstraintViolationError{}
	}
	sum := sha1.Sum(c.RawTBSCertificate)
	switch pub := parent.PublicKey.(type) {
	case *rsa.PublicKey:
		if c.SignatureAlgorithm != x509.SHA1WithRSA {
			return x509.ErrUnsupportedAlgorithm
		}
		return rsa.VerifyPKCS1v15(pub, crypto.SHA1, sum[:], c.Signature)
	case *ecdsa.PublicKey:
		if c.SignatureAlgorithm != x509.ECDSAWithSHA1 || !ecdsa.VerifyASN1(pub, sum[:], c.Signature) {
			return errors.New("x509: ECDSA verification failure")
		}
		return nil
	}
	return x509.ErrUnsupportedAlgorithm
}
