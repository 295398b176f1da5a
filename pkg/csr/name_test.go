package csr

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"testing"

	"github.com/voicepki/certkit/internal/x509text"
)

// TestKey: a request's key as certkit csr and the web page print it
// (x509text.DescribeKey, as every key certkit writes), a key crypto/x509
// does not know included.
func TestKey(t *testing.T) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{}, k)
	if err != nil {
		t.Fatal(err)
	}
	req, err := x509.ParseCertificateRequest(der)
	if err != nil {
		t.Fatal(err)
	}
	if got := x509text.DescribeKey(req.PublicKey).String(); got != "ECDSA P-256" {
		t.Errorf("Key = %q", got)
	}
	unknown := &x509.CertificateRequest{PublicKeyAlgorithm: x509.UnknownPublicKeyAlgorithm}
	if got := x509text.DescribeKey(unknown.PublicKey).String(); got != "unknown (<nil>)" {
		t.Errorf("Key of an unknown algorithm = %q", got)
	}
}
