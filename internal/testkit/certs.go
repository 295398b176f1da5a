// Package testkit is the test and benchmark support of certkit's packages:
// one certificate builder, the IOS hex writer, the public test data of
// other projects (Peer), the gateway fleet and the store of the
// benchmarks. Only tests, benchmarks and internal/cmd import it.
package testkit

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/finding"
)

// Start and End are the validity that Issue gives a template without one:
// fixed, and far in the future, so that tests never expire.
var (
	Start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	End   = time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC)
)

// CA is a CA certificate built in code with the key that signs under it.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// Issue signs tmpl for pub under parent, or self-signed with key when
// parent is nil, filling in a serial (from the CN, the start date and the
// public key, so that two keys never share one) and the fixed dates when
// missing.
func Issue(t testing.TB, tmpl *x509.Certificate, pub crypto.PublicKey, parent *CA, key crypto.Signer) *x509.Certificate {
	t.Helper()
	if tmpl.SerialNumber == nil {
		h := sha256.New()
		h.Write([]byte(tmpl.Subject.CommonName + tmpl.NotBefore.String()))
		if der, err := x509.MarshalPKIXPublicKey(pub); err == nil {
			h.Write(der)
		}
		tmpl.SerialNumber = new(big.Int).SetBytes(h.Sum(nil)[:8])
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = Start
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = End
	}
	issuer, signer := tmpl, key
	if parent != nil {
		issuer, signer = parent.Cert, parent.Key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, pub, signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ECKey makes a P-256 key.
func ECKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// NewCA makes a CA named cn under parent (self-signed when nil), with a
// P-256 key. mod, when given, edits the template first.
func NewCA(t testing.TB, cn string, parent *CA, mod func(*x509.Certificate)) *CA {
	t.Helper()
	key := ECKey(t)
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	if mod != nil {
		mod(tmpl)
	}
	return &CA{Cert: Issue(t, tmpl, key.Public(), parent, key), Key: key}
}

// FakeRSA returns an RSA public key of exactly bits bits. Nobody holds its
// private key: it only has to look right in a leaf certificate.
func FakeRSA(bits int) *rsa.PublicKey {
	n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	n.Add(n, big.NewInt(0x1234567))
	return &rsa.PublicKey{N: n, E: 65537}
}

// NewLeaf makes a server-and-client leaf for cn with the DNS SANs under
// parent (self-signed, with a new P-256 key, when parent is nil). Its key
// is pub, or a FakeRSA(2048) key when pub is nil and parent is not. mod,
// when given, edits the template first.
func NewLeaf(t testing.TB, cn string, dns []string, parent *CA, pub crypto.PublicKey, mod func(*x509.Certificate)) *x509.Certificate {
	t.Helper()
	var key crypto.Signer
	if parent == nil {
		k := ECKey(t)
		key, pub = k, k.Public()
	}
	if pub == nil {
		pub = FakeRSA(2048)
	}
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		DNSNames:    dns,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	if mod != nil {
		mod(tmpl)
	}
	return Issue(t, tmpl, pub, parent, key)
}

// ReadCert reads the single PEM certificate of the file at path.
func ReadCert(t testing.TB, path string) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

// Codes lists the findings' codes in order.
func Codes(fs []finding.Finding) []finding.Code {
	var cs []finding.Code
	for _, f := range fs {
		cs = append(cs, f.Code)
	}
	return cs
}

// SelfSignedDER issues tmpl, as it is, to a new P-256 key signed by that
// same key, and returns the certificate's DER.
func SelfSignedDER(t testing.TB, tmpl *x509.Certificate) []byte {
	t.Helper()
	key := ECKey(t)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// WriteCertPEM writes der as a CERTIFICATE PEM file named name in a new
// temporary directory and returns its path.
func WriteCertPEM(t testing.TB, name string, der []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
