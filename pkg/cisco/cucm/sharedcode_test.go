package cucm

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/csr"
	"github.com/voicepki/certkit/pkg/finding"
)

// TestSharedConditionsShareCodes puts one condition at a time into a
// certificate request and into the certificate CUCM would get from it, and
// checks that csr.Lint and this package report it with the same code. The
// certificates and requests are built as structs, with only the fields the
// checks read (their signatures do not verify, which each side reports
// under a code of its own).
func TestSharedConditionsShareCodes(t *testing.T) {
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaOf := func(bits int) *rsa.PublicKey {
		n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
		return &rsa.PublicKey{N: n.Add(n, big.NewInt(1)), E: 65537}
	}
	type shape struct {
		pub     any
		names   []string
		sig     x509.SignatureAlgorithm
		eku     bool // serverAuth and clientAuth
		service string
	}
	clean := shape{pub: rsaOf(2048), names: []string{"gw1.example.com"}, sig: x509.SHA256WithRSA, eku: true, service: "CallManager"}
	lint := func(s shape) []finding.Code {
		req := &x509.CertificateRequest{
			Subject: pkix.Name{CommonName: s.names[0]}, DNSNames: s.names,
			PublicKey: s.pub, SignatureAlgorithm: s.sig, RawSubject: []byte{0x30, 0x03, 0x31, 0x01, 0x00},
		}
		switch s.pub.(type) {
		case *rsa.PublicKey:
			req.PublicKeyAlgorithm = x509.RSA
		case *ecdsa.PublicKey:
			req.PublicKeyAlgorithm = x509.ECDSA
		}
		if s.eku {
			req.Extensions = []pkix.Extension{ekuExtension(t)}
		}
		var out []finding.Code
		for _, f := range csr.Lint(req, csr.Policy{Service: s.service}) {
			out = append(out, f.Code)
		}
		return out
	}
	plan := func(s shape) []finding.Code {
		c := &x509.Certificate{
			Subject: pkix.Name{CommonName: s.names[0]}, DNSNames: s.names, PublicKey: s.pub, SignatureAlgorithm: s.sig,
			NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
			Raw: []byte("leaf"), Version: 3, BasicConstraintsValid: true,
		}
		if s.eku {
			c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
		}
		p, err := planChain([]*x509.Certificate{c}, planOptions{Service: s.service})
		if err != nil {
			t.Fatal(err)
		}
		return codes(p.Warnings)
	}
	for _, tc := range []struct {
		condition string
		change    func(*shape)
		want      finding.Code
	}{
		{"a wildcard name", func(s *shape) { s.names = []string{"*.example.com"} }, finding.CodeWildcard},
		{"an ECDSA key for CallManager", func(s *shape) { s.pub = &ecKey.PublicKey }, finding.CodeKeyType},
		{"an RSA key for CallManager-ECDSA", func(s *shape) { s.service = "CallManager-ECDSA" }, finding.CodeKeyType},
		{"a 3072-bit CallManager key", func(s *shape) { s.pub = rsaOf(3072) }, finding.CodeKeyOver2048},
		{"an 8192-bit key", func(s *shape) { s.pub = rsaOf(8192); s.service = "tomcat" }, finding.CodeKeyTooLarge},
		{"CallManager without serverAuth and clientAuth", func(s *shape) { s.eku = false }, finding.CodeMissingEKU},
		{"signed with SHA-1", func(s *shape) { s.sig = x509.SHA1WithRSA }, finding.CodeWeakSignature},
		{"signed with MD5", func(s *shape) { s.sig = x509.MD5WithRSA }, finding.CodeWeakSignature},
	} {
		if slices.Contains(lint(clean), tc.want) || slices.Contains(plan(clean), tc.want) {
			t.Fatalf("%s: the clean shape already reports %s", tc.condition, tc.want)
		}
		s := clean
		tc.change(&s)
		if got := lint(s); !slices.Contains(got, tc.want) {
			t.Errorf("%s: csr.Lint reports %v, want %s among them", tc.condition, got, tc.want)
		}
		if got := plan(s); !slices.Contains(got, tc.want) {
			t.Errorf("%s: Plan reports %v, want %s among them", tc.condition, got, tc.want)
		}
	}

	// A name the user gave that differs from the certificate's only in
	// letter case, or not at all: csr's --hostname and the SIP trunk
	// subject names.
	gw := &x509.Certificate{Subject: pkix.Name{CommonName: "gw1"}, DNSNames: []string{"gw1.example.com"}}
	req := &x509.CertificateRequest{Subject: gw.Subject, DNSNames: gw.DNSNames, PublicKey: rsaOf(2048), PublicKeyAlgorithm: x509.RSA}
	for typed, want := range map[string]finding.Code{"GW1.example.com": finding.CodeNameCaseMismatch, "gw2": finding.CodeNameMismatch} {
		var fromLint []finding.Code
		for _, f := range csr.Lint(req, csr.Policy{Hostname: typed}) {
			fromLint = append(fromLint, f.Code)
		}
		tc, err := CheckTrunkSubject(typed, gw)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(fromLint, want) || !slices.Equal(codes(tc.Warnings), []finding.Code{want}) {
			t.Errorf("%q against CN gw1: csr.Lint %v, CheckTrunkSubject %v, want %s in both", typed, fromLint, codes(tc.Warnings), want)
		}
	}
}

// ekuExtension is the extended key usage extension asking for serverAuth
// and clientAuth, as a request carries it.
func ekuExtension(t *testing.T) pkix.Extension {
	t.Helper()
	// id-ce-extKeyUsage with id-kp-serverAuth and id-kp-clientAuth.
	return pkix.Extension{
		Id:    []int{2, 5, 29, 37},
		Value: []byte{0x30, 0x14, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02},
	}
}
