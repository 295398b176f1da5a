package csr

import (
	"crypto/x509"
	"fmt"

	"github.com/voicepki/certkit/internal/x509text"
)

// Subject returns the request's subject as every certkit command prints
// names: x509text.RequestSubject, which writes it as openssl does with
// "-nameopt RFC2253" (last RDN first, short attribute names such as
// unstructuredName, special and non-ASCII characters escaped). It returns
// "" for a nil req.
func Subject(req *x509.CertificateRequest) string {
	return x509text.RequestSubject(req)
}

// KeyAlgorithm names the request's key algorithm as certkit csr prints it:
// crypto/x509's name, or "unknown" for an algorithm it does not know.
func KeyAlgorithm(req *x509.CertificateRequest) string {
	if req.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm {
		return "unknown"
	}
	return req.PublicKeyAlgorithm.String()
}

// Key describes the request's key as certkit csr prints it: "RSA 2048 bits".
func Key(req *x509.CertificateRequest) string {
	return fmt.Sprintf("%s %d bits", KeyAlgorithm(req), x509text.KeyBits(req.PublicKey))
}
