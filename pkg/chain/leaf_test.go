package chain

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"
)

// A SeveralLeavesError says what it can, whatever it holds.
func TestSeveralLeavesErrorZero(t *testing.T) {
	for _, tc := range []struct {
		err  *SeveralLeavesError
		want string
	}{
		{nil, "chain: the certificates hold more than one device certificate; pick one by its CN"},
		{&SeveralLeavesError{}, "chain: the certificates hold more than one device certificate; pick one by its CN"},
		{&SeveralLeavesError{Leaves: []*x509.Certificate{{Subject: pkix.Name{CommonName: "a"}}, {}}},
			`chain: the certificates hold 2 device certificates (CN=a, a certificate with no subject and no serial number); pick one by its CN`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("SeveralLeavesError.Error()\n got %s\nwant %s", got, tc.want)
		}
	}
}
