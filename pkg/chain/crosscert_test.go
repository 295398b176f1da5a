package chain_test

import (
	"bytes"
	"crypto/x509"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// chunghwa builds a cross-certified pair shaped like Chunghwa Telecom's
// ePKI roots in cfssl's intermediate bundle: "ePKI Root" and "ePKI Root G2"
// each certify the other, twice (two copies of each cross-certificate),
// "Public CA" is issued by ePKI Root, and gw1 by Public CA. selfSigned is
// ePKI Root's self-signed certificate, which the bundle lacks.
type chunghwa struct {
	p                     *pki
	selfSigned            *issuer
	g2ByEPKI, ePKIByG2    [2]*issuer
	publicCA, gw          *issuer
	withoutRoot, withRoot []*x509.Certificate
}

func newChunghwa(t *testing.T) *chunghwa {
	p := newPKI(t)
	kE, kG := testkit.ECKey(t), testkit.ECKey(t)
	h := &chunghwa{p: p}
	h.selfSigned = p.make(spec{name: "ePKI Root (self-signed)", cn: "ePKI Root", ca: true, pathLen: -1, key: kE})
	for i := range 2 {
		h.g2ByEPKI[i] = p.make(spec{name: "ePKI Root G2 (by ePKI Root) " + string(rune('a'+i)), cn: "ePKI Root G2", ca: true, pathLen: -1, key: kG, parent: h.selfSigned})
	}
	for i := range 2 {
		h.ePKIByG2[i] = p.make(spec{name: "ePKI Root (by G2) " + string(rune('a'+i)), cn: "ePKI Root", ca: true, pathLen: -1, key: kE, parent: h.g2ByEPKI[0]})
	}
	// Public CA and gw1, under ePKI Root's key and name.
	h.publicCA = p.ca("Public CA", h.selfSigned)
	h.gw = p.leaf("gw1", h.publicCA)
	h.withoutRoot = certsOf(h.gw, h.ePKIByG2[0], h.g2ByEPKI[0], h.publicCA, h.g2ByEPKI[1], h.ePKIByG2[1])
	h.withRoot = append(slices.Clone(h.withoutRoot), h.selfSigned.cert)
	return h
}

// repeatsSubject reports whether a chain holds two certificates of one
// subject.
func repeatsSubject(ch chain.Chain) bool {
	for i, a := range ch.Certificates {
		for _, b := range ch.Certificates[i+1:] {
			if bytes.Equal(a.RawSubject, b.RawSubject) {
				return true
			}
		}
	}
	return false
}

// With the self-signed copy of one of two CAs that certify each other, the
// chain takes the shortest path to it, however the bundle is ordered, and
// never climbs through the cross-certificates.
func TestCrossCertifiedPairShortestPath(t *testing.T) {
	h := newChunghwa(t)
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		certs := slices.Clone(h.withRoot)
		if round > 0 {
			r.Shuffle(len(certs), func(i, j int) { certs[i], certs[j] = certs[j], certs[i] })
		}
		chains := order(t, certs, chain.Options{At: testNow})
		var gw *chain.Chain
		for i := range chains {
			if repeatsSubject(chains[i]) {
				t.Errorf("round %d: chain %q repeats a subject", round, h.p.paths(chains[i:i+1]))
			}
			if chains[i].Certificates[len(chains[i].Certificates)-1] == h.gw.cert {
				gw = &chains[i]
			}
		}
		if gw == nil {
			t.Fatalf("round %d: no chain ends at gw1: %q", round, h.p.paths(chains))
		}
		want := []string{"ePKI Root (self-signed)", "Public CA", "gw1"}
		if got := h.p.paths([]chain.Chain{*gw})[0]; !slices.Equal(got, want) {
			t.Errorf("round %d: gw1's chain %q, want %q", round, got, want)
		}
		if !gw.Complete || gw.CrossCertified != nil {
			t.Errorf("round %d: complete %v, cross-certified %v; want complete and no loop", round, gw.Complete, gw.CrossCertified)
		}
	}
}

// Without it, the climb stops at the first repeated name, and the chain's
// notes say why.
func TestCrossCertifiedPairLoopNote(t *testing.T) {
	h := newChunghwa(t)
	chains := order(t, h.withoutRoot, chain.Options{At: testNow, Verify: true})
	if len(chains) != 1 {
		t.Fatalf("chains %q, want gw1's alone", h.p.paths(chains))
	}
	ch := chains[0]
	if repeatsSubject(ch) {
		t.Errorf("chain %q repeats a subject", h.p.paths(chains))
	}
	got := h.p.paths(chains)[0]
	if len(got) != 4 || got[2] != "Public CA" || got[3] != "gw1" ||
		!bytes.Equal(ch.Certificates[0].RawSubject, h.g2ByEPKI[0].cert.RawSubject) ||
		!bytes.Equal(ch.Certificates[1].RawSubject, h.selfSigned.cert.RawSubject) {
		t.Errorf("chain %q, want ePKI Root G2 (by ePKI Root), ePKI Root (by G2), Public CA, gw1", got)
	}
	if ch.Complete || ch.Missing == nil || ch.Missing.Issuer != x509text.Subject(h.selfSigned.cert) {
		t.Errorf("complete %v, missing %+v; want incomplete, missing ePKI Root", ch.Complete, ch.Missing)
	}
	if ch.CrossCertified != ch.Certificates[1] {
		t.Errorf("CrossCertified = %v, want the chain's ePKI Root (by G2)", ch.CrossCertified)
	}
	// The note certkit prints for CrossCertified is tested in
	// cmd/certkit/internal/chaintext (TestNotesCrossCertified).
	for _, l := range ch.Alternatives {
		if l.Child == ch.Certificates[0] {
			t.Errorf("the loop is listed as an alternative: %s by %s", h.p.name(l.Child), h.p.name(l.Parent))
		}
	}
	if ch.Verified == nil || *ch.Verified {
		t.Errorf("verified %v, want false", ch.Verified)
	}
}

// cfssl's intermediate bundle holds Chunghwa's cross-certified pair without
// either self-signed root: no chain repeats a subject, and the four that
// end at the pair say so.
func TestPeerIntermediateBundleNoRepeatedSubject(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testkit.PeerDir(t, "formats", "cfssl"), "bundler-int-bundle.pem"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	chains, err := chain.Order(res.Certificates, chain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	loops := 0
	for _, ch := range chains {
		if repeatsSubject(ch) {
			var names []string
			for _, c := range ch.Certificates {
				names = append(names, x509text.Label(c))
			}
			t.Errorf("chain repeats a subject: %q", names)
		}
		if ch.CrossCertified != nil {
			loops++
			if ch.Complete {
				t.Errorf("a loop chain: complete %v", ch.Complete)
			}
		}
	}
	if loops != 4 {
		t.Errorf("%d chains end at a cross-certified pair, want 4 (Chunghwa's)", loops)
	}
}
