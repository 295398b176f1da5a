package cucm

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"sort"
	"testing"
	"time"
)

var (
	testStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	testEnd   = time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC)
	// testAt is the audit time of the tests.
	testAt = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
)

// testCA is a CA certificate with the key that signs under it.
type testCA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// issue signs tmpl for pub under parent, or self-signed with key when
// parent is nil, filling in a serial and the fixed dates when missing.
func issue(t testing.TB, tmpl *x509.Certificate, pub crypto.PublicKey, parent *testCA, key crypto.Signer) *x509.Certificate {
	t.Helper()
	if tmpl.SerialNumber == nil {
		sum := sha256.Sum256(fmt.Appendf(nil, "%s %v %p", tmpl.Subject.CommonName, tmpl.NotBefore, pub))
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

// makeCA makes a CA named cn under parent (self-signed when nil).
func makeCA(t testing.TB, cn string, parent *testCA) *testCA {
	t.Helper()
	k := newKey(t)
	return &testCA{Cert: issue(t, &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true, IsCA: true,
	}, k.Public(), parent, k), Key: k}
}

// makeLeaf makes a device certificate named cn with the DNS SANs, under
// parent, or self-signed when parent is nil.
func makeLeaf(t testing.TB, cn string, dns []string, parent *testCA) *x509.Certificate {
	t.Helper()
	k := newKey(t)
	return issue(t, &x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		DNSNames:    dns,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}, k.Public(), parent, k)
}

// storeOf builds a store from name/certificate pairs.
func storeOf(name string, files ...any) *Store {
	s := &Store{Name: name}
	for i := 0; i < len(files); i += 2 {
		s.Entries = append(s.Entries, Entry{Store: name, File: files[i].(string), Certificate: files[i+1].(*x509.Certificate)})
	}
	return s
}

// actionsOf lists a report's actions as "store/file code", sorted.
func actionsOf(r *Report) []string {
	var out []string
	for _, a := range r.Actions {
		out = append(out, a.Store+"/"+a.File+" "+string(a.Code))
	}
	sort.Strings(out)
	return out
}

// findingsOf lists a report's findings as "code store/file".
func findingsOf(r *Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, string(f.Code)+" "+f.Store+"/"+f.File)
	}
	return out
}
