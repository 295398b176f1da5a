package cisco

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

// testdataDir is the repository's testdata/cisco, written by internal/cmd/gen.
var testdataDir = filepath.Join("..", "..", "testdata", "cisco")

// readCert reads the single PEM certificate testdata/cisco/rel.
func readCert(t testing.TB, rel string) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdataDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatalf("%s: no PEM block", rel)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return c
}

// testCA is a CA certificate built in code with the key that signs under it.
type testCA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

var (
	testStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	testEnd   = time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC)
)

// issue signs tmpl for pub under parent, or self-signed with key when
// parent is nil, filling in a serial and the fixed dates when missing.
func issue(t testing.TB, tmpl *x509.Certificate, pub crypto.PublicKey, parent *testCA, key crypto.Signer) *x509.Certificate {
	t.Helper()
	if tmpl.SerialNumber == nil {
		sum := sha256.Sum256([]byte(tmpl.Subject.CommonName + tmpl.NotBefore.String()))
		tmpl.SerialNumber = new(big.Int).SetBytes(sum[:8])
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = testStart
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = testEnd
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

func ecKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// newTestCA makes a CA named cn under parent (self-signed when nil).
// mod, when given, edits the template first.
func newTestCA(t testing.TB, cn string, parent *testCA, mod func(*x509.Certificate)) *testCA {
	t.Helper()
	key := ecKey(t)
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	if mod != nil {
		mod(tmpl)
	}
	return &testCA{Cert: issue(t, tmpl, key.Public(), parent, key), Key: key}
}

// fakeRSA returns an RSA public key of exactly bits bits. Nobody holds its
// private key: it only has to look right in a leaf certificate.
func fakeRSA(bits int) *rsa.PublicKey {
	n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	n.Add(n, big.NewInt(0x1234567))
	return &rsa.PublicKey{N: n, E: 65537}
}

// newTestLeaf makes a server-and-client leaf for cn with a 2048-bit RSA
// key under parent. mod, when given, edits the template first; pub, when
// not nil, replaces the key.
func newTestLeaf(t testing.TB, cn string, dns []string, parent *testCA, pub crypto.PublicKey, mod func(*x509.Certificate)) *x509.Certificate {
	t.Helper()
	if pub == nil {
		pub = fakeRSA(2048)
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
	return issue(t, tmpl, pub, parent, nil)
}

// codes lists the warnings' codes in order.
func codes(ws []finding.Finding) []finding.Code {
	var cs []finding.Code
	for _, w := range ws {
		cs = append(cs, w.Code)
	}
	return cs
}
