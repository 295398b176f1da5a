package chain_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// TestIssuerNotFoundNamesADCS: the missing issuer of an AD CS gateway is
// named as openssl names it, DC= components and emailAddress included,
// in the error's Issuer and in its message.
func TestIssuerNotFoundNamesADCS(t *testing.T) {
	data, err := os.ReadFile("../../testdata/adcs/gateway.pem")
	if err != nil {
		t.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = chain.IssuerOf(res.Certificates[0], nil, chain.Options{})
	var nf *chain.IssuerNotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("IssuerOf: %v, want an IssuerNotFoundError", err)
	}
	const want = "emailAddress=pki@verybigco.local,CN=VeryBigCo-Issuing-CA,DC=verybigco,DC=local"
	if nf.Issuer != want {
		t.Errorf("Issuer = %s, want %s", nf.Issuer, want)
	}
	if msg := `chain: issuer of CN=vgw1.verybigco.local not found: ` + want; !strings.HasPrefix(err.Error(), msg) {
		t.Errorf("message %q does not start %q", err, msg)
	}
}
