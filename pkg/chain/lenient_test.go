package chain_test

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/internal/sigcheck"

	"github.com/google/go-cmp/cmp"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// readLenient decodes testdata/lenient/NAME.pem, a certificate that
// crypto/x509 refuses or reads only in part, and checks convert noted it.
func readLenient(t *testing.T, name string, defect bool) *convert.Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "lenient", name+".pem"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if defect != (len(res.Notes) > 0) {
		t.Fatalf("%s: notes %v", name, res.Notes)
	}
	return res
}

// TestOrderLenient links each certificate read leniently to its root by
// signature: the signature over its own TBS verifies with the root's key.
func TestOrderLenient(t *testing.T) {
	root := readLenient(t, "root", false).Certificates[0]
	for _, name := range []string{"negative-serial", "crldp-dirname", "crldp-relative", "duplicate-extension",
		"malformed-san", "printablestring", "time-no-seconds", "time-offset", "time-no-zone"} {
		t.Run(name, func(t *testing.T) {
			c := readLenient(t, name, true).Certificates[0]
			chains, err := chain.Order(append(certsOfList(c), root), chain.Options{At: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if len(chains) != 1 || !chains[0].Complete || len(chains[0].Certificates) != 2 || !chains[0].Certificates[0].Equal(root) {
				t.Fatalf("chains %+v", chains)
			}
			if got, err := chain.IssuerOf(c, certsOfList(root), chain.Options{}); err != nil || !got.Equal(root) {
				t.Errorf("IssuerOf: %v", err)
			}
		})
	}
}

// TestOrderInheritedDSA orders a DSA root, a CA whose DSA key inherits the
// root's parameters, and a gateway certificate that CA signed: the
// gateway's signature verifies only with the CA's key completed by the
// root's parameters.
func TestOrderInheritedDSA(t *testing.T) {
	root := readLenient(t, "dsa-root", false).Certificates[0]
	ca := readLenient(t, "dsa-inherited", true).Certificates[0]
	gw := readLenient(t, "dsa-leaf", false).Certificates[0]
	chains, err := chain.Order(certsOfList(gw, ca, root), chain.Options{At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, ch := range chains {
		var names []string
		for _, c := range ch.Certificates {
			names = append(names, c.Subject.CommonName)
		}
		got = append(got, names)
	}
	if diff := cmp.Diff([][]string{{"DSA Test Root", "DSA Inherited CA", "dsa-gw.example.net"}}, got); diff != "" {
		t.Errorf("chains (-want +got):\n%s", diff)
	}
	if !chains[0].Complete || len(chains[0].Weak) != 2 {
		t.Errorf("complete %v, %d weak links (DSA), want 2", chains[0].Complete, len(chains[0].Weak))
	}
	// The CA's key alone has no parameters: SignedBy cannot check it, and
	// IssuerOf completes it from the root among the candidates.
	if ok, _ := sigcheck.SignedBy(gw, ca); ok {
		t.Error("SignedBy verified with a key that has no parameters")
	}
	if got, err := chain.IssuerOf(gw, certsOfList(ca, root), chain.Options{}); err != nil || !got.Equal(ca) {
		t.Errorf("IssuerOf: %v, %v", got, err)
	}
	// Without the root, the CA's key cannot be completed, and the gateway
	// stays without a confirmed issuer.
	if _, err := chain.IssuerOf(gw, certsOfList(ca), chain.Options{}); err == nil {
		t.Error("IssuerOf confirmed the CA without its parameters")
	}
}

func certsOfList(cs ...*x509.Certificate) []*x509.Certificate { return cs }
