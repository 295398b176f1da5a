package chain_test

import (
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/chain"
)

// TestPickLeafOfAgreesWithOrder builds sets where the leaves are plain,
// where a certificate not marked a CA issued another, where the device
// rule decides (IOS's self-signed certificate, a self-signed CA named
// like a device), with duplicates, in several orders: PickLeafOf must
// give exactly what PickLeaf of Order gives, the same certificate or the
// same error (which lists every leaf, in order, when names pick none).
func TestPickLeafOfAgreesWithOrder(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root")
	ca := p.ca("Issuing CA", root)
	gw1 := p.leaf("gw1.example.com", ca)
	gw2 := p.leaf("gw2.example.com", ca)
	// Not marked a CA, yet it signed a certificate: it is no leaf.
	unmarked := p.make(spec{name: "Unmarked Issuer", ca: true, noCAFlag: true, pathLen: -1, parent: root})
	child := p.leaf("child.example.com", unmarked)
	selfLeaf := p.make(spec{name: "self-signed leaf", dnsNames: []string{"cube1.example.com"}})
	ios := p.make(spec{name: "IOS self-signed", cn: "IOS-Self-Signed-Certificate-4242", ca: true, pathLen: -1})
	named := p.make(spec{name: "CA named like gw1", cn: "gw1", ca: true, pathLen: -1})
	otherRoot := p.root("Other Root")
	// Two CAs that certify each other and nothing else: every certificate
	// issued another, and Order builds no chain.
	a := p.root("A")
	bByA := p.make(spec{name: "B by A", cn: "B", ca: true, pathLen: -1, parent: a})
	aByB := p.make(spec{name: "A by B", cn: "A", ca: true, pathLen: -1, parent: bByA, key: a.key})

	sets := map[string][]*issuer{
		"plain":            {root, ca, gw1, gw2, otherRoot},
		"CAs only":         {root, ca, otherRoot},
		"unmarked issuer":  {root, ca, unmarked, child, gw1},
		"unmarked, alone":  {unmarked, root},
		"self-signed leaf": {selfLeaf, root, ca, gw2},
		"IOS self-signed":  {ios, root, ca, gw1},
		"named like gw1":   {named, root, ca, gw1},
		"duplicates":       {gw1, root, ca, gw1, ca, gw2},
		"a loop":           {bByA, aByB},
	}
	for name, set := range sets {
		for _, devices := range [][]string{nil, {"gw1"}, {"cube1"}} {
			for round := range 4 {
				certs := certsOf(set...)
				if round > 0 {
					r := rand.New(rand.NewPCG(uint64(round), 21))
					r.Shuffle(len(certs), func(i, j int) { certs[i], certs[j] = certs[j], certs[i] })
				}
				opts := chain.Options{At: testNow, Devices: devices}
				chains, err := chain.Order(certs, opts)
				if err != nil {
					t.Fatal(err)
				}
				for _, names := range [][]string{nil, {"gw1"}, {"", "gw2.example.com"}, {"nobody"}} {
					want, werr := chain.PickLeaf(chains, names...)
					got, gerr := chain.PickLeafOf(certs, opts, names...)
					if want != got || fmt.Sprint(werr) != fmt.Sprint(gerr) {
						t.Errorf("%s, devices %q, order %d, names %q: PickLeafOf = %v, %v; PickLeaf of Order = %v, %v",
							name, devices, round, names, p.list(nonNil(got)), gerr, p.list(nonNil(want)), werr)
					}
				}
			}
		}
	}
	if _, err := chain.PickLeafOf([]*x509.Certificate{root.cert, nil}, chain.Options{}); err == nil || errors.Is(err, chain.ErrNoLeaf) {
		t.Errorf("PickLeafOf with a nil certificate: %v", err)
	}
}

// TestPickLeafOfPeerBundles: on cfssl's bundles of 1,385 intermediates
// (among them a few certificates that are no CA) and 348 roots, as
// issuer-for reads them with a CA first, PickLeafOf gives what PickLeaf
// of Order gives, names or none.
func TestPickLeafOfPeerBundles(t *testing.T) {
	dir := testkit.PeerDir(t, "formats", "cfssl")
	in := readPEMCerts(t, filepath.Join(dir, "bundler-int-bundle.pem"))
	roots := readPEMCerts(t, filepath.Join(dir, "bundler-ca-bundle.pem"))
	all := append(append([]*x509.Certificate{in[len(in)/2]}, in...), roots...)
	for _, devices := range [][]string{nil, {"gw1"}} {
		chains, err := chain.Order(all, chain.Options{Devices: devices})
		if err != nil {
			t.Fatal(err)
		}
		for _, names := range [][]string{nil, {"gw1"}, {"CloudFlare Origin Certificate"}} {
			want, werr := chain.PickLeaf(chains, names...)
			got, gerr := chain.PickLeafOf(all, chain.Options{Devices: devices}, names...)
			if want != got || fmt.Sprint(werr) != fmt.Sprint(gerr) {
				t.Errorf("devices %q, names %q: PickLeafOf = %v, %v; PickLeaf of Order = %v, %v", devices, names, cns(nonNil(got)), gerr, cns(nonNil(want)), werr)
			}
			if want == nil && werr == nil {
				t.Fatal("PickLeaf of Order found nothing and said nothing")
			}
		}
	}
}

func nonNil(c *x509.Certificate) []*x509.Certificate {
	if c == nil {
		return nil
	}
	return []*x509.Certificate{c}
}

func cns(certs []*x509.Certificate) []string {
	var out []string
	for _, c := range certs {
		out = append(out, c.Subject.CommonName)
	}
	return out
}
