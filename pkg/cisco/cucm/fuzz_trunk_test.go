package cucm

import (
	"errors"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/cucmrule"
)

// trunkSeeds are fields as people type them into CUCM.
var trunkSeeds = []string{
	"gw1.example.com",
	"gw1.example.com, GW1;gw2:192.0.2.10  gw3",
	" ,;: ",
	"",
	"gw1\tgw2\r\ngw3",
	"ＧＷ1.example.com,gw1.EXAMPLE.com",
	"cn=gw1 CN=GW1 commonName=gw1 o=x cn=#0C03677731 2.5.4.3=gw1 cn=a+o=b",
}

// FuzzCheckTrunkSubject checks that every name typed is accounted for:
// it matches exactly, matches in letter case only (with a warning), or
// matches nothing (with a warning), and contains no separator.
func FuzzCheckTrunkSubject(f *testing.F) {
	if len(trunkSeeds) == 0 {
		f.Fatal("no seeds")
	}
	for _, s := range trunkSeeds {
		f.Add(s)
	}
	root := newTestCA(f, "Root", nil, nil)
	gw := newTestLeaf(f, "gw1", []string{"gw1.example.com", "sbc.example.com"}, root, nil, nil)
	f.Fuzz(func(t *testing.T, field string) {
		tc, err := CheckTrunkSubject(field, gw)
		if err != nil {
			if !errors.Is(err, errInvalidOption) || len(cucmrule.SplitTrunkNames(field)) != 0 {
				t.Fatalf("CheckTrunkSubject(%q): %v", field, err)
			}
			return
		}
		warned := 0
		for _, n := range tc.Names {
			if n.Name == "" || strings.ContainsAny(n.Name, " ,;:") {
				t.Errorf("name %q holds a separator", n.Name)
			}
			// A name typed as attribute=value ("cn=gw1") is its value.
			value := n.Name
			if a, ok := typedAttribute(n.Name); ok {
				value = a.Value
			}
			switch {
			case n.Match != "":
				if n.Match != value || n.CaseOnly != "" {
					t.Errorf("%+v: exact match differs from the name", n)
				}
			case n.CaseOnly != "":
				if !strings.EqualFold(n.CaseOnly, value) || n.CaseOnly == value {
					t.Errorf("%+v: case-only match is not a case-only difference", n)
				}
				warned++
			default:
				warned++
			}
		}
		if warned != len(tc.Warnings) {
			t.Errorf("%d names need a warning, got %d warnings", warned, len(tc.Warnings))
		}
	})
}
