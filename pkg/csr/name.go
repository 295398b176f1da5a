package csr

import (
	"crypto/x509"

	"github.com/voicepki/certkit/pkg/x509text"
)

// Subject returns the request's subject as every certkit command prints
// names: x509text.RequestSubject, which writes it as openssl does with
// "-nameopt RFC2253" (last RDN first, short attribute names such as
// unstructuredName, special and non-ASCII characters escaped). It returns
// "" for a nil req.
func Subject(req *x509.CertificateRequest) string {
	return x509text.RequestSubject(req)
}
