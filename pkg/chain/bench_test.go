package chain

import (
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

// store builds a shuffled certificate store of n certificates: roots
// self-signed roots, each with two issuing CAs, and the rest gateway
// certificates spread over the issuing CAs. It returns them as one DER
// PKCS#7, as a Windows export would hold them.
func store(tb testing.TB, n, roots int) []byte {
	tb.Helper()
	certs, err := testkit.BenchStore(n, roots)
	if err != nil {
		tb.Fatal(err)
	}
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
		data, err := os.ReadFile(filepath.Join(testkit.PeerDir(tb, "formats", "cfssl"), f))
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
