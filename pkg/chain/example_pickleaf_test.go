package chain_test

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"

	"github.com/voicepki/certkit/pkg/chain"
)

// loadCisco reads one PEM certificate from the repository's test data.
func loadCisco(name string) *x509.Certificate {
	b, err := os.ReadFile("../../testdata/cisco/" + name)
	if err != nil {
		panic(err)
	}
	block, _ := pem.Decode(b)
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		panic(err)
	}
	return c
}

// PickLeaf picks the device certificate among chains already ordered, here the
// root, the issuing CA and two device certificates (the gateway and the
// CUCM publisher): a CN picks one, no name is an error listing both.
func ExamplePickLeaf() {
	certs := []*x509.Certificate{loadCisco("three/root.pem"), loadCisco("three/issuing.pem"), loadCisco("three/cucm-pub.pem"), loadCisco("three/gateway.pem")}
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		panic(err)
	}
	gateway := loadCisco("three/gateway.pem")
	leaf, _ := chain.PickLeaf(chains, gateway.Subject.CommonName)
	fmt.Println(leaf.Equal(gateway))
	_, err = chain.PickLeaf(chains)
	fmt.Println(errors.Is(err, chain.ErrSeveralLeaves))
	// Output:
	// true
	// true
}
