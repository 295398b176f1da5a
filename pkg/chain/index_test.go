package chain

import (
	"crypto/x509"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// TestIndexBySignature: the graph finds a certificate by its DER even when
// another one, crafted, carries the same signature bytes, and a second
// copy of a certificate (another pointer, the same DER) is the same node.
func TestIndexBySignature(t *testing.T) {
	certs := decodeStore(t, store(t, 130, 1))
	a, b := certs[0], certs[1]
	// b's TBS with a's signature: another DER, the same Signature.
	var bld cryptobyte.Builder
	bld.AddASN1(cbasn1.SEQUENCE, func(bld *cryptobyte.Builder) {
		bld.AddBytes(b.RawTBSCertificate)
		bld.AddASN1(cbasn1.SEQUENCE, func(bld *cryptobyte.Builder) { bld.AddASN1ObjectIdentifier([]int{1, 2, 840, 10045, 4, 3, 2}) })
		bld.AddASN1BitString(a.Signature)
	})
	forged, err := x509.ParseCertificate(bld.BytesOrPanic())
	if err != nil {
		t.Fatal(err)
	}
	copyOfA, err := x509.ParseCertificate(a.Raw)
	if err != nil {
		t.Fatal(err)
	}
	g := newGraph([]*x509.Certificate{a, forged, copyOfA}, nil, Options{})
	if len(g.nodes) != 2 {
		t.Fatalf("%d nodes, want 2 (a and the forged one; the copy of a is a)", len(g.nodes))
	}
	if i, ok := g.find(forged); !ok || g.nodes[i].cert != forged {
		t.Errorf("the certificate sharing a's signature is not found as itself")
	}
	if i, ok := g.find(copyOfA); !ok || g.nodes[i].cert != a {
		t.Errorf("the copy of a is not found as a")
	}
	if _, ok := g.find(b); ok {
		t.Errorf("b, never added, was found")
	}
}
