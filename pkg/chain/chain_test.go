package chain_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/finding"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/chain"
)

func order(t *testing.T, certs []*x509.Certificate, opts chain.Options) []chain.Chain {
	t.Helper()
	if opts.At.IsZero() {
		opts.At = testNow
	}
	chains, err := chain.Order(certs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return chains
}

func wantPaths(t *testing.T, p *pki, chains []chain.Chain, want [][]string) {
	t.Helper()
	if diff := cmp.Diff(want, p.paths(chains)); diff != "" {
		t.Errorf("chains (-want +got):\n%s", diff)
	}
}

func roles(ch chain.Chain) []chain.Role { return ch.Roles }

func TestReKeyedIssuingCA(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	old := p.make(spec{name: "Issuing CA (old key)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root,
		to: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
	cur := p.make(spec{name: "Issuing CA (new key)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root})
	gw := p.leaf("gw1.example.net", cur)
	// The old copy comes first, as in a bundle that kept it.
	chains := order(t, certsOf(old, gw, root, cur), chain.Options{})
	wantPaths(t, p, chains, [][]string{
		{"Root CA", "Issuing CA (old key)"},
		{"Root CA", "Issuing CA (new key)", "gw1.example.net"},
	})
	if diff := cmp.Diff([]chain.Role{chain.RoleRoot, chain.RoleIntermediate, chain.RoleLeaf}, roles(chains[1])); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	for _, ch := range chains {
		if !ch.Complete || ch.Missing != nil {
			t.Errorf("chain %v: complete %v, missing %v", p.paths([]chain.Chain{ch}), ch.Complete, ch.Missing)
		}
	}
	is, err := chain.IssuerOf(gw.cert, certsOf(old, root, cur), chain.Options{})
	if err != nil || p.name(is) != "Issuing CA (new key)" {
		t.Errorf("IssuerOf = %v, %v; want Issuing CA (new key)", p.name(is), err)
	}
}

func TestLeafWithoutAKIUnderTwoSameNamedCAs(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	a := p.make(spec{name: "Issuing CA (key A)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root})
	b := p.make(spec{name: "Issuing CA (key B)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root})
	gw := p.make(spec{name: "gw1", parent: b, noAKI: true})
	if len(gw.cert.AuthorityKeyId) != 0 {
		t.Fatal("test setup: leaf has an AKI")
	}
	for _, in := range [][]*x509.Certificate{certsOf(a, b, gw, root), certsOf(b, a, gw, root)} {
		chains := order(t, in, chain.Options{})
		got := p.paths(chains)
		want := []string{"Root CA", "Issuing CA (key B)", "gw1"}
		found := false
		for _, g := range got {
			found = found || cmp.Equal(g, want)
		}
		if !found {
			t.Errorf("chains %q lack %q", got, want)
		}
	}
}

func TestCAReissuedWithSameKey(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	key := testkit.ECKey(t)
	expired := p.make(spec{name: "Issuing CA (expired copy)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root, key: key,
		from: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), to: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	current := p.make(spec{name: "Issuing CA (current copy)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root, key: key})
	gw := p.leaf("gw1", current)
	chains := order(t, certsOf(expired, gw, current, root), chain.Options{})
	// Both copies verify the leaf, so both issued something: one chain.
	wantPaths(t, p, chains, [][]string{{"Root CA", "Issuing CA (current copy)", "gw1"}})
	var alts []string
	for _, l := range chains[0].Alternatives {
		alts = append(alts, p.name(l.Child)+" <- "+p.name(l.Parent))
	}
	if diff := cmp.Diff([]string{"gw1 <- Issuing CA (expired copy)"}, alts); diff != "" {
		t.Errorf("alternatives (-want +got):\n%s", diff)
	}
	if len(chains[0].Warnings) != 0 {
		t.Errorf("warnings on the current chain: %v", chains[0].Warnings)
	}
	outside := chain.Outside(certsOf(expired, gw, current, root), chains)
	if diff := cmp.Diff([]string{"Issuing CA (expired copy)"}, p.list(outside)); diff != "" {
		t.Errorf("Outside (-want +got):\n%s", diff)
	}
}

func TestCrossSignedRoot(t *testing.T) {
	p := newPKI(t)
	rootA := p.root("Root A")
	rootB := p.root("Root B")
	cross := p.make(spec{name: "Root A (cross-signed by B)", cn: "Root A", ca: true, pathLen: -1, parent: rootB, key: rootA.key})
	ica := p.ca("Issuing CA", rootA)
	gw := p.leaf("gw1", ica)
	all := certsOf(gw, cross, ica, rootB, rootA)

	// Without anchors the shortest path wins: Root A itself.
	chains := order(t, all, chain.Options{})
	// Root B issued the cross-certificate, so it ends no chain of its own.
	wantPaths(t, p, chains, [][]string{{"Root A", "Issuing CA", "gw1"}})
	var alts []string
	for _, l := range chains[0].Alternatives {
		alts = append(alts, p.name(l.Child)+" <- "+p.name(l.Parent))
	}
	if diff := cmp.Diff([]string{"Issuing CA <- Root A (cross-signed by B)"}, alts); diff != "" {
		t.Errorf("alternatives (-want +got):\n%s", diff)
	}

	// Trusting only Root B, the chain climbs through the cross-certificate.
	chains = order(t, all, chain.Options{Roots: certsOf(rootB), Verify: true})
	wantPaths(t, p, chains, [][]string{{"Root B", "Root A (cross-signed by B)", "Issuing CA", "gw1"}})
	ch := chains[0]
	if !ch.Complete || !ch.Anchored || ch.Verified == nil || !*ch.Verified {
		t.Errorf("complete %v anchored %v verified %v (%v)", ch.Complete, ch.Anchored, ch.Verified, ch.VerifyError)
	}
	// Trust anchor not in the set at all.
	chains = order(t, certsOf(gw, ica, cross), chain.Options{Roots: certsOf(rootB)})
	wantPaths(t, p, chains, [][]string{{"Root B", "Root A (cross-signed by B)", "Issuing CA", "gw1"}})
}

func TestRootKeyRollover(t *testing.T) {
	p := newPKI(t)
	oldRoot := p.make(spec{name: "Root (old key)", cn: "Root", ca: true, pathLen: -1})
	newRoot := p.make(spec{name: "Root (new key)", cn: "Root", ca: true, pathLen: -1})
	newWithOld := p.make(spec{name: "Root link new-with-old", cn: "Root", ca: true, pathLen: -1, key: newRoot.key, parent: oldRoot})
	oldWithNew := p.make(spec{name: "Root link old-with-new", cn: "Root", ca: true, pathLen: -1, key: oldRoot.key, parent: newRoot})
	ica := p.ca("Issuing CA 2", newRoot)
	gw := p.leaf("gw1", ica)
	all := certsOf(newWithOld, oldWithNew, gw, oldRoot, ica, newRoot)
	chains := order(t, all, chain.Options{})
	wantPaths(t, p, chains, [][]string{{"Root (new key)", "Issuing CA 2", "gw1"}})
	outside := chain.Outside(all, chains)
	if diff := cmp.Diff([]string{"Root link new-with-old", "Root link old-with-new", "Root (old key)"}, p.list(outside)); diff != "" {
		t.Errorf("Outside (-want +got):\n%s", diff)
	}
	// A link certificate is self-issued but not self-signed: not a root.
	chains = order(t, certsOf(newWithOld), chain.Options{})
	if len(chains) != 1 || chains[0].Complete || chains[0].Roles[0] != chain.RoleIntermediate {
		t.Errorf("a lone link certificate: complete %v, roles %v; want an incomplete chain", chains[0].Complete, chains[0].Roles)
	}
	// Trusting only the old root, the chain climbs from the new root
	// through the link; the new root stays in, as BoringSSL builds it.
	chains = order(t, certsOf(gw, ica, newRoot, newWithOld), chain.Options{Roots: certsOf(oldRoot), Verify: true})
	wantPaths(t, p, chains, [][]string{{"Root (old key)", "Root link new-with-old", "Root (new key)", "Issuing CA 2", "gw1"}})
	if v := chains[0].Verified; v == nil || !*v {
		t.Errorf("not verified: %v", chains[0].VerifyError)
	}
}

func TestTwoLeaves(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	ica := p.ca("Issuing CA", root)
	a := p.leaf("gw1", ica)
	b := p.leaf("gw2", ica)
	chains := order(t, certsOf(root, a, ica, b), chain.Options{})
	wantPaths(t, p, chains, [][]string{
		{"Root CA", "Issuing CA", "gw1"},
		{"Root CA", "Issuing CA", "gw2"},
	})
}

func TestBundleOfCAsOnly(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	ica := p.ca("Policy CA", root)
	ica2 := p.ca("Issuing CA", ica)
	// Listed leaf-first, as some CAs do: roles follow content, not position.
	chains := order(t, certsOf(ica2, ica, root), chain.Options{})
	wantPaths(t, p, chains, [][]string{{"Root CA", "Policy CA", "Issuing CA"}})
	want := []chain.Role{chain.RoleRoot, chain.RoleIntermediate, chain.RoleIntermediate}
	if diff := cmp.Diff(want, chains[0].Roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
}

func TestMutualCrossCertificationLoop(t *testing.T) {
	p := newPKI(t)
	kx, ky := testkit.ECKey(t), testkit.ECKey(t)
	// X and Y certify each other; neither is self-signed.
	seedY := &issuer{cert: p.make(spec{name: "seed Y", cn: "CA Y", ca: true, pathLen: -1, key: ky}).cert, key: ky}
	x := p.make(spec{name: "CA X (by Y)", cn: "CA X", ca: true, pathLen: -1, key: kx, parent: seedY})
	y := p.make(spec{name: "CA Y (by X)", cn: "CA Y", ca: true, pathLen: -1, key: ky, parent: x})
	gw := p.leaf("gw1", x)
	chains := order(t, certsOf(gw, x, y), chain.Options{Verify: true})
	wantPaths(t, p, chains, [][]string{{"CA Y (by X)", "CA X (by Y)", "gw1"}})
	ch := chains[0]
	if ch.Complete || ch.Missing == nil || ch.Missing.Issuer != x.cert.Subject.String() {
		t.Errorf("complete %v, missing %+v; want incomplete, missing %s", ch.Complete, ch.Missing, x.cert.Subject)
	}
	if ch.Verified == nil || *ch.Verified || !errors.Is(ch.VerifyError, chain.ErrIssuerNotFound) {
		t.Errorf("verified %v, %v; want false and ErrIssuerNotFound", ch.Verified, ch.VerifyError)
	}
}

func TestPathologicalBagTerminates(t *testing.T) {
	p := newPKI(t)
	const nKeys, nCerts = 10, 100
	keys := make([]*issuer, nKeys)
	for i := range keys {
		k := testkit.ECKey(t)
		keys[i] = &issuer{cert: p.make(spec{name: fmt.Sprintf("seed %d", i), cn: "Bridge CA", ca: true, pathLen: -1, key: k}).cert, key: k}
	}
	var bag []*x509.Certificate
	for i := range nCerts {
		// Every certificate is named "Bridge CA" and signed by another key:
		// a dense graph of loops, with no self-signed root in the bag.
		c := p.make(spec{name: fmt.Sprintf("bridge %d", i), cn: "Bridge CA", ca: true, pathLen: -1,
			key: keys[i%nKeys].key, parent: keys[(i*7+3)%nKeys]})
		bag = append(bag, c.cert)
	}
	gw := p.leaf("gw1", keys[0])
	chains := order(t, append(bag, gw.cert), chain.Options{Verify: true})
	for _, ch := range chains {
		seen := map[string]bool{}
		for _, c := range ch.Certificates {
			if seen[string(c.Raw)] {
				t.Fatalf("certificate %s twice in a chain", p.name(c))
			}
			seen[string(c.Raw)] = true
		}
	}
	last := chains[len(chains)-1]
	if p.name(last.Certificates[len(last.Certificates)-1]) != "gw1" || last.Complete {
		t.Errorf("want gw1's chain incomplete, got %q complete %v", p.paths([]chain.Chain{last}), last.Complete)
	}
}

func TestMissingIntermediateWithAIA(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	ica := p.ca("Issuing CA 2", root)
	gw := p.make(spec{name: "gw1", parent: ica, aia: []string{"http://pki.example.net/ca2.crt"}})
	chains := order(t, certsOf(root, gw), chain.Options{})
	wantPaths(t, p, chains, [][]string{{"Root CA"}, {"gw1"}})
	m := chains[1].Missing
	if chains[1].Complete || m == nil {
		t.Fatalf("chain of gw1: complete %v, missing %v", chains[1].Complete, m)
	}
	want := chain.IssuerNotFoundError{Cert: gw.cert, Issuer: "CN=Issuing CA 2,O=Example Voice",
		AuthorityKeyID: ica.cert.SubjectKeyId, AIA: []string{"http://pki.example.net/ca2.crt"}}
	if diff := cmp.Diff(want, *m); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}

	_, err := chain.IssuerOf(gw.cert, certsOf(root), chain.Options{})
	if !errors.Is(err, chain.ErrIssuerNotFound) {
		t.Fatalf("IssuerOf: %v, want ErrIssuerNotFound", err)
	}
	var nf *chain.IssuerNotFoundError
	if !errors.As(err, &nf) || cmp.Diff(want, *nf) != "" {
		t.Errorf("IssuerOf error %+v, want %+v", nf, want)
	}
}

func TestDuplicatesCountOnce(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	ica := p.ca("Issuing CA", root)
	gw := p.leaf("gw1", ica)
	// The same certificates parsed twice, as from a .p7b and a .pem.
	again := func(c *x509.Certificate) *x509.Certificate {
		d, err := x509.ParseCertificate(c.Raw)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	in := append(certsOf(gw, ica, root), again(ica.cert), again(root.cert), again(gw.cert))
	chains := order(t, in, chain.Options{})
	wantPaths(t, p, chains, [][]string{{"Root CA", "Issuing CA", "gw1"}})
}

func TestMixedECDSAAndRSA(t *testing.T) {
	p := newPKI(t)
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	root := p.make(spec{name: "RSA Root", ca: true, pathLen: -1, key: rk})
	ica := p.ca("ECDSA Issuing CA", root)
	rsaLeaf := p.make(spec{name: "rsa-gw", parent: ica, key: rk}) // an RSA key under an ECDSA CA
	ecLeaf := p.leaf("ec-gw", ica)
	chains := order(t, certsOf(rsaLeaf, ecLeaf, ica, root), chain.Options{Verify: true})
	wantPaths(t, p, chains, [][]string{
		{"RSA Root", "ECDSA Issuing CA", "rsa-gw"},
		{"RSA Root", "ECDSA Issuing CA", "ec-gw"},
	})
	for _, ch := range chains {
		if ch.Verified == nil || !*ch.Verified {
			t.Errorf("not verified: %v", ch.VerifyError)
		}
	}
}

func TestSHA1SignedIntermediate(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	ica := p.make(spec{name: "Old Issuing CA", ca: true, pathLen: -1, parent: root, algo: x509.ECDSAWithSHA1})
	gw := p.leaf("gw1", ica)
	// crypto/x509 refuses the link; ordering keeps it and flags it weak.
	if err := ica.cert.CheckSignatureFrom(root.cert); err == nil {
		t.Fatal("test setup: crypto/x509 accepted a SHA-1 certificate signature")
	}
	chains := order(t, certsOf(gw, root, ica), chain.Options{Verify: true})
	wantPaths(t, p, chains, [][]string{{"Root CA", "Old Issuing CA", "gw1"}})
	ch := chains[0]
	if !ch.Complete || len(ch.Weak) != 1 || p.name(ch.Weak[0].Child) != "Old Issuing CA" {
		t.Errorf("complete %v, weak %v; want the SHA-1 link flagged", ch.Complete, ch.Weak)
	}
	if !hasWarning(ch, finding.CodeWeakSignature) {
		t.Errorf("warnings %v lack %s", ch.Warnings, finding.CodeWeakSignature)
	}
	if ch.Verified == nil || *ch.Verified {
		t.Errorf("verified %v; crypto/x509 must refuse the SHA-1 link", ch.Verified)
	}
}

func hasWarning(ch chain.Chain, code finding.Code) bool {
	for _, w := range ch.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

func TestWarnings(t *testing.T) {
	p := newPKI(t)
	root := p.make(spec{name: "Root CA", ca: true, pathLen: 0})
	ica := p.make(spec{name: "Issuing CA", ca: true, pathLen: -1, parent: root, to: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	notCA := p.make(spec{name: "Not a CA", ca: true, noCAFlag: true, pathLen: -1, parent: ica, keyUsage: x509.KeyUsageDigitalSignature})
	gw := p.make(spec{name: "gw1", parent: notCA, from: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
	chains := order(t, certsOf(gw, notCA, ica, root), chain.Options{})
	wantPaths(t, p, chains, [][]string{{"Root CA", "Issuing CA", "Not a CA", "gw1"}})
	var got []string
	for _, w := range chains[0].Warnings {
		got = append(got, string(w.Code)+" "+p.name(w.Certificate))
	}
	want := []string{
		"path-length Root CA",
		"expires-before-leaf Issuing CA",
		"not-ca Not a CA",
		"no-cert-sign Not a CA",
		"not-yet-valid gw1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}

	expired := p.make(spec{name: "Expired CA", ca: true, pathLen: -1, parent: root,
		from: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), to: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	gw2 := p.leaf("gw2", expired)
	chains = order(t, certsOf(gw2, expired, root), chain.Options{Verify: true})
	if !hasWarning(chains[0], finding.CodeExpired) || chains[0].Verified == nil || *chains[0].Verified {
		t.Errorf("expired issuer: warnings %v, verified %v", chains[0].Warnings, chains[0].Verified)
	}
	var inv x509.CertificateInvalidError
	if !errors.As(chains[0].VerifyError, &inv) || inv.Reason != x509.Expired {
		t.Errorf("VerifyError = %v, want x509.CertificateInvalidError{Reason: Expired}", chains[0].VerifyError)
	}
}

func TestPreferValidPathOverShorter(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	keyB := testkit.ECKey(t)
	// B is issued directly by the root, but that copy has expired; a newer
	// copy of B (same key) is issued by A under the root.
	bShort := p.make(spec{name: "B (by root, expired)", cn: "B", ca: true, pathLen: -1, parent: root, key: keyB,
		from: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), to: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	a := p.ca("A", root)
	bLong := p.make(spec{name: "B (by A)", cn: "B", ca: true, pathLen: -1, parent: a, key: keyB})
	gw := p.leaf("gw1", &issuer{cert: bLong.cert, key: keyB})
	chains := order(t, certsOf(gw, bShort, bLong, a, root), chain.Options{})
	wantPaths(t, p, chains, [][]string{{"Root CA", "A", "B (by A)", "gw1"}})
}

func TestNilInput(t *testing.T) {
	if _, err := chain.Order([]*x509.Certificate{nil}, chain.Options{}); err == nil {
		t.Error("Order accepted a nil certificate")
	}
	if _, err := chain.IssuerOf(nil, nil, chain.Options{}); err == nil {
		t.Error("IssuerOf accepted a nil certificate")
	}
	chains, err := chain.Order(nil, chain.Options{})
	if err != nil || len(chains) != 0 {
		t.Errorf("Order(nil) = %v, %v; want no chains", chains, err)
	}
}

func TestIssuerOfSelfSigned(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	is, err := chain.IssuerOf(root.cert, nil, chain.Options{})
	if err != nil || !is.Equal(root.cert) {
		t.Errorf("IssuerOf(root) = %v, %v; want the root itself", is, err)
	}
}

var _ = big.NewInt

// A name that differs only in case and spacing still finds its issuer
// (RFC 5280 name matching), confirmed by the signature.
func TestIssuerNameMatching(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	ica := p.ca("Issuing CA", root)
	gw := p.make(spec{name: "gw1", parent: ica, issuerCN: "  ISSUING   ca "})
	if gw.cert.Issuer.CommonName != "  ISSUING   ca " {
		t.Fatalf("test setup: issuer CN %q", gw.cert.Issuer.CommonName)
	}
	chains := order(t, certsOf(gw, ica, root), chain.Options{})
	wantPaths(t, p, chains, [][]string{{"Root CA", "Issuing CA", "gw1"}})
	// A CA of that name whose key did not sign is no issuer.
	other := p.ca("issuing ca", root)
	chains = order(t, certsOf(gw, other, root), chain.Options{})
	wantPaths(t, p, chains, [][]string{{"gw1"}, {"Root CA", "issuing ca"}})
}

// A CA whose extended key usages exclude one the leaf asserts (clientAuth,
// which SIP TLS needs) does not verify, and ordering prefers a copy of the
// CA that permits it.
func TestEKUNesting(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	key := testkit.ECKey(t)
	serverOnly := p.make(spec{name: "Issuing CA (serverAuth only)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root, key: key,
		eku: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	gw := p.leaf("gw1", serverOnly)
	chains := order(t, certsOf(gw, serverOnly, root), chain.Options{Verify: true})
	wantPaths(t, p, chains, [][]string{{"Root CA", "Issuing CA (serverAuth only)", "gw1"}})
	if v := chains[0].Verified; v == nil || *v || chains[0].VerifyError == nil {
		t.Errorf("verified %v; want false with a reason", v)
	}
	both := p.make(spec{name: "Issuing CA (both)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root, key: key,
		eku: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}})
	chains = order(t, certsOf(gw, serverOnly, both, root), chain.Options{Verify: true})
	wantPaths(t, p, chains, [][]string{{"Root CA", "Issuing CA (both)", "gw1"}})
	if v := chains[0].Verified; v == nil || !*v {
		t.Errorf("not verified: %v", chains[0].VerifyError)
	}
}
