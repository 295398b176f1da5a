package cucm

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/cucmrule"
	"github.com/voicepki/certkit/pkg/finding"

	"github.com/google/go-cmp/cmp"
)

func TestSplitTrunkNames(t *testing.T) {
	got := cucmrule.SplitTrunkNames(" gw1.example.com,gw2.example.com;; gw3.example.com:gw4  gw5\tgw6 ")
	want := []string{"gw1.example.com", "gw2.example.com", "gw3.example.com", "gw4", "gw5", "gw6"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SplitTrunkNames (-want +got):\n%s", diff)
	}
}

func TestCheckTrunkSubject(t *testing.T) {
	root := newTestCA(t, "Root", nil, nil)
	gw := newTestLeaf(t, "gw1.example.com", []string{"gw1.example.com", "sbc.example.com"}, root, nil, func(c *x509.Certificate) {
		c.IPAddresses = []net.IP{net.ParseIP("192.0.2.10")}
	})

	tc, err := CheckTrunkSubject("gw1.example.com, SBC.example.com;gw2.example.com:192.0.2.10 GW1.EXAMPLE.COM", gw)
	if err != nil {
		t.Fatal(err)
	}
	got := trunkLines(tc)
	want := []string{
		`gw1.example.com match="gw1.example.com" case="" field="CN"`,
		`SBC.example.com match="" case="sbc.example.com" field="SAN"`,
		`gw2.example.com match="" case="" field=""`,
		`192.0.2.10 match="192.0.2.10" case="" field="SAN"`,
		`GW1.EXAMPLE.COM match="" case="gw1.example.com" field="CN"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]finding.Code{finding.CodeNameCaseMismatch, finding.CodeNameMismatch, finding.CodeNameCaseMismatch}, codes(tc.Warnings)); diff != "" {
		t.Errorf("warning codes (-want +got):\n%s", diff)
	}

	// All names match: no warnings.
	tc, err = CheckTrunkSubject("sbc.example.com", gw)
	if err != nil {
		t.Fatal(err)
	}
	if len(tc.Warnings) != 0 {
		t.Errorf("warnings for a matching name: %v", tc.Warnings)
	}

	// A wildcard SAN is not a match: CUCM compares names, it does not
	// expand wildcards (and refuses wildcard certificates anyway).
	wild := newTestLeaf(t, "gw1", []string{"*.example.com"}, root, nil, nil)
	tc, err = CheckTrunkSubject("gw9.example.com", wild)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]finding.Code{finding.CodeNameMismatch}, codes(tc.Warnings)); diff != "" {
		t.Errorf("wildcard: warning codes (-want +got):\n%s", diff)
	}

	if _, err := CheckTrunkSubject("gw1", nil); !errors.Is(err, errInvalidOption) {
		t.Errorf("nil certificate: error %v, want ErrInvalidOption", err)
	}
	if _, err := CheckTrunkSubject(" ,; ", gw); !errors.Is(err, errInvalidOption) {
		t.Errorf("empty field: error %v, want ErrInvalidOption", err)
	}
}

// A name typed as attribute=value matches by what it means: the attribute
// name in any letter case (cn, CN, commonName), the value exactly.
func TestCheckTrunkSubjectTypedAttribute(t *testing.T) {
	root := newTestCA(t, "Root", nil, nil)
	gw := newTestLeaf(t, "gw1.example.com", []string{"sbc.example.com"}, root, nil, nil)
	tc, err := CheckTrunkSubject("cn=gw1.example.com CN=gw1.example.com commonName=GW1.example.com 2.5.4.3=sbc.example.com o=gw1.example.com", gw)
	if err != nil {
		t.Fatal(err)
	}
	got := trunkLines(tc)
	want := []string{
		`cn=gw1.example.com match="gw1.example.com" case="" field="CN"`,
		`CN=gw1.example.com match="gw1.example.com" case="" field="CN"`,
		`commonName=GW1.example.com match="" case="gw1.example.com" field="CN"`,
		`2.5.4.3=sbc.example.com match="" case="" field=""`, // a SAN is not the CN
		`o=gw1.example.com match="" case="" field=""`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]finding.Code{finding.CodeNameCaseMismatch, finding.CodeNameMismatch, finding.CodeNameMismatch}, codes(tc.Warnings)); diff != "" {
		t.Errorf("warning codes (-want +got):\n%s", diff)
	}
	if len(tc.Warnings) == 3 {
		if msg := tc.Warnings[1].Message; !strings.Contains(msg, "matches no CN in the subject") {
			t.Errorf("no-match message %q does not say it looked at the CN", msg)
		}
	}
}

// trunkLines writes one line per typed name: name -> match / case-only,
// and where.
func trunkLines(tc *TrunkCheck) []string {
	var out []string
	for _, n := range tc.Names {
		out = append(out, fmt.Sprintf("%s match=%q case=%q field=%q", n.Name, n.Match, n.CaseOnly, n.Field))
	}
	return out
}
