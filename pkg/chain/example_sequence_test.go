package chain_test

import (
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
func ExampleSplit_order() {
	res := readBundle("samples/certnew.p7b") // issuing CA, gateway, root
	split, err := chain.Split(res.Certificates, nil, chain.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for i, f := range split.Files {
		fmt.Printf("%02d %-12s %s\n", i+1, f.Role, f.Certificate.Subject.CommonName)
	}
	// Output:
	// 01 root         Example Voice Root CA
	// 02 intermediate Example Voice Issuing CA
	// 03 leaf         vgw1.example.com
}

// The gateway certificate of a bundle: the one chain that ends at a leaf.
func ExamplePickLeaf_bundle() {
	res := readBundle("chain/adcs-renewed.p7b")
	chains, err := chain.Order(res.Certificates, chain.Options{})
	if err != nil {
		log.Fatal(err)
	}
	c, err := chain.PickLeaf(chains)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Subject.CommonName)
	// Output:
	// vgw1.example.com
}

// The files certkit split writes for a CA's bundle, in order.
func ExampleSplit() {
	res := readBundle("samples/certnew.p7b")
	split, err := chain.Split(res.Certificates, nil, chain.Options{})
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
