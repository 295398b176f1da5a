package chaintext_test

import (
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/voicepki/certkit/cmd/certkit/internal/chaintext"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// Advice is the missing issuer in the words certkit order prints.
func ExampleAdvice() {
	data, err := os.ReadFile("../../../../testdata/chain/vgw2.pem")
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
		fmt.Println(chaintext.Advice(nf))
	}
	// Output:
	// issuer of CN=vgw2.example.com is missing: CN=Example Voice Issuing CA 2,O=Example Voice,C=US (key id C2F30B7F7DA655812381F5B5279574A323B51224); get it from http://pki.example.com/issuing-ca-2.crt
}
