package chain_test

import (
	"crypto/x509"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/voicepki/certkit/internal/testpeer"
	"github.com/voicepki/certkit/pkg/chain"
)

// TestLeavesOfAgreesWithOrder builds sets where the leaves are plain,
// where a certificate not marked a CA issued another, where the device
// rule decides (IOS's self-signed certificate, a self-signed CA named
// like a device), with duplicates, in several orders: LeavesOf must give
// exactly what Leaves of Order gives, in the same order.
func TestLeavesOfAgreesWithOrder(t *testing.T) {
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

	sets := map[string][]*issuer{
		"plain":            {root, ca, gw1, gw2, otherRoot},
		"CAs only":         {root, ca, otherRoot},
		"unmarked issuer":  {root, ca, unmarked, child, gw1},
		"unmarked, alone":  {unmarked, root},
		"self-signed leaf": {selfLeaf, root, ca, gw2},
		"IOS self-signed":  {ios, root, ca, gw1},
		"named like gw1":   {named, root, ca, gw1},
		"duplicates":       {gw1, root, ca, gw1, ca, gw2},
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
				got, err := chain.LeavesOf(certs, opts)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(p.list(chain.Leaves(chains)), p.list(got)); diff != "" {
					t.Errorf("%s, devices %q, order %d: LeavesOf (-Order +LeavesOf):\n%s", name, devices, round, diff)
				}
			}
		}
	}
	if _, err := chain.LeavesOf([]*x509.Certificate{root.cert, nil}, chain.Options{}); err == nil {
		t.Error("LeavesOf took a nil certificate")
	}
}

// TestLeavesOfPeerBundles: on cfssl's bundles of 1,385 intermediates
// (among them a few certificates that are no CA) and 348 roots, as
// issuer-for reads them with a CA first, LeavesOf gives what Leaves of
// Order gives.
func TestLeavesOfPeerBundles(t *testing.T) {
	dir := testpeer.Dir(t, "formats", "cfssl")
	in := readPEMCerts(t, filepath.Join(dir, "bundler-int-bundle.pem"))
	roots := readPEMCerts(t, filepath.Join(dir, "bundler-ca-bundle.pem"))
	all := append(append([]*x509.Certificate{in[len(in)/2]}, in...), roots...)
	for _, devices := range [][]string{nil, {"gw1"}} {
		chains, err := chain.Order(all, chain.Options{Devices: devices})
		if err != nil {
			t.Fatal(err)
		}
		want := chain.Leaves(chains)
		got, err := chain.LeavesOf(all, chain.Options{Devices: devices})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 {
			t.Fatal("no leaves among cfssl's bundles: the test checks nothing")
		}
		if !slices.EqualFunc(want, got, func(a, b *x509.Certificate) bool { return a.Equal(b) }) {
			t.Errorf("devices %q: LeavesOf gives %d leaves, Order %d:\n%v\n%v", devices, len(got), len(want), cns(got), cns(want))
		}
	}
}

func cns(certs []*x509.Certificate) []string {
	var out []string
	for _, c := range certs {
		out = append(out, c.Subject.CommonName)
	}
	return out
}
