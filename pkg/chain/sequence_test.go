package chain_test

import (
	"crypto/x509"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/chain"
)

// TestSequence builds two gateways under one issuing CA, a second root with
// nothing under it, and a leaf whose issuer is missing, and checks the
// install order: each chain root first, in the order of the certificates
// that end the chains, with shared CAs listed once.
func TestSequence(t *testing.T) {
	p := newPKI(t)
	root := p.root("Seq Root")
	issuing := p.ca("Seq Issuing CA", root)
	gw1 := p.leaf("gw1.example.com", issuing)
	gw2 := p.leaf("gw2.example.com", issuing)
	other := p.root("Seq Lone Root")
	orphanCA := p.ca("Seq Absent CA", other)
	orphan := p.leaf("orphan.example.com", orphanCA)

	in := []*x509.Certificate{gw2.cert, other.cert, issuing.cert, orphan.cert, root.cert, gw1.cert}
	chains, err := chain.Order(in, chain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	certs, roles := chain.Sequence(in, chains)
	var got []string
	for i, c := range certs {
		got = append(got, fmt.Sprintf("%s %s", roles[i], c.Subject.CommonName))
	}
	want := []string{
		"root Seq Root",
		"intermediate Seq Issuing CA",
		"leaf gw2.example.com",
		"root Seq Lone Root", // issued nothing here, so it ends a chain of its own
		"leaf orphan.example.com",
		"leaf gw1.example.com",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Sequence (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"gw2.example.com", "orphan.example.com", "gw1.example.com"}, p.list(chain.Leaves(chains))); diff != "" {
		t.Errorf("Leaves (-want +got):\n%s", diff)
	}
}

func TestRoleOf(t *testing.T) {
	p := newPKI(t)
	root := p.root("Role Root")
	ca := p.ca("Role CA", root)
	leaf := p.leaf("role.example.com", ca)
	for _, tc := range []struct {
		cert *x509.Certificate
		want chain.Role
	}{
		{root.cert, chain.RoleRoot},
		{ca.cert, chain.RoleIntermediate},
		{leaf.cert, chain.RoleLeaf},
	} {
		if got := chain.RoleOf(tc.cert); got != tc.want {
			t.Errorf("RoleOf(%s) = %s, want %s", tc.cert.Subject.CommonName, got, tc.want)
		}
	}
}

// TestSequenceOutside checks that certificates no chain takes (here a
// cross-signed copy of a root and the root that signed it) still come
// out, after the chains, with their roles by content.
func TestSequenceOutside(t *testing.T) {
	p := newPKI(t)
	rootA := p.root("Old Root")
	rootB := p.root("New Root")
	crossB := p.make(spec{name: "New Root (cross-signed by Old Root)", cn: "New Root", ca: true, pathLen: -1, key: rootB.key, parent: rootA})
	issuing := p.ca("Issuing CA", rootB)
	gw := p.leaf("gw.example.com", issuing)

	in := certsOf(crossB, gw, rootA, issuing, rootB)
	chains, err := chain.Order(in, chain.Options{At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	certs, roles := chain.Sequence(in, chains)
	var got []string
	for i, c := range certs {
		got = append(got, fmt.Sprintf("%s %s", roles[i], p.name(c)))
	}
	want := []string{
		"root New Root",
		"intermediate Issuing CA",
		"leaf gw.example.com",
		"intermediate New Root (cross-signed by Old Root)",
		"root Old Root",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Sequence (-want +got):\n%s", diff)
	}
}

// TestSequenceHandBuiltChain: a Chain made by hand, without Roles, takes
// its roles from RoleOf instead of panicking, in Sequence and Leaves.
func TestSequenceHandBuiltChain(t *testing.T) {
	p := newPKI(t)
	root := p.root("Hand Root")
	gw := p.leaf("hand.example.com", root)
	chains := []chain.Chain{{Certificates: certsOf(root, gw)}}
	certs, roles := chain.Sequence(nil, chains)
	var got []string
	for i, c := range certs {
		got = append(got, fmt.Sprintf("%s %s", roles[i], p.name(c)))
	}
	if diff := cmp.Diff([]string{"root Hand Root", "leaf hand.example.com"}, got); diff != "" {
		t.Errorf("Sequence (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"hand.example.com"}, p.list(chain.Leaves(chains))); diff != "" {
		t.Errorf("Leaves (-want +got):\n%s", diff)
	}
	var nf *chain.IssuerNotFoundError
	if nf.Error() == "" {
		t.Error("a nil *IssuerNotFoundError has an empty message")
	}
}
