package verdict

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/finding"
)

var at = time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)

type spec struct {
	cn                  string
	dns                 []string
	unstructured        string
	ca                  bool
	notBefore, notAfter time.Time
	alg                 x509.SignatureAlgorithm
	rsaBits             int
}

// make builds a self-signed certificate, or one signed by parent.
func build(t *testing.T, s spec, parent *x509.Certificate, parentKey any) (*x509.Certificate, any) {
	t.Helper()
	var key, pub any
	if s.rsaBits > 0 {
		k, err := rsa.GenerateKey(rand.Reader, s.rsaBits)
		if err != nil {
			t.Fatal(err)
		}
		key, pub = k, &k.PublicKey
	} else {
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		key, pub = k, &k.PublicKey
	}
	if s.notBefore.IsZero() {
		s.notBefore = at.AddDate(-1, 0, 0)
	}
	if s.notAfter.IsZero() {
		s.notAfter = at.AddDate(5, 0, 0)
	}
	subj := pkix.Name{CommonName: s.cn}
	if s.unstructured != "" {
		subj.ExtraNames = append(subj.ExtraNames, pkix.AttributeTypeAndValue{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}, Value: s.unstructured})
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: subj, DNSNames: s.dns, NotBefore: s.notBefore, NotAfter: s.notAfter,
		BasicConstraintsValid: true, IsCA: s.ca, SignatureAlgorithm: s.alg}
	signer, signKey := tmpl, key
	if parent != nil {
		signer, signKey = parent, parentKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, pub, signKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c, key
}

func codes(fs []finding.Finding) []finding.Code {
	var out []finding.Code
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestValidity(t *testing.T) {
	for _, tc := range []struct {
		name     string
		s        spec
		within   time.Duration
		want     finding.Code
		severity finding.Severity
	}{
		{"expired", spec{cn: "a", notAfter: at.AddDate(0, 0, -1)}, 0, finding.CodeExpired, finding.Error},
		{"not yet valid", spec{cn: "a", notBefore: at.AddDate(0, 0, 1)}, 0, finding.CodeNotYetValid, finding.Error},
		{"expiring in 10 days", spec{cn: "a", notAfter: at.AddDate(0, 0, 10)}, 0, finding.CodeExpiring, finding.Warning},
		{"expiring in 10 days, no window", spec{cn: "a", notAfter: at.AddDate(0, 0, 10)}, -1, "", 0},
		{"expiring in 40 days", spec{cn: "a", notAfter: at.AddDate(0, 0, 40)}, 0, "", 0},
		{"expiring in 40 days, 60-day window", spec{cn: "a", notAfter: at.AddDate(0, 0, 40)}, 60 * 24 * time.Hour, finding.CodeExpiring, finding.Warning},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := build(t, tc.s, nil, nil)
			fs := Validity(c, Options{At: at, WarnWithin: tc.within})
			if tc.want == "" {
				if len(fs) != 0 {
					t.Fatalf("got %v, want nothing", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Code != tc.want || fs[0].Severity != tc.severity || fs[0].Certificate != c {
				t.Fatalf("got %v, want one %s (%v)", fs, tc.want, tc.severity)
			}
		})
	}
}

func TestSignatureAndKey(t *testing.T) {
	root, rootKey := build(t, spec{cn: "Old Root", ca: true, alg: x509.SHA1WithRSA, rsaBits: 2048}, nil, nil)
	if fs := Certificate(root, Options{At: at}); len(fs) != 0 {
		t.Errorf("a self-signed root's own SHA-1 signature: got %v, want no finding", fs)
	}
	inter, _ := build(t, spec{cn: "Issuing", ca: true, alg: x509.SHA1WithRSA, rsaBits: 1024}, root, rootKey)
	got := codes(Certificate(inter, Options{At: at}))
	want := []finding.Code{finding.CodeWeakSignature, finding.CodeKeyTooSmall}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("SHA-1 intermediate with a 1024-bit key: got %v, want %v", got, want)
	}
	if fs := Certificates([]*x509.Certificate{inter, inter}, Options{At: at}); len(fs) != 2 {
		t.Errorf("a certificate given twice is checked once: got %d findings", len(fs))
	}
}

func TestNameMatch(t *testing.T) {
	for _, tc := range []struct {
		name, host string
		want       Match
	}{
		{"vgw1", "vgw1", Exact},
		{"vgw1.example.com", "vgw1", Exact},
		{"vgw1.example.com", "vgw1.example.com", Exact},
		{"VGW1.example.com", "vgw1", CaseOnly},
		{"vgw1", "VGW1", CaseOnly},
		{"vgw10.example.com", "vgw1", NoMatch},
		{"vgw1.", "vgw1", NoMatch},
		{"vgw1", "vgw1.example.com", NoMatch},
		{"", "vgw1", NoMatch},
	} {
		if got := NameMatch(tc.name, tc.host); got != tc.want {
			t.Errorf("NameMatch(%q, %q) = %v, want %v", tc.name, tc.host, got, tc.want)
		}
	}
}

func TestName(t *testing.T) {
	c, _ := build(t, spec{cn: "vgw1.example.com"}, nil, nil)
	if fs := Name(c, "the gateway certificate", "vgw1"); len(fs) != 0 {
		t.Errorf("CN vgw1.example.com, hostname vgw1: got %v, want no finding", fs)
	}
	fs := Name(c, "the gateway certificate", "VGW1")
	if len(fs) != 1 || fs[0].Code != finding.CodeNameCaseMismatch {
		t.Errorf("CN vgw1.example.com, hostname VGW1: got %v, want name-case-mismatch", fs)
	}
	fs = Name(c, "the gateway certificate", "vgw2")
	if len(fs) != 1 || fs[0].Code != finding.CodeNameMismatch {
		t.Errorf("CN vgw1.example.com, hostname vgw2: got %v, want name-mismatch", fs)
	}
	caseCN, _ := build(t, spec{cn: "VGW1", dns: []string{"vgw1.example.com"}}, nil, nil)
	if fs := Name(caseCN, "the gateway certificate", "vgw1"); len(fs) != 1 || fs[0].Code != finding.CodeNameCaseMismatch {
		t.Errorf("CN VGW1 and a SAN vgw1.example.com, hostname vgw1: got %v, want name-case-mismatch", fs)
	}
	san, _ := build(t, spec{cn: "Voice Gateway", dns: []string{"vgw1.example.com"}}, nil, nil)
	if fs := Name(san, "the gateway certificate", "vgw1"); len(fs) != 0 {
		t.Errorf("a DNS SAN vgw1.example.com, hostname vgw1: got %v, want no finding", fs)
	}
}

func TestDevice(t *testing.T) {
	ios, _ := build(t, spec{cn: "IOS-Self-Signed-Certificate-3891", ca: true, alg: x509.SHA1WithRSA, rsaBits: 2048}, nil, nil)
	host, _ := build(t, spec{cn: "vgw03", ca: true}, nil, nil)
	fqdn, _ := build(t, spec{cn: "vgw04.verybigco.com", unstructured: "vgw04.verybigco.com", ca: true}, nil, nil)
	root, _ := build(t, spec{cn: "Verybigco Root CA", ca: true}, nil, nil)
	known := []string{"vgw03.verybigco.com", "VGW04"}
	for _, tc := range []struct {
		name               string
		c                  *x509.Certificate
		selfSigned, issued bool
		want               bool
	}{
		{"IOS default name", ios, true, false, true},
		{"CN=host, known as host.domain", host, true, false, true},
		{"CN=host.domain with unstructuredName, known as HOST", fqdn, true, false, true},
		{"a root CA", root, true, false, false},
		{"a device name that issued a certificate", host, true, true, false},
		{"not self-signed", host, false, false, false},
	} {
		if got := Device(tc.c, tc.selfSigned, tc.issued, known); got != tc.want {
			t.Errorf("%s: Device = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// FuzzDeviceIndex holds the index to the rule it speeds up: Device with
// the candidates of a name answers as Device with every name does.
func FuzzDeviceIndex(f *testing.F) {
	f.Add("vgw03", "VGW03.verybigco.com", "gw1", "")
	f.Add("cucm-pub.example.com", "cucm-pub", "CUCM-PUB.EXAMPLE.COM.", " gw2 ")
	f.Add("a.b", "a", "A.B.C", "b.a")
	f.Fuzz(func(t *testing.T, cn, d1, d2, d3 string) {
		c := &x509.Certificate{Subject: pkix.Name{CommonName: cn}, DNSNames: []string{d3}}
		names := []string{d1, d2, d3 + ".example"}
		x := NewDeviceIndex(names...)
		var kept []string // what NewDeviceIndex keeps: trimmed, non-empty
		for _, n := range names {
			if n = strings.TrimSpace(n); n != "" {
				kept = append(kept, n)
			}
		}
		if got, want := Device(c, true, false, x.Candidates(c)), Device(c, true, false, kept); got != want {
			t.Errorf("CN %q, names %q: Device with the candidates %q = %v, with every name %v", cn, kept, x.Candidates(c), got, want)
		}
	})
}
