package chain_test

import (
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// An AD CS export after the issuing CA was renewed with a new key: the old
// copy of the issuing CA, the gateway, the root and the new copy.
func ExampleOrder() {
	data, err := os.ReadFile("../../testdata/chain/adcs-renewed.p7b")
	if err != nil {
		log.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		log.Fatal(err)
	}
	chains, err := chain.Order(res.Certificates, chain.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, ch := range chains {
		fmt.Println("complete:", ch.Complete)
		for i, c := range ch.Certificates {
			fmt.Printf("  %-12s %s (until %d)\n", ch.Roles[i], c.Subject.CommonName, c.NotAfter.Year())
		}
	}
	// Output:
	// complete: true
	//   root         Example Voice Root CA (until 2125)
	//   intermediate Example Voice Issuing CA (until 2100)
	// complete: true
	//   root         Example Voice Root CA (until 2125)
	//   intermediate Example Voice Issuing CA (until 2125)
	//   leaf         vgw1.example.com (until 2125)
}

// The issuing CA to paste at "crypto pki authenticate": the one whose key
// signed the gateway's certificate, not the old copy with the same name.
func ExampleIssuerOf() {
	data, err := os.ReadFile("../../testdata/chain/adcs-renewed.p7b")
	if err != nil {
		log.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		log.Fatal(err)
	}
	gw := res.Certificates[1]
	ca, err := chain.IssuerOf(gw, res.Certificates, chain.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(gw.Subject.CommonName, "was issued by", ca.Subject.CommonName, "valid until", ca.NotAfter.Year())
	// Output:
	// vgw1.example.com was issued by Example Voice Issuing CA valid until 2125
}

// When the issuer is not at hand, the error says what to fetch and where.
func ExampleIssuerNotFoundError() {
	data, err := os.ReadFile("../../testdata/chain/vgw2.pem")
	if err != nil {
		log.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		log.Fatal(err)
	}
	_, err = chain.IssuerOf(res.Certificates[0], nil, chain.Options{})
	var nf *chain.IssuerNotFoundError
	if errors.As(err, &nf) {
		fmt.Println("missing:", nf.Issuer)
		fmt.Println("get it from:", nf.AIA[0])
	}
	fmt.Println(errors.Is(err, chain.ErrIssuerNotFound))
	// Output:
	// missing: CN=Example Voice Issuing CA 2,O=Example Voice,C=US
	// get it from: http://pki.example.com/issuing-ca-2.crt
	// true
}

// Outside names the certificates no chain took: here the older copy of an
// issuing CA re-issued with the same key. Its key signed the gateway too,
// so it ends no chain of its own, but the chain takes the newer copy.
func ExampleOutside() {
	data, err := os.ReadFile("../../testdata/chain/reissued.pem")
	if err != nil {
		log.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		log.Fatal(err)
	}
	chains, err := chain.Order(res.Certificates, chain.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range chain.Outside(res.Certificates, chains) {
		fmt.Println("outside:", c.Subject.CommonName, "until", c.NotAfter.Year())
	}
	for _, l := range chains[0].Alternatives {
		fmt.Println("not taken:", l.Parent.Subject.CommonName, "until", l.Parent.NotAfter.Year())
	}
	// Output:
	// outside: Example Voice Issuing CA until 2099
	// not taken: Example Voice Issuing CA until 2099
}
