package chain_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/chain"
)

// TestCAsWithManyChildren orders a store where two issuing CAs of the same
// name (a re-keyed CA) each signed many gateway certificates, enough for
// their keys to check signatures through precomputed tables, and where
// certificates forged under that name, by a key not in the store, claim
// the same issuer. Every gateway must land under the CA whose key signed
// it, and no forged one under either.
func TestCAsWithManyChildren(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root CA")
	old := p.make(spec{name: "Issuing CA (old key)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root})
	cur := p.make(spec{name: "Issuing CA (new key)", cn: "Issuing CA", ca: true, pathLen: -1, parent: root})
	forger := p.make(spec{name: "forger", cn: "Issuing CA", ca: true, pathLen: -1})
	gwKey := testkit.ECKey(t)
	certs := certsOf(root, old, cur)
	var want [][]string
	for i := range 90 {
		parent, under := cur, "Issuing CA (new key)"
		switch i % 3 {
		case 1:
			parent, under = old, "Issuing CA (old key)"
		case 2:
			parent, under = forger, ""
		}
		name := "gw" + strings.Repeat("x", i/10) + string(rune('0'+i%10)) + ".example.net"
		gw := p.make(spec{name: name, parent: parent, key: gwKey, noAKI: true})
		certs = append(certs, gw.cert)
		if under == "" {
			want = append(want, []string{name})
		} else {
			want = append(want, []string{"Root CA", under, name})
		}
	}
	chains := order(t, certs, chain.Options{})
	got := p.paths(chains)
	key := func(ps [][]string) func(i, j int) bool {
		return func(i, j int) bool { return strings.Join(ps[i], "/") < strings.Join(ps[j], "/") }
	}
	sort.Slice(got, key(got))
	sort.Slice(want, key(want))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("chains (-want +got):\n%s", diff)
	}
	for _, ch := range chains {
		if len(ch.Certificates) == 1 && ch.Missing == nil {
			t.Errorf("forged %s: no missing issuer reported", p.name(ch.Certificates[0]))
		}
	}
}
