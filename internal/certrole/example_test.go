package certrole_test

import (
	"crypto/x509"
	"fmt"
	"log"
	"os"

	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// readBundle decodes one of the generated test bundles.
func readBundle(name string) *convert.Result {
	data, err := os.ReadFile("../../testdata/" + name)
	if err != nil {
		log.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		log.Fatal(err)
	}
	return res
}

// What each certificate is by its content, and which key signed it.
func ExampleOf() {
	res := readBundle("samples/certnew.p7b")
	root, issuing, gw := res.Certificates[2], res.Certificates[0], res.Certificates[1]
	for _, c := range []struct {
		name string
		role string
		self bool
	}{
		{gw.Subject.CommonName, certrole.Of(gw, false), sigcheck.SelfSigned(gw)},
		{issuing.Subject.CommonName, certrole.Of(issuing, false), sigcheck.SelfSigned(issuing)},
		{root.Subject.CommonName, certrole.Of(root, false), sigcheck.SelfSigned(root)},
	} {
		fmt.Printf("%-24s %-12s self-signed: %v\n", c.name, c.role, c.self)
	}
	ok, weak := sigcheck.SignedBy(gw, issuing)
	fmt.Println("gateway signed by the issuing CA:", ok, "weak:", weak)
	ok, _ = sigcheck.SignedBy(gw, root)
	fmt.Println("gateway signed by the root:", ok)
	// Output:
	// vgw1.example.com         leaf         self-signed: false
	// Example Voice Issuing CA intermediate self-signed: false
	// Example Voice Root CA    root         self-signed: true
	// gateway signed by the issuing CA: true weak: false
	// gateway signed by the root: false
}

// A version 1 certificate has no extensions to say it is a CA. Alone it
// reads as a leaf (Of); beside a certificate it signed, InSet and
// chain.Order count it as the CA it acted as.
func ExampleInSet() {
	res := readBundle("roles/v1-chain.pem") // v1 gateway, root, v1 issuing CA
	roles := certrole.InSet(res.Certificates)
	for i, c := range res.Certificates {
		fmt.Printf("v%d %-28s %-12s alone: %s\n", c.Version, c.Subject.CommonName, roles[i], certrole.Of(c, false))
	}
	// Output:
	// v1 v1gw.example.com             leaf         alone: leaf
	// v3 Example Voice Root CA        root         alone: root
	// v1 Example Voice v1 Issuing CA  intermediate alone: leaf
}

// The issuer of a gateway's certificate among a large CA bundle, parsing
// only the certificates that may be it: the bundle is read with
// convert.Options.Defer, and Candidates names those worth parsing.
func ExampleCandidates() {
	gwData, err := os.ReadFile("../../testdata/chain/adcs-renewed.p7b")
	if err != nil {
		log.Fatal(err)
	}
	own, err := convert.Decode(gwData, convert.Options{})
	if err != nil {
		log.Fatal(err)
	}
	gw := own.Certificates[1]
	bundle, err := convert.Decode(gwData, convert.Options{Defer: true}) // a bundle of thousands, in real use
	if err != nil {
		log.Fatal(err)
	}
	names := make([]certrole.Named, len(bundle.Deferred))
	for i, d := range bundle.Deferred {
		names[i] = certrole.Named{Raw: d.Raw, Subject: d.RawSubject, Issuer: d.RawIssuer}
	}
	var candidates []*x509.Certificate
	for _, i := range certrole.Candidates(gw, nil, names) {
		c, _, err := bundle.Deferred[i].Parse()
		if err != nil {
			log.Fatal(err)
		}
		candidates = append(candidates, c)
	}
	ca, err := chain.IssuerOf(gw, candidates, chain.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("parsed %d of %d; issuer %s until %d\n", len(candidates), len(bundle.Deferred), ca.Subject.CommonName, ca.NotAfter.Year())
	// Output:
	// parsed 3 of 4; issuer Example Voice Issuing CA until 2125
}

// convert.Encode's NoLeaf leaves out what Leaves calls leaves: a version 1 CA that signed
// another certificate of the set is kept, the version 1 gateway
// certificate it signed is not.
func ExampleLeaves() {
	data, err := os.ReadFile("../../testdata/roles/v1-chain.pem")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		panic(err)
	}
	leaf := certrole.Leaves(res.Certificates)
	for i, c := range res.Certificates {
		fmt.Printf("v%d %s leaf: %v (EndEntity alone: %v)\n", c.Version, c.Subject.CommonName, leaf[i], certrole.EndEntity(c))
	}
	// Output:
	// v1 v1gw.example.com leaf: true (EndEntity alone: true)
	// v3 Example Voice Root CA leaf: false (EndEntity alone: false)
	// v1 Example Voice v1 Issuing CA leaf: false (EndEntity alone: true)
}
