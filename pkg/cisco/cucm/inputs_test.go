package cucm

import (
	"crypto/x509"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/chain"
)

// TestPlanInputsChains: the chains a caller passes give the plan that
// ordering the certificates gives, and a trunk subject over CA
// certificates only is refused with chain.ErrNoLeaf.
func TestPlanInputsChains(t *testing.T) {
	ca := newTestCA(t, "Inputs Root", nil, nil)
	sub := newTestCA(t, "Inputs Issuing", ca, nil)
	gw := newTestLeaf(t, "gw7", []string{"gw7.example.com"}, sub, ecKey(t).Public(), nil)
	cucm := newTestLeaf(t, "cucm7", nil, sub, ecKey(t).Public(), nil)
	certs := []*x509.Certificate{gw, ca.Cert, cucm, sub.Cert}
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []PlanOptions{{Hostname: "cucm7"}, {TrunkSubject: "gw7.example.com gw7"}, {Hostname: "gw7", Service: "tomcat"}} {
		want, err := Plan(certs, opts)
		if err != nil {
			t.Fatalf("%+v: %v", opts, err)
		}
		opts.Chains = chains
		got, err := Plan(certs, opts)
		if err != nil {
			t.Fatalf("%+v with chains: %v", opts, err)
		}
		if d := cmp.Diff(stepNames(want.Steps), stepNames(got.Steps)); d != "" || got.Leaf != want.Leaf {
			t.Errorf("%+v: with the chains given the plan differs:\n%s", opts, d)
		}
	}
	_, err = Plan([]*x509.Certificate{ca.Cert, sub.Cert}, PlanOptions{TrunkSubject: "gw7"})
	if !errors.Is(err, chain.ErrNoLeaf) {
		t.Errorf("trunk subject, CA certificates only: %v; want chain.ErrNoLeaf", err)
	}
	if _, err := Plan(certs, PlanOptions{Hostname: "gw8"}); !errors.Is(err, chain.ErrSeveralLeaves) {
		t.Errorf("hostname picking none: %v; want chain.ErrSeveralLeaves", err)
	}
	if _, err := Plan(nil, PlanOptions{}); !errors.Is(err, errInvalidOption) {
		t.Errorf("no certificates: %v; want ErrInvalidOption", err)
	}
	if _, err := Plan(certs, PlanOptions{Service: "nope"}); !errors.Is(err, ErrUnknownService) {
		t.Errorf("unknown service: %v; want ErrUnknownService", err)
	}
}
