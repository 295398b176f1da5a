package sigcheck_test

import (
	"crypto/x509"
	"fmt"
	"log"
	"os"

	"github.com/voicepki/certkit/internal/sigcheck"
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

// A root is a certificate its own key verifies; the gateway's is not.
func ExampleSelfSigned() {
	res := readBundle("samples/certnew.p7b") // issuing CA, gateway, root
	for _, c := range res.Certificates {
		fmt.Printf("%-24s %v\n", c.Subject.CommonName, sigcheck.SelfSigned(c))
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
		ok, weak := sigcheck.SignedBy(gw, ca)
		fmt.Printf("signed by %s: %v (weak: %v)\n", ca.Subject.CommonName, ok, weak)
	}
	// Output:
	// signed by Example Voice Root CA: false (weak: false)
	// signed by Example Voice Issuing CA: true (weak: false)
}
