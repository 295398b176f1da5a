package certrole

import (
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
)

type issued struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// mint issues a version 3 certificate named cn, signed by parent (self-
// signed when parent is nil), a CA when ca is set, with testkit's builder.
func mint(t *testing.T, cn string, ca bool, parent *issued) *issued {
	t.Helper()
	key := testkit.ECKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		BasicConstraintsValid: ca, IsCA: ca,
	}
	var p *testkit.CA
	if parent != nil {
		p = &testkit.CA{Cert: parent.cert, Key: parent.key}
	}
	return &issued{testkit.Issue(t, tmpl, key.Public(), p, key), key}
}

// TestInSet checks the rule on version 3 shapes (the version 1 ones are
// generated under testdata/roles and checked through every command): a
// self-signed end-entity certificate is a leaf, a certificate without the
// CA flag that signed another of the set is a CA, and a CA is a root only
// if its own key verifies it.
func TestInSet(t *testing.T) {
	root := mint(t, "Root", true, nil)
	ca := mint(t, "Issuing", true, root)
	gw := mint(t, "gw", false, ca)
	selfGW := mint(t, "self-signed gw", false, nil)
	notCA := mint(t, "signs without the CA flag", false, root)
	under := mint(t, "under it", false, notCA)

	certs := []*x509.Certificate{gw.cert, root.cert, ca.cert, selfGW.cert, notCA.cert, under.cert, nil}
	want := []string{Leaf, Root, Intermediate, Leaf, Intermediate, Leaf, ""}
	if diff := cmp.Diff(want, InSet(certs)); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	// Alone, each is what its content says.
	for _, c := range []struct {
		c    *x509.Certificate
		want string
	}{{notCA.cert, Leaf}, {ca.cert, Intermediate}, {root.cert, Root}, {selfGW.cert, Leaf}, {nil, ""}} {
		if got := Of(c.c, false); got != c.want {
			t.Errorf("Of(%v) = %q, want %q", c.c != nil, got, c.want)
		}
	}
	// A copy of a certificate does not make it a CA.
	if diff := cmp.Diff([]bool{false, false}, Issued([]*x509.Certificate{selfGW.cert, selfGW.cert})); diff != "" {
		t.Errorf("a self-signed certificate and its copy (-want +got):\n%s", diff)
	}
}
