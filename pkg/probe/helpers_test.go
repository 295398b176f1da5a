package probe

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/testkit"
)

var serial atomic.Int64

// ca is a certificate and its key, made in the test.
type ca struct {
	cert *x509.Certificate
	key  crypto.Signer
}

type certSpec struct {
	cn        string
	dns       []string
	isCA      bool
	parent    *ca // nil: self-signed
	notBefore time.Time
	notAfter  time.Time
	rsa       bool
	aia       []string
}

func makeCert(t testing.TB, s certSpec) *ca {
	t.Helper()
	var key crypto.Signer
	var err error
	if s.rsa {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
	} else {
		key = testkit.ECKey(t)
	}
	nb, na := s.notBefore, s.notAfter
	if nb.IsZero() {
		nb = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if na.IsZero() {
		na = time.Date(2120, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial.Add(1)),
		Subject:               pkix.Name{CommonName: s.cn, Organization: []string{"Probe Test"}},
		NotBefore:             nb,
		NotAfter:              na,
		DNSNames:              s.dns,
		BasicConstraintsValid: true,
		IsCA:                  s.isCA,
		IssuingCertificateURL: s.aia,
	}
	if s.isCA {
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature
	} else {
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	}
	var parent *testkit.CA // nil: self-signed by key
	if s.parent != nil {
		parent = &testkit.CA{Cert: s.parent.cert, Key: s.parent.key}
	}
	return &ca{cert: testkit.Issue(t, tmpl, key.Public(), parent, key), key: key}
}

// pki is a root, an intermediate and a leaf for cucm1.example.com.
type pki struct {
	root, inter, leaf *ca
}

func newPKI(t testing.TB, prefix string, leafSpec certSpec) pki {
	root := makeCert(t, certSpec{cn: prefix + " Root", isCA: true})
	inter := makeCert(t, certSpec{cn: prefix + " Issuing CA", isCA: true, parent: root})
	if leafSpec.cn == "" {
		leafSpec.cn = "cucm1.example.com"
		leafSpec.dns = []string{"cucm1.example.com"}
	}
	leafSpec.parent = inter
	return pki{root: root, inter: inter, leaf: makeCert(t, leafSpec)}
}

// tlsCert makes the tls.Certificate that serves leaf with chain.
func tlsCert(leaf *ca, chain ...*x509.Certificate) tls.Certificate {
	tc := tls.Certificate{Certificate: [][]byte{leaf.cert.Raw}, PrivateKey: leaf.key, Leaf: leaf.cert}
	for _, c := range chain {
		tc.Certificate = append(tc.Certificate, c.Raw)
	}
	return tc
}

// serveTLS starts a crypto/tls server on 127.0.0.1 that handshakes each
// connection, then reads until the client goes; it returns its address.
func serveTLS(t testing.TB, cfg *tls.Config) string {
	t.Helper()
	return serveRaw(t, func(c net.Conn) {
		tc := tls.Server(c, cfg)
		tc.SetDeadline(time.Now().Add(10 * time.Second))
		if tc.Handshake() != nil {
			return
		}
		var b [512]byte
		for {
			if _, err := tc.Read(b[:]); err != nil {
				return
			}
		}
	})
}

// serveRaw runs handle for each connection accepted on 127.0.0.1.
func serveRaw(t testing.TB, handle func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				handle(c)
			}()
		}
	}()
	return l.Addr().String()
}

// toDialer dials addr whatever address it is asked for, so that targets
// can carry the names the certificates hold while every connection goes
// to 127.0.0.1.
type toDialer struct{ addr string }

func (d toDialer) DialContext(ctx context.Context, network, _ string) (net.Conn, error) {
	var nd net.Dialer
	return nd.DialContext(ctx, network, d.addr)
}

// probe1 probes one target through a dialer to addr.
func probe1(t testing.TB, addr, target string, o Options) Result {
	t.Helper()
	tg, err := ParseTarget(target)
	if err != nil {
		t.Fatal(err)
	}
	o.Dialer = toDialer{addr}
	rs, err := Run(context.Background(), []Target{tg}, o)
	if err != nil {
		t.Fatal(err)
	}
	return rs[0]
}

func codes(r Result) map[string]string {
	m := map[string]string{}
	for _, f := range r.Findings {
		m[string(f.Code)] = f.Message
	}
	return m
}

func servedNames(r Result) []string {
	var out []string
	for _, s := range r.Served {
		out = append(out, s.Certificate.Subject.CommonName)
	}
	return out
}
