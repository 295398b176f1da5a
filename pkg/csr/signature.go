package csr

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/x509text"
)

// ErrBadSignature means a request's signature does not verify against the
// public key the request carries: the request was altered or damaged.
var ErrBadSignature = errors.New("csr: signature does not verify")

// SignatureError is the error for a request whose own signature does not
// verify. errors.Is(err, ErrBadSignature) holds for it.
type SignatureError struct {
	Algorithm x509.SignatureAlgorithm // the algorithm the request names
	Err       error                   // the verifier's reason
}

// Error says what went wrong, as the command prints it.
func (e *SignatureError) Error() string {
	return fmt.Sprintf("csr: the request's %v signature does not verify against its own public key (the request was altered or damaged)", e.Algorithm)
}

// Detail returns the verifier's message (crypto/rsa's, for one), which
// Error leaves out: a front end may show it apart.
func (e *SignatureError) Detail() string {
	if e.Err == nil {
		return ""
	}
	return e.Err.Error()
}

// Unwrap returns ErrBadSignature and the verifier's reason.
func (e *SignatureError) Unwrap() []error { return []error{ErrBadSignature, e.Err} }

// CheckSignature verifies the request's signature with its own public key,
// with the signature check sigcheck.SignedBy uses for certificates. Unlike
// x509.CertificateRequest.CheckSignature it checks MD5, SHA-1 and DSA
// signatures too, with the primitives: a well-signed SHA-1, MD5 or DSA
// request verifies here, and Lint reports the weak algorithm instead. It
// returns nil, a *SignatureError, an error wrapping errors.ErrUnsupported
// when the algorithm or key cannot be checked (MD2, an unknown algorithm,
// an RSA key under 1024 bits), or one wrapping ErrNoRequest when req is
// nil.
func CheckSignature(req *x509.CertificateRequest) error {
	if req == nil {
		return fmt.Errorf("%w: nil request", ErrNoRequest)
	}
	if req.PublicKey == nil || unreadableKey(req.PublicKey) {
		what := "no public key certkit can read"
		if req.PublicKeyAlgorithm != x509.UnknownPublicKeyAlgorithm {
			what = fmt.Sprintf("no %v public key certkit can read", req.PublicKeyAlgorithm)
		}
		return fmt.Errorf("csr: cannot check the signature: the request has %s: %w", what, errors.ErrUnsupported)
	}
	err := sigcheck.Request(req)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errors.ErrUnsupported):
		return fmt.Errorf("csr: %w", err)
	}
	return &SignatureError{Algorithm: req.SignatureAlgorithm, Err: err}
}

// unreadableKey reports whether pub is an RSA, ECDSA or Ed25519 key that
// cannot be used: nil, or without its modulus or curve.
func unreadableKey(pub any) bool {
	switch pub.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		return x509text.KeyBits(pub) == 0
	}
	return false
}
