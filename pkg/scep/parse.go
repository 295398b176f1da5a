package scep

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/smallstep/pkcs7"
)

// ErrNotCertificates is what ParseCACert's error matches (errors.Is) when
// the answer holds no certificate.
var ErrNotCertificates = errors.New("scep: no certificate in the answer")

// ParseCACert reads the body of a GetCACert (or GetNextCACert) answer:
// one DER certificate, or a degenerate PKCS#7 holding the CA and RA
// certificates. It says what it found when the body is neither.
func ParseCACert(body []byte) ([]*x509.Certificate, error) {
	if len(body) == 0 {
		return nil, fmt.Errorf("%w: the body is empty", ErrNotCertificates)
	}
	if c, err := x509.ParseCertificate(body); err == nil {
		return []*x509.Certificate{c}, nil
	}
	p7, err := parsePKCS7(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %d bytes that are neither a DER certificate nor a PKCS#7 (%v)", ErrNotCertificates, len(body), err)
	}
	if len(p7.Certificates) == 0 {
		return nil, fmt.Errorf("%w: a PKCS#7 of %d bytes without certificates", ErrNotCertificates, len(body))
	}
	out := make([]*x509.Certificate, 0, len(p7.Certificates))
	for _, c := range p7.Certificates {
		if c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// parsePKCS7 is pkcs7.Parse, with a panic of its BER reader on hostile
// bytes (smallstep/pkcs7 v0.1.1 indexes past the end of a 2-byte input,
// found by FuzzParseCACert) turned into an error.
func parsePKCS7(b []byte) (p7 *pkcs7.PKCS7, err error) {
	defer func() {
		if r := recover(); r != nil {
			p7, err = nil, fmt.Errorf("malformed BER (%v)", r)
		}
	}()
	return pkcs7.Parse(b)
}

// Roles of the certificates of a GetCACert answer.
const (
	usageSigning    = "signing"
	usageEncryption = "encryption"
)

// raUsage names what an RA certificate is for, by its key usage:
// "signing", "encryption", or both, "signing, encryption".
func raUsage(c *x509.Certificate) string {
	sign := c.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) != 0
	enc := c.KeyUsage&(x509.KeyUsageKeyEncipherment|x509.KeyUsageDataEncipherment) != 0
	switch {
	case sign && enc, !sign && !enc:
		return usageSigning + ", " + usageEncryption
	case sign:
		return usageSigning
	}
	return usageEncryption
}

// isCA: a CA certificate by its basic constraints, or a self-signed one
// without them (old CAs).
func isCA(c *x509.Certificate) bool {
	if c.BasicConstraintsValid {
		return c.IsCA
	}
	return bytes.Equal(c.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(c) == nil
}

// split sorts the certificates of a GetCACert answer into CA and RA
// certificates, each in the order they came.
func split(certs []*x509.Certificate) (cas, ras []*x509.Certificate) {
	for _, c := range certs {
		if isCA(c) {
			cas = append(cas, c)
		} else {
			ras = append(ras, c)
		}
	}
	return cas, ras
}

// authenticated is the CA certificate IOS shows at crypto pki
// authenticate: Cisco's command reference says the command obtains "the
// self-signed certificate of the CA", so the self-signed CA among the
// answer; without one, the CA that issued the RA certificates, or the
// first CA. Which one IOS shows when a subordinate CA's chain comes back
// is not confirmed by Cisco's documentation.
func authenticated(cas, ras []*x509.Certificate) *x509.Certificate {
	for _, c := range cas {
		if bytes.Equal(c.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(c) == nil {
			return c
		}
	}
	for _, r := range ras {
		for _, c := range cas {
			if r.CheckSignatureFrom(c) == nil {
				return c
			}
		}
	}
	if len(cas) > 0 {
		return cas[0]
	}
	return nil
}
