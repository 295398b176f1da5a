package chain_test

import (
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/internal/certrole"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// lookUp finds cert's issuer as issuer-for does among a bundle read with
// convert.Options.Defer: certrole.Candidates names what to parse, and
// IssuerOf looks among those. It returns the issuer and how many
// certificates were parsed.
func lookUp(t testing.TB, cert *x509.Certificate, known []*x509.Certificate, bundles ...[]byte) (*x509.Certificate, int, error) {
	t.Helper()
	var results []*convert.Result
	for _, b := range bundles {
		res, err := convert.Decode(b, convert.Options{Defer: true})
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	all := convert.Merge(results...)
	cands := append([]*x509.Certificate{}, known...)
	cands = append(cands, all.Certificates...)
	parsed := 0
	for _, i := range certrole.Candidates(cert, cands, deferredNames(all.Deferred)) {
		c, _, err := all.Deferred[i].Parse()
		if err != nil {
			t.Fatal(err)
		}
		cands = append(cands, c)
		parsed++
	}
	issuer, err := chain.IssuerOf(cert, cands, chain.Options{})
	return issuer, parsed, err
}

// deferredNames is what certrole.Candidates needs of deferred
// certificates: their DER and names.
func deferredNames(ds []convert.DeferredCertificate) []certrole.Named {
	out := make([]certrole.Named, len(ds))
	for i, d := range ds {
		out[i] = certrole.Named{Raw: d.Raw, Subject: d.RawSubject, Issuer: d.RawIssuer}
	}
	return out
}

func pemOf(t testing.TB, certs []*x509.Certificate) []byte {
	b, err := convert.Encode(certs, convert.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCandidatesFindWhatIssuerOfFinds: among 60 unrelated CAs, a re-keyed
// issuing CA (two of the same name, one signed the gateway), its root and
// a CA whose name matches only by RFC 5280 rules, Candidates names the
// same-named CAs and the root above them, and nothing else; the issuer
// found among those is the one IssuerOf finds among all.
func TestCandidatesFindWhatIssuerOfFinds(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	old := p.make(spec{name: "Issuing CA (old key)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root})
	cur := p.make(spec{name: "Issuing CA (new key)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root})
	gw := p.leaf("gw1.example.net", cur)
	// A gateway whose issuer name is spelled differently in bytes.
	spelled := p.make(spec{name: "gw2", parent: cur, issuerCN: "  ISSUING   ca "})
	var noise []*x509.Certificate
	for i := range 30 {
		r := p.root(fmt.Sprintf("Other Root %d", i))
		noise = append(noise, r.cert, p.ca(fmt.Sprintf("Other CA %d", i), r).cert)
	}
	bundle := pemOf(t, append(append([]*x509.Certificate{}, noise[:30]...), old.cert, root.cert, cur.cert))
	more := pemOf(t, noise[30:])
	everything := append(append([]*x509.Certificate{}, noise...), old.cert, root.cert, cur.cert)
	for _, target := range []*issuer{gw, spelled} {
		want, err := chain.IssuerOf(target.cert, everything, chain.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, parsed, err := lookUp(t, target.cert, nil, bundle, more)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: issuer %v (%v); IssuerOf among all: %s", p.name(target.cert), p.name(got), err, p.name(want))
		}
		if parsed != 3 {
			t.Errorf("%s: %d certificates parsed; want the two Issuing CAs and the root", p.name(target.cert), parsed)
		}
	}
	// The issuer known already (the gateway's own file), its root in the
	// bundle: the root is parsed, the issuer not twice.
	got, parsed, err := lookUp(t, gw.cert, []*x509.Certificate{cur.cert}, pemOf(t, []*x509.Certificate{root.cert}), more)
	if err != nil || !got.Equal(cur.cert) || parsed != 1 {
		t.Errorf("issuer known: %v (%v), %d parsed; want Issuing CA (new key), 1 parsed", p.name(got), err, parsed)
	}
	// Nothing by that name: nothing parsed, and the issuer is missing.
	if _, parsed, err := lookUp(t, gw.cert, nil, more); err == nil || parsed != 0 {
		t.Errorf("issuer absent: %v, %d parsed", err, parsed)
	}
}

// TestCandidatesAmongCfssl finds the issuer of cfssl's first intermediates
// among its 1,733 CA certificates, read with Defer: the same issuer as
// IssuerOf among all of them parsed, from a few parsed.
func TestCandidatesAmongCfssl(t *testing.T) {
	dir := testkit.PeerDir(t, "formats", "cfssl")
	var bundles [][]byte
	var all []*x509.Certificate
	for _, f := range []string{"bundler-int-bundle.pem", "bundler-ca-bundle.pem"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		bundles = append(bundles, b)
		res, err := convert.Decode(b, convert.Options{})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, res.Certificates...)
	}
	most := 0
	for _, target := range all[:25] {
		var others []*x509.Certificate
		for _, c := range all {
			if !c.Equal(target) {
				others = append(others, c)
			}
		}
		want, werr := chain.IssuerOf(target, others, chain.Options{})
		got, parsed, gerr := lookUp(t, target, nil, bundles...)
		if (werr == nil) != (gerr == nil) || werr == nil && !got.Equal(want) {
			t.Errorf("%s: %v (%v); among all parsed: %v (%v)", target.Subject, got.Subject, gerr, want.Subject, werr)
		}
		most = max(most, parsed)
	}
	if most > 20 {
		t.Errorf("up to %d of %d certificates parsed for one lookup", most, len(all))
	}
}
