package chain_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/voicepki/certkit/pkg/chain"
)

// fakeFetcher serves certificates by URL from memory and records what was
// asked, in order.
type fakeFetcher struct {
	certs map[string][]*x509.Certificate
	asked []string
	block bool // wait for the context to end instead of answering
}

func (f *fakeFetcher) Fetch(ctx context.Context, url string) ([]*x509.Certificate, error) {
	f.asked = append(f.asked, url)
	if f.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	c, ok := f.certs[url]
	if !ok {
		return nil, fmt.Errorf("%s: HTTP 404 Not Found", url)
	}
	return c, nil
}

// TestFetchClimbs fetches a missing issuing CA and the intermediate above
// it, each named by the certificate below; the chain then reaches the
// root given.
func TestFetchClimbs(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root")
	policy := p.make(spec{name: "Policy CA", ca: true, parent: root, pathLen: -1})
	issuing := p.make(spec{name: "Issuing CA", ca: true, parent: policy, pathLen: -1, aia: []string{"http://pki.corp.local/policy.crt"}})
	gw := p.make(spec{name: "gw1", parent: issuing, aia: []string{"ldap:///CN=Issuing%20CA,CN=AIA", "http://pki.corp.local/issuing.crt"}})
	f := &fakeFetcher{certs: map[string][]*x509.Certificate{
		"http://pki.corp.local/issuing.crt": {issuing.cert},
		"http://pki.corp.local/policy.crt":  {policy.cert, root.cert},
	}}
	var fetches []chain.Fetch
	chains, err := chain.Order(certsOf(gw, root), chain.Options{At: testNow, Fetch: f, OnFetch: func(x chain.Fetch) { fetches = append(fetches, x) }})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"Root", "Policy CA", "Issuing CA", "gw1"}}, p.paths(chains)); diff != "" {
		t.Errorf("chains (-want +got):\n%s", diff)
	}
	if !chains[0].Complete {
		t.Error("incomplete")
	}
	// The LDAP URL is listed, not fetched; the root fetched beside the
	// policy CA is not kept, since it did not sign the issuing CA.
	if diff := cmp.Diff([]string{"http://pki.corp.local/issuing.crt", "http://pki.corp.local/policy.crt"}, f.asked); diff != "" {
		t.Errorf("fetched (-want +got):\n%s", diff)
	}
	if len(fetches) != 3 || !errors.Is(fetches[0].Err, chain.ErrNotFetched) || fetches[1].Err != nil || fetches[2].Err != nil ||
		len(fetches[2].Certificates) != 1 || p.name(fetches[2].Certificates[0]) != "Policy CA" {
		t.Errorf("fetches: %+v", fetches)
	}
}

// TestFetchDepth stops after MaxFetchDepth levels.
func TestFetchDepth(t *testing.T) {
	p := newPKI(t)
	f := &fakeFetcher{certs: map[string][]*x509.Certificate{}}
	parent := p.root("Root")
	for i := range chain.MaxFetchDepth + 2 {
		url := fmt.Sprintf("http://pki.example/ca%d.crt", i)
		f.certs[url] = []*x509.Certificate{parent.cert}
		parent = p.make(spec{name: fmt.Sprintf("CA %d", i), ca: true, parent: parent, pathLen: -1, aia: []string{url}})
	}
	gw := p.make(spec{name: "gw1", parent: parent, aia: []string{fmt.Sprintf("http://pki.example/ca%d.crt", chain.MaxFetchDepth+2)}})
	f.certs[gw.cert.IssuingCertificateURL[0]] = []*x509.Certificate{parent.cert}
	chains, err := chain.Order(certsOf(gw), chain.Options{At: testNow, Fetch: f})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.asked) != chain.MaxFetchDepth || chains[0].Complete || len(chains[0].Certificates) != chain.MaxFetchDepth+1 {
		t.Errorf("%d fetches, chain of %d, complete %v", len(f.asked), len(chains[0].Certificates), chains[0].Complete)
	}
}

// TestFetchBudget: once the budget is spent, the URLs left are not
// fetched, and each says so.
func TestFetchBudget(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root")
	ca1 := p.ca("CA 1", root)
	ca2 := p.ca("CA 2", root)
	gw1 := p.make(spec{name: "gw1", parent: ca1, aia: []string{"http://pki.example/ca1.crt"}})
	gw2 := p.make(spec{name: "gw2", parent: ca2, aia: []string{"http://pki.example/ca2.crt"}})
	f := &fakeFetcher{block: true}
	var fetches []chain.Fetch
	start := time.Now()
	_, err := chain.Order(certsOf(gw1, gw2), chain.Options{Fetch: f, FetchBudget: 100 * time.Millisecond, OnFetch: func(x chain.Fetch) { fetches = append(fetches, x) }})
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 5*time.Second || len(f.asked) != 1 || len(fetches) != 2 ||
		!errors.Is(fetches[0].Err, context.DeadlineExceeded) || !errors.Is(fetches[1].Err, chain.ErrNotFetched) {
		t.Errorf("asked %v, fetches %+v", f.asked, fetches)
	}
}

// TestFetchSharedIssuer fetches a CA once for the many gateways it issued.
func TestFetchSharedIssuer(t *testing.T) {
	p := newPKI(t)
	root := p.root("Root")
	ca := p.ca("Issuing CA", root)
	url := "http://pki.example/ca.crt"
	var certs []*x509.Certificate
	for i := range 5 {
		certs = append(certs, p.make(spec{name: fmt.Sprintf("gw%d", i), parent: ca, aia: []string{url}}).cert)
	}
	f := &fakeFetcher{certs: map[string][]*x509.Certificate{url: {ca.cert}}}
	chains, err := chain.Order(append(certs, root.cert), chain.Options{Fetch: f})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.asked) != 1 || len(chains) != 5 {
		t.Fatalf("asked %v, %d chains", f.asked, len(chains))
	}
	for _, ch := range chains {
		if !ch.Complete || len(ch.Certificates) != 3 {
			t.Errorf("chain %v", p.list(ch.Certificates))
		}
	}
}
