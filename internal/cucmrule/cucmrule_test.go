package cucmrule

import (
	"crypto/x509"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTable checks the table against what CUCM lists: the eight identity
// purposes, each with its trust store (none for ITLRecovery, which certkit
// does not plan), siblings that point at each other, and the CallManager
// limits.
func TestTable(t *testing.T) {
	var names []string
	for _, s := range Services() {
		names = append(names, s.Name)
		if s.Planned == (s.TrustStore == "") {
			t.Errorf("%s: planned %v but trust store %q", s.Name, s.Planned, s.TrustStore)
		}
		if s.Sibling != "" {
			sib, ok := Lookup(s.Sibling)
			if !ok || sib.Sibling != s.Name || sib.ECDSA == s.ECDSA || sib.TrustStore != s.TrustStore {
				t.Errorf("%s: sibling %+v", s.Name, sib)
			}
		}
		if want := MaxRSABits; s.SIPTLS {
			if s.MaxRSABits != CallManagerMaxRSABits {
				t.Errorf("%s: MaxRSABits %d", s.Name, s.MaxRSABits)
			}
		} else if s.MaxRSABits != want {
			t.Errorf("%s: MaxRSABits %d, want %d", s.Name, s.MaxRSABits, want)
		}
	}
	want := []string{"CallManager", "CallManager-ECDSA", "tomcat", "tomcat-ECDSA", "CAPF", "ipsec", "TVS", "ITLRecovery"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("purposes (-want +got):\n%s", diff)
	}
	if s, ok := Lookup("callmanager-ecdsa"); !ok || s.Name != "CallManager-ECDSA" {
		t.Errorf("Lookup ignores case: %+v %v", s, ok)
	}
	if _, ok := Lookup("CallManger"); ok {
		t.Error("Lookup found a misspelt purpose")
	}
	has := func(us ...x509.ExtKeyUsage) func(x509.ExtKeyUsage) bool {
		return func(u x509.ExtKeyUsage) bool { return slices.Contains(us, u) }
	}
	for _, tc := range []struct {
		us   []x509.ExtKeyUsage
		want []string
	}{
		{nil, []string{"serverAuth", "clientAuth"}},
		{[]x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, []string{"clientAuth"}},
		{[]x509.ExtKeyUsage{x509.ExtKeyUsageAny}, nil},
		{[]x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}, nil},
	} {
		if diff := cmp.Diff(tc.want, MissingEKU(has(tc.us...))); diff != "" {
			t.Errorf("MissingEKU(%v) (-want +got):\n%s", tc.us, diff)
		}
	}
}

func ExampleSplitTrunkNames() {
	fmt.Printf("%q\n", SplitTrunkNames("gw1.example.com, gw2.example.com;gw3:gw4 gw5"))
	// Output:
	// ["gw1.example.com" "gw2.example.com" "gw3" "gw4" "gw5"]
}
