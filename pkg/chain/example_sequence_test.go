package chain_test

import (
	"crypto/x509"
	"fmt"
	"log"
	"os"

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

// The order in which to install a CA's bundle (certkit split numbers its
// files by it): each chain root first, every certificate once.
func ExampleSequence() {
	res := readBundle("samples/certnew.p7b") // issuing CA, gateway, root
	chains, err := chain.Order(res.Certificates, chain.Options{})
	if err != nil {
		log.Fatal(err)
	}
	certs, roles := chain.Sequence(res.Certificates, chains)
	for i, c := range certs {
		fmt.Printf("%02d %-12s %s\n", i+1, roles[i], c.Subject.CommonName)
	}
	// Output:
	// 01 root         Example Voice Root CA
	// 02 intermediate Example Voice Issuing CA
	// 03 leaf         vgw1.example.com
}

// The gateway certificates of a bundle: the chains that end at a leaf.
func ExampleLeaves() {
	res := readBundle("chain/adcs-renewed.p7b")
	chains, err := chain.Order(res.Certificates, chain.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range chain.Leaves(chains) {
		fmt.Println(c.Subject.CommonName)
	}
	// Output:
	// vgw1.example.com
}

// What each certificate is by its content, and which key signed it.
func ExampleRoleOf() {
	res := readBundle("samples/certnew.p7b")
	root, issuing, gw := res.Certificates[2], res.Certificates[0], res.Certificates[1]
	for _, c := range []struct {
		name string
		role chain.Role
		self bool
	}{
		{gw.Subject.CommonName, chain.RoleOf(gw), chain.SelfSigned(gw)},
		{issuing.Subject.CommonName, chain.RoleOf(issuing), chain.SelfSigned(issuing)},
		{root.Subject.CommonName, chain.RoleOf(root), chain.SelfSigned(root)},
	} {
		fmt.Printf("%-24s %-12s self-signed: %v\n", c.name, c.role, c.self)
	}
	ok, weak := chain.SignedBy(gw, issuing)
	fmt.Println("gateway signed by the issuing CA:", ok, "weak:", weak)
	ok, _ = chain.SignedBy(gw, root)
	fmt.Println("gateway signed by the root:", ok)
	// Output:
	// vgw1.example.com         leaf         self-signed: false
	// Example Voice Issuing CA intermediate self-signed: false
	// Example Voice Root CA    root         self-signed: true
	// gateway signed by the issuing CA: true weak: false
	// gateway signed by the root: false
}

// A root is a certificate its own key verifies; the gateway's is not.
func ExampleSelfSigned() {
	res := readBundle("samples/certnew.p7b") // issuing CA, gateway, root
	for _, c := range res.Certificates {
		fmt.Printf("%-24s %v\n", c.Subject.CommonName, chain.SelfSigned(c))
	}
	// Output:
	// Example Voice Issuing CA false
	// vgw1.example.com         false
	// Example Voice Root CA    true
}

// Which CA signed the gateway's certificate, checked by signature.
func ExampleSignedBy() {
	res := readBundle("samples/certnew.p7b")
	issuing, gw, root := res.Certificates[0], res.Certificates[1], res.Certificates[2]
	for _, ca := range []*x509.Certificate{root, issuing} {
		ok, weak := chain.SignedBy(gw, ca)
		fmt.Printf("signed by %s: %v (weak: %v)\n", ca.Subject.CommonName, ok, weak)
	}
	// Output:
	// signed by Example Voice Root CA: false (weak: false)
	// signed by Example Voice Issuing CA: true (weak: false)
}

// A version 1 certificate has no extensions to say it is a CA. Alone it
// reads as a leaf (RoleOf); beside a certificate it signed, Roles and
// Order count it as the CA it acted as.
func ExampleRoles() {
	res := readBundle("roles/v1-chain.pem") // v1 gateway, root, v1 issuing CA
	roles := chain.Roles(res.Certificates)
	for i, c := range res.Certificates {
		fmt.Printf("v%d %-28s %-12s alone: %s\n", c.Version, c.Subject.CommonName, roles[i], chain.RoleOf(c))
	}
	// Output:
	// v1 v1gw.example.com             leaf         alone: leaf
	// v3 Example Voice Root CA        root         alone: root
	// v1 Example Voice v1 Issuing CA  intermediate alone: leaf
}

// The files certkit split writes for a CA's bundle, in order.
func ExampleSplit() {
	res := readBundle("samples/certnew.p7b")
	split, err := chain.Split(res.Certificates, chain.SplitOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range split.Files {
		fmt.Println(f.Name, len(f.PEM) > 0)
	}
	fmt.Println(len(split.Findings), "findings")
	// Output:
	// 01-root-Example-Voice-Root-CA.pem true
	// 02-intermediate-Example-Voice-Issuing-CA.pem true
	// 03-leaf-vgw1.example.com.pem true
	// 0 findings
}
