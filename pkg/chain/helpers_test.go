package chain_test

import (
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/chain"
)

// Fixed dates: every test certificate is valid from 2025 to 2125
// (testkit.Start, testkit.End) unless a test says otherwise, and tests
// check validity at testNow.
var testNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// pki builds certificate graphs in code and names each certificate, so
// that expected chains read as lists of names.
type pki struct {
	t      testing.TB
	serial int64
	names  map[string]string // DER -> name
}

func newPKI(t testing.TB) *pki { return &pki{t: t, names: map[string]string{}} }

// issuer is a certificate with the key that signs under it.
type issuer struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// spec describes one certificate to make.
type spec struct {
	name     string // test name; the CN unless cn is set
	cn       string
	ca       bool
	key      crypto.Signer // the subject's key; new P-256 if nil
	parent   *issuer       // nil means self-signed by key
	from, to time.Time
	noAKI    bool // issue without an authority key identifier
	aia      []string
	algo     x509.SignatureAlgorithm
	pathLen  int // for CAs: -1 none
	noCAFlag bool
	eku      []x509.ExtKeyUsage
	dnsNames []string
	keyUsage x509.KeyUsage
	issuerCN string // spell the issuer's CN differently in the certificate
}

// make issues a certificate from s and returns it with its key.
func (p *pki) make(s spec) *issuer {
	p.t.Helper()
	cn := s.cn
	if cn == "" {
		cn = s.name
	}
	key := s.key
	if key == nil {
		key = testkit.ECKey(p.t)
	}
	p.serial++
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(p.serial),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}},
		NotBefore:             s.from,
		NotAfter:              s.to,
		IssuingCertificateURL: s.aia,
		SignatureAlgorithm:    s.algo,
		ExtKeyUsage:           s.eku,
		DNSNames:              s.dnsNames,
	}
	if s.ca {
		tmpl.BasicConstraintsValid = true
		tmpl.IsCA = !s.noCAFlag
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		tmpl.MaxPathLen = s.pathLen
		tmpl.MaxPathLenZero = s.pathLen == 0
		if s.pathLen < 0 {
			tmpl.MaxPathLen = -1
		}
	} else {
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		if len(tmpl.ExtKeyUsage) == 0 {
			tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
		}
	}
	if s.keyUsage != 0 {
		tmpl.KeyUsage = s.keyUsage
	}
	var parent *testkit.CA // nil: self-signed by key
	if s.parent != nil {
		parentCert := s.parent.cert
		if s.noAKI || s.issuerCN != "" {
			cp := *parentCert
			if s.noAKI {
				cp.SubjectKeyId = nil
			}
			if s.issuerCN != "" {
				cp.RawSubject = nil
				cp.Subject.CommonName = s.issuerCN
			}
			parentCert = &cp
		}
		parent = &testkit.CA{Cert: parentCert, Key: s.parent.key}
	}
	// testkit.Issue gives a template without dates testkit.Start and
	// testkit.End (2025 to 2125); the serials stay this pki's own, in order.
	c := testkit.Issue(p.t, tmpl, key.Public(), parent, key)
	p.names[string(c.Raw)] = s.name
	return &issuer{cert: c, key: key}
}

// root, ca and leaf are the common shapes.
func (p *pki) root(name string) *issuer {
	return p.make(spec{name: name, ca: true, pathLen: -1})
}

func (p *pki) ca(name string, parent *issuer) *issuer {
	return p.make(spec{name: name, ca: true, pathLen: -1, parent: parent})
}

func (p *pki) leaf(name string, parent *issuer) *issuer {
	return p.make(spec{name: name, parent: parent, dnsNames: []string{name}})
}

// name returns a certificate's test name.
func (p *pki) name(c *x509.Certificate) string {
	if n, ok := p.names[string(c.Raw)]; ok {
		return n
	}
	return "?" + c.Subject.CommonName
}

// paths names every chain, root first.
func (p *pki) paths(chains []chain.Chain) [][]string {
	out := [][]string{}
	for _, ch := range chains {
		var names []string
		for _, c := range ch.Certificates {
			names = append(names, p.name(c))
		}
		out = append(out, names)
	}
	return out
}

func (p *pki) list(certs []*x509.Certificate) []string {
	out := []string{}
	for _, c := range certs {
		out = append(out, p.name(c))
	}
	return out
}

func certsOf(is ...*issuer) []*x509.Certificate {
	var out []*x509.Certificate
	for _, i := range is {
		out = append(out, i.cert)
	}
	return out
}
