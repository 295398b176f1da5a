package csr

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"errors"
	"fmt"
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

func (e *SignatureError) Error() string {
	return fmt.Sprintf("csr: the request's %v signature does not verify against its own public key (the request was altered or damaged): %v", e.Algorithm, e.Err)
}

// Unwrap returns ErrBadSignature and the verifier's reason.
func (e *SignatureError) Unwrap() []error { return []error{ErrBadSignature, e.Err} }

// CheckSignature verifies the request's signature with its own public key.
// Unlike x509.CertificateRequest.CheckSignature it checks MD5 signatures
// too, with the primitives, and it checks SHA-1 ones without relying on
// x509's policy: a well-signed SHA-1 or MD5 request verifies here, and
// Lint reports the weak hash instead. It returns nil, a *SignatureError, an
// error wrapping errors.ErrUnsupported when the algorithm or key cannot be
// checked, or one wrapping ErrNoRequest when req is nil.
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
	var h crypto.Hash
	switch req.SignatureAlgorithm {
	case x509.SHA1WithRSA, x509.ECDSAWithSHA1:
		h = crypto.SHA1
	case x509.MD5WithRSA:
		h = crypto.MD5
	case x509.MD2WithRSA, x509.DSAWithSHA1, x509.DSAWithSHA256, x509.UnknownSignatureAlgorithm:
		return fmt.Errorf("csr: cannot check a %v signature: %w", req.SignatureAlgorithm, errors.ErrUnsupported)
	default:
		if err := req.CheckSignature(); err != nil {
			return classify(req, err)
		}
		return nil
	}
	var digest []byte
	if h == crypto.SHA1 {
		sum := sha1.Sum(req.RawTBSCertificateRequest)
		digest = sum[:]
	} else {
		sum := md5.Sum(req.RawTBSCertificateRequest)
		digest = sum[:]
	}
	switch pub := req.PublicKey.(type) {
	case *rsa.PublicKey:
		if req.SignatureAlgorithm == x509.ECDSAWithSHA1 {
			break
		}
		if err := rsa.VerifyPKCS1v15(pub, h, digest, req.Signature); err != nil {
			return classify(req, err)
		}
		return nil
	case *ecdsa.PublicKey:
		if req.SignatureAlgorithm != x509.ECDSAWithSHA1 {
			break
		}
		if !ecdsa.VerifyASN1(pub, digest, req.Signature) {
			return &SignatureError{Algorithm: req.SignatureAlgorithm, Err: errors.New("ECDSA verification failure")}
		}
		return nil
	}
	return &SignatureError{Algorithm: req.SignatureAlgorithm, Err: fmt.Errorf("a %v key cannot make a %v signature", req.PublicKeyAlgorithm, req.SignatureAlgorithm)}
}

// classify tells a signature that is wrong from one Go refuses to check,
// such as one made with an RSA key under 1024 bits.
func classify(req *x509.CertificateRequest, err error) error {
	if pub, ok := req.PublicKey.(*rsa.PublicKey); ok && pub.N.BitLen() < 1024 {
		return fmt.Errorf("csr: cannot check a signature made with a %d-bit RSA key: %w", pub.N.BitLen(), errors.ErrUnsupported)
	}
	var insecure x509.InsecureAlgorithmError
	if errors.As(err, &insecure) || errors.Is(err, x509.ErrUnsupportedAlgorithm) {
		return fmt.Errorf("csr: cannot check a %v signature: %w", req.SignatureAlgorithm, errors.Join(errors.ErrUnsupported, err))
	}
	return &SignatureError{Algorithm: req.SignatureAlgorithm, Err: err}
}

// unreadableKey reports whether pub is an RSA, ECDSA or Ed25519 key that
// cannot be used: nil, or without its modulus or curve.
func unreadableKey(pub any) bool {
	switch pub.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		return KeyBits(pub) == 0
	}
	return false
}
