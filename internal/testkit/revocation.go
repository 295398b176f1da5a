package testkit

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"
)

// OCSP describes an OCSP answer for OCSPResponse.
type OCSP struct {
	// Status is ocsp.Good, ocsp.Revoked or ocsp.Unknown.
	Status int
	// Reason and RevokedAt, when Revoked.
	Reason    int
	RevokedAt time.Time
	// ThisUpdate and NextUpdate; zero ThisUpdate means Start, zero
	// NextUpdate means End.
	ThisUpdate, NextUpdate time.Time
	// Responder, when set, signs instead of the CA (a delegated
	// responder); its certificate is embedded.
	Responder *CA
	// Serial, when set, answers for it instead of the certificate's.
	Serial *big.Int
}

// OCSPResponse is the DER of the OCSP answer o about cert, signed by ca
// (or o.Responder).
func OCSPResponse(t testing.TB, ca *CA, cert *x509.Certificate, o OCSP) []byte {
	t.Helper()
	tmpl := ocsp.Response{
		Status:           o.Status,
		SerialNumber:     cert.SerialNumber,
		ThisUpdate:       o.ThisUpdate,
		NextUpdate:       o.NextUpdate,
		RevokedAt:        o.RevokedAt,
		RevocationReason: o.Reason,
	}
	if o.Serial != nil {
		tmpl.SerialNumber = o.Serial
	}
	if tmpl.ThisUpdate.IsZero() {
		tmpl.ThisUpdate = Start
	}
	if tmpl.NextUpdate.IsZero() {
		tmpl.NextUpdate = End
	}
	signer, responder := ca.Key, ca.Cert
	if o.Responder != nil {
		signer, responder = o.Responder.Key, o.Responder.Cert
		tmpl.Certificate = o.Responder.Cert
	}
	der, err := ocsp.CreateResponse(ca.Cert, responder, tmpl, signer)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// Revoked is one entry of a CRL for CRL.
type Revoked struct {
	Serial *big.Int
	At     time.Time
	Reason int
}

// CRL is the DER of a CRL signed by ca listing revoked, dated
// thisUpdate (Start when zero) to nextUpdate (End when zero).
func CRL(t testing.TB, ca *CA, thisUpdate, nextUpdate time.Time, revoked ...Revoked) []byte {
	t.Helper()
	if thisUpdate.IsZero() {
		thisUpdate = Start
	}
	if nextUpdate.IsZero() {
		nextUpdate = End
	}
	tmpl := &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: thisUpdate, NextUpdate: nextUpdate}
	for _, r := range revoked {
		tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries, x509.RevocationListEntry{SerialNumber: r.Serial, RevocationTime: r.At, ReasonCode: r.Reason})
	}
	der, err := x509.CreateRevocationList(rand.Reader, tmpl, ca.Cert, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// OCSPResponderCA makes a delegated OCSP responder certificate named cn
// under ca, with the OCSPSigning extended key usage unless noEKU.
func OCSPResponderCA(t testing.TB, cn string, ca *CA, noEKU bool) *CA {
	t.Helper()
	key := ECKey(t)
	tmpl := &x509.Certificate{Subject: pkix.Name{CommonName: cn}, KeyUsage: x509.KeyUsageDigitalSignature}
	if !noEKU {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning}
	}
	return &CA{Cert: Issue(t, tmpl, key.Public(), ca, key), Key: key}
}
