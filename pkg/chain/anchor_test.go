package chain_test

import (
	"testing"

	"github.com/voicepki/certkit/pkg/finding"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/chain"
)

// TestNotAnchored: given trust anchors, a chain that reaches another
// self-signed root of the same name is complete but warned about, and one
// that reaches the anchor is not.
func TestNotAnchored(t *testing.T) {
	p := newPKI(t)
	theirs := p.root("Corp Root")
	ours := p.make(spec{name: "Corp Root (ours)", cn: "Corp Root", ca: true, pathLen: -1})
	ca := p.ca("Corp Issuing CA", theirs)
	gw := p.leaf("gw.example.com", ca)

	for _, tc := range []struct {
		name     string
		anchor   *issuer
		anchored bool
		warnings []finding.Code
	}{
		{"other root", ours, false, []finding.Code{"not-anchored"}},
		{"the anchor", theirs, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chains, err := chain.Order(certsOf(gw, ca, theirs), chain.Options{At: testNow, Roots: certsOf(tc.anchor)})
			if err != nil {
				t.Fatal(err)
			}
			if len(chains) != 1 {
				t.Fatalf("%d chains, want 1", len(chains))
			}
			ch := chains[0]
			if diff := cmp.Diff([]string{"Corp Root", "Corp Issuing CA", "gw.example.com"}, p.list(ch.Certificates)); diff != "" {
				t.Errorf("chain (-want +got):\n%s", diff)
			}
			if !ch.Complete || ch.Anchored != tc.anchored {
				t.Errorf("complete %v anchored %v, want true %v", ch.Complete, ch.Anchored, tc.anchored)
			}
			var got []finding.Code
			for _, w := range ch.Warnings {
				got = append(got, w.Code)
			}
			if diff := cmp.Diff(tc.warnings, got); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}
