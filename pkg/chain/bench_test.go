package chain

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/testpeer"
	"github.com/voicepki/certkit/pkg/convert"
)

// store builds a shuffled certificate store of n certificates: roots
// self-signed roots, each with two issuing CAs, and the rest gateway
// certificates spread over the issuing CAs. It returns them as one DER
// PKCS#7, as a Windows export would hold them.
func store(tb testing.TB, n, roots int) []byte {
	tb.Helper()
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			tb.Fatal(err)
		}
		return k
	}
	serial := int64(0)
	mk := func(cn string, ca bool, pub *ecdsa.PublicKey, parent *x509.Certificate, signer *ecdsa.PrivateKey) *x509.Certificate {
		serial++
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}},
			NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:     time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:     x509.KeyUsageDigitalSignature,
		}
		if ca {
			tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
			tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		}
		if parent == nil {
			parent = tmpl
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			tb.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			tb.Fatal(err)
		}
		return c
	}
	type ca struct {
		cert *x509.Certificate
		key  *ecdsa.PrivateKey
	}
	var certs []*x509.Certificate
	var issuing []ca
	for r := range roots {
		k := key()
		root := mk(fmt.Sprintf("Root CA %d", r), true, &k.PublicKey, nil, k)
		certs = append(certs, root)
		for i := range 2 {
			ik := key()
			c := mk(fmt.Sprintf("Issuing CA %d-%d", r, i), true, &ik.PublicKey, root, k)
			certs = append(certs, c)
			issuing = append(issuing, ca{c, ik})
		}
	}
	gwKey := key() // gateways may share a key: each certificate is still signed apart
	rng := mrand.New(mrand.NewPCG(1, 2))
	for g := 0; len(certs) < n; g++ {
		is := issuing[rng.IntN(len(issuing))]
		certs = append(certs, mk(fmt.Sprintf("gw%d.example.net", g), false, &gwKey.PublicKey, is.cert, is.key))
	}
	rng.Shuffle(len(certs), func(i, j int) { certs[i], certs[j] = certs[j], certs[i] })
	p7, err := convert.Encode(certs, convert.EncodeOptions{Format: convert.FormatPKCS7})
	if err != nil {
		tb.Fatal(err)
	}
	return p7
}

func decodeStore(tb testing.TB, p7 []byte) []*x509.Certificate {
	res, err := convert.Decode(p7, convert.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return res.Certificates
}

// BenchmarkOrder decodes the .p7b and orders it, as certkit order does,
// and reports the signature checks made per operation and per certificate.
func BenchmarkOrder(b *testing.B) {
	for _, n := range []int{1000, 5000, 20000} {
		p7 := store(b, n, 40)
		b.Run(fmt.Sprintf("certs=%d", n), func(b *testing.B) {
			var checks int64
			for b.Loop() {
				certs := decodeStore(b, p7)
				g := newGraph(certs, nil, Options{})
				if chains := g.chains(Options{}); len(chains) != n-120 {
					b.Fatalf("%d chains, want %d", len(chains), n-120)
				}
				checks = g.checks.Load()
			}
			b.ReportMetric(float64(checks), "sigchecks/op")
			b.ReportMetric(float64(checks)/float64(n), "sigchecks/cert")
		})
	}
}

// BenchmarkParseAndCheck is the yardstick: decode the .p7b, then check each
// certificate's signature once against an issuer already known (found by
// a map lookup), on one core.
func BenchmarkParseAndCheck(b *testing.B) {
	for _, n := range []int{1000, 5000, 20000} {
		p7 := store(b, n, 40)
		b.Run(fmt.Sprintf("certs=%d", n), func(b *testing.B) {
			for b.Loop() {
				certs := decodeStore(b, p7)
				bySubject := make(map[string]*x509.Certificate, 200)
				for _, c := range certs {
					if c.IsCA {
						bySubject[string(c.RawSubject)] = c
					}
				}
				for _, c := range certs {
					if !signedBy(c, bySubject[string(c.RawIssuer)]) {
						b.Fatal("signature check failed")
					}
				}
			}
		})
	}
}

// TestSignatureChecksBounded counts signature checks: one per certificate
// on a store, and at most MaxCandidates per certificate on a bag of loops.
func TestSignatureChecksBounded(t *testing.T) {
	certs := decodeStore(t, store(t, 300, 4))
	opts := Options{Verify: true} // chains are built and verified on all cores
	g := newGraph(certs, nil, opts)
	chains := g.chains(opts)
	if got := g.checks.Load(); got != int64(len(certs)) {
		t.Errorf("%d signature checks for %d certificates, want one each", got, len(certs))
	}
	if len(chains) != 300-12 {
		t.Errorf("%d chains, want %d", len(chains), 300-12)
	}
	for _, ch := range chains {
		if !ch.Complete || len(ch.Certificates) != 3 || ch.Verified == nil || !*ch.Verified {
			t.Fatalf("chain of %d certificates, complete %v, verified %v (%v)", len(ch.Certificates), ch.Complete, ch.Verified, ch.VerifyError)
		}
	}
}

// cfsslBundles reads the 1,733 real CA certificates of cfssl's bundler
// test data (1,385 intermediates and 348 roots), or skips.
func cfsslBundles(tb testing.TB) []*x509.Certificate {
	tb.Helper()
	var all []*x509.Certificate
	for _, f := range []string{"bundler-int-bundle.pem", "bundler-ca-bundle.pem"} {
		data, err := os.ReadFile(filepath.Join(testpeer.Dir(tb, "formats", "cfssl"), f))
		if err != nil {
			tb.Fatal(err)
		}
		all = append(all, decodeStore(tb, data)...)
	}
	return all
}

// BenchmarkIssuerOf finds the issuer of each of the first intermediates
// of cfssl's bundle among all 1,733 CA certificates, and reports the
// signature checks each lookup made: those of the target's candidate
// issuers and their ancestors, never the whole set.
func BenchmarkIssuerOf(b *testing.B) {
	all := cfsslBundles(b)
	targets := all[:20]
	var checks, found int64
	for b.Loop() {
		checks, found = 0, 0
		for _, t := range targets {
			cands := make([]*x509.Certificate, 0, len(all))
			for _, c := range all {
				if c != t {
					cands = append(cands, c)
				}
			}
			issuer, g, err := issuerOf(t, cands, Options{})
			if err == nil && issuer != nil {
				found++
			}
			checks += g.checks.Load()
		}
	}
	b.ReportMetric(float64(checks)/float64(len(targets)), "sigchecks/lookup")
	b.ReportMetric(float64(len(all)), "candidates")
	b.ReportMetric(float64(found), "found")
}

// TestIssuerOfChecksFew: among 300 unrelated CAs, IssuerOf checks only the
// signatures of the gateway's issuer and of that issuer's root.
func TestIssuerOfChecksFew(t *testing.T) {
	certs := decodeStore(t, store(t, 400, 40))
	var gw *x509.Certificate
	for _, c := range certs {
		if !c.IsCA {
			gw = c
			break
		}
	}
	issuer, g, err := issuerOf(gw, certs, Options{})
	if err != nil || issuer == nil {
		t.Fatal(err)
	}
	// The gateway's one candidate, that CA's root, and the root's own
	// self-signature: three checks, whatever the size of the set.
	if n := g.checks.Load(); n != 3 {
		t.Errorf("%d signature checks for one lookup among %d certificates, want 3", n, len(certs))
	}
}
