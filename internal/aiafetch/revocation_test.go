package aiafetch_test

import (
	"bytes"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ocsp"

	"github.com/voicepki/certkit/internal/aiafetch"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

// revAt is the time of the revocation checks: every answer below is
// current then but those made stale on purpose.
var revAt = time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)

// revocationPKI is a root, an issuing CA whose status the root's CRL
// gives, and a gateway certificate per behaviour of the server, each
// naming its URLs.
type revocationPKI struct {
	srv     *server
	root    *testkit.CA
	issuing *testkit.CA
	certs   []*x509.Certificate
	byName  map[string]*x509.Certificate
}

func newRevocationPKI(t *testing.T) *revocationPKI {
	srv := newServer(t)
	u := srv.URL
	root := testkit.NewCA(t, "Rev Root", nil, nil)
	issuing := testkit.NewCA(t, "Rev Issuing CA", root, func(c *x509.Certificate) { c.CRLDistributionPoints = []string{u + "/rootcrl"} })
	other := testkit.NewCA(t, "Rev Other CA", root, nil)
	p := &revocationPKI{srv: srv, root: root, issuing: issuing, byName: map[string]*x509.Certificate{}}
	leaf := func(name string, ocspURLs, crls []string) *x509.Certificate {
		c := testkit.NewLeaf(t, name, nil, issuing, nil, func(c *x509.Certificate) {
			c.OCSPServer, c.CRLDistributionPoints = ocspURLs, crls
		})
		p.certs = append(p.certs, c)
		p.byName[name] = c
		return c
	}
	revokedAt := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	good := leaf("gw-good", []string{u + "/good"}, nil)
	revoked := leaf("gw-revoked", []string{"http://user:secret@" + strings.TrimPrefix(u, "http://") + "/revoked"}, nil)
	unknown := leaf("gw-unknown", []string{u + "/unknown"}, nil)
	leaf("gw-malformed", []string{u + "/malformed"}, nil)
	leaf("gw-slow", []string{u + "/slow"}, nil)
	leaf("gw-oversize", []string{u + "/oversize"}, nil)
	crlRevoked := leaf("gw-crl-revoked", nil, []string{u + "/crl"})
	fallback := leaf("gw-fallback", []string{u + "/malformed"}, []string{"ldap:///CN=Rev%20Issuing%20CA,CN=CDP", u + "/crl"})
	leaf("gw-crl-good", nil, []string{u + "/crl"})
	leaf("gw-crl-expired", nil, []string{u + "/crlexpired"})
	leaf("gw-crl-foreign", nil, []string{u + "/crlforeign"})
	leaf("gw-crl-huge", nil, []string{u + "/crlhuge"})
	leaf("gw-loop", []string{u + "/loop"}, nil)
	leaf("gw-ldap", nil, []string{"ldap:///CN=Rev%20Issuing%20CA,CN=CDP?certificateRevocationList"})

	ocspAnswer := func(c *x509.Certificate, o testkit.OCSP) []byte { return testkit.OCSPResponse(t, issuing, c, o) }
	serve := func(body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { w.Write(body) }
	}
	srv.handle("/good", serve(ocspAnswer(good, testkit.OCSP{Status: ocsp.Good})))
	srv.handle("/revoked", serve(ocspAnswer(revoked, testkit.OCSP{Status: ocsp.Revoked, Reason: ocsp.KeyCompromise, RevokedAt: revokedAt})))
	srv.handle("/unknown", serve(ocspAnswer(unknown, testkit.OCSP{Status: ocsp.Unknown})))
	srv.handle("/malformed", serve([]byte("<html><title>Sign in</title></html>")))
	srv.handle("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv.handle("/oversize", serve(bytes.Repeat([]byte{0x30}, 2<<20)))
	srv.handle("/crl", serve(testkit.CRL(t, issuing, time.Time{}, time.Time{},
		testkit.Revoked{Serial: crlRevoked.SerialNumber, At: revokedAt, Reason: 4},
		testkit.Revoked{Serial: fallback.SerialNumber, At: revokedAt, Reason: 5})))
	srv.handle("/rootcrl", serve(testkit.CRL(t, root, time.Time{}, time.Time{})))
	srv.handle("/crlexpired", serve(testkit.CRL(t, issuing, time.Time{}, time.Date(2030, 5, 1, 0, 0, 0, 0, time.UTC))))
	srv.handle("/crlforeign", serve(testkit.CRL(t, other, time.Time{}, time.Time{})))
	srv.handle("/crlhuge", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte{0x30}, 1<<20)
		for i := 0; i < 20; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	srv.handle("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path+"x", http.StatusFound) })
	return p
}

// status is a Revocation in words, for comparing.
type status struct {
	Status    chain.RevocationStatus
	Reason    string
	RevokedAt string
	Source    string
}

// TestRevocationHostile checks every certificate against a server that
// answers good, revoked, unknown, malformed, slowly, too much, with
// stale and foreign CRLs, a 20 MB CRL and a redirect loop: each gets
// the status its answer deserves, each URL is asked once, and the run
// takes the per-request bound, not the 5 s of the slow answer.
func TestRevocationHostile(t *testing.T) {
	p := newRevocationPKI(t)
	client := &aiafetch.Client{Timeout: 2 * time.Second, MaxRequests: 100}
	certs := append([]*x509.Certificate{p.root.Cert, p.issuing.Cert}, p.certs...)
	start := time.Now()
	chains, err := chain.Order(certs, chain.Options{At: revAt, Revocation: client})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("the checks took %s: the slow answer was waited for", d)
	}
	got := map[string]status{}
	var revokedFindings []string
	for _, ch := range chains {
		if len(ch.Revocations) != len(ch.Certificates)-1 {
			t.Errorf("chain of %s: %d revocations for %d certificates below the root", ch.Certificates[len(ch.Certificates)-1].Subject.CommonName, len(ch.Revocations), len(ch.Certificates))
		}
		for _, r := range ch.Revocations {
			s := status{Status: r.Status, Reason: r.Reason, Source: r.Source}
			if r.Status == chain.RevocationRevoked {
				s.RevokedAt = r.RevokedAt.Format("2006-01-02")
			} else if r.Status == chain.RevocationUnknown {
				s.Reason = reasonWords(r.Reason)
			}
			got[r.Certificate.Subject.CommonName] = s
			if strings.Contains(r.URL, "secret") || strings.Contains(r.Reason, "secret") {
				t.Errorf("%s: the URL's password is reported: %q %q", r.Certificate.Subject.CommonName, r.URL, r.Reason)
			}
		}
		for _, f := range ch.Warnings {
			if f.Code == finding.CodeRevoked {
				if f.Severity != finding.Warning {
					t.Errorf("%s: severity %s", f.Message, f.Severity)
				}
				revokedFindings = append(revokedFindings, f.Certificate.Subject.CommonName)
			}
		}
	}
	want := map[string]status{
		"Rev Issuing CA": {Status: chain.RevocationGood, Source: "CRL"},
		"gw-good":        {Status: chain.RevocationGood, Source: "OCSP"},
		"gw-revoked":     {Status: chain.RevocationRevoked, Reason: "keyCompromise", RevokedAt: "2026-10-01", Source: "OCSP"},
		"gw-unknown":     {Status: chain.RevocationUnknown, Reason: "does not know", Source: "OCSP"},
		"gw-malformed":   {Status: chain.RevocationUnknown, Reason: "not an OCSP response", Source: "OCSP"},
		"gw-slow":        {Status: chain.RevocationUnknown, Reason: "no answer within 2s", Source: "OCSP"},
		"gw-oversize":    {Status: chain.RevocationUnknown, Reason: "larger than 1 MiB", Source: "OCSP"},
		"gw-crl-revoked": {Status: chain.RevocationRevoked, Reason: "superseded", RevokedAt: "2026-10-01", Source: "CRL"},
		"gw-fallback":    {Status: chain.RevocationRevoked, Reason: "cessationOfOperation", RevokedAt: "2026-10-01", Source: "CRL"},
		"gw-crl-good":    {Status: chain.RevocationGood, Source: "CRL"},
		"gw-crl-expired": {Status: chain.RevocationUnknown, Reason: "expired", Source: "CRL"},
		"gw-crl-foreign": {Status: chain.RevocationUnknown, Reason: "not signed by", Source: "CRL"},
		"gw-crl-huge":    {Status: chain.RevocationUnknown, Reason: "larger than 10 MiB", Source: "CRL"},
		"gw-loop":        {Status: chain.RevocationUnknown, Reason: "more than 5 redirects", Source: "OCSP"},
		"gw-ldap":        {Status: chain.RevocationUnknown, Reason: "only URLs that are not asked"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"gw-revoked", "gw-crl-revoked", "gw-fallback"}, revokedFindings); d != "" {
		t.Errorf("revoked warnings (-want +got):\n%s", d)
	}
	for _, ch := range chains {
		for _, r := range ch.Revocations {
			if r.Certificate.Subject.CommonName == "gw-ldap" || r.Certificate.Subject.CommonName == "gw-fallback" {
				if len(r.NotFetched) != 1 || !strings.HasPrefix(r.NotFetched[0], "ldap:") {
					t.Errorf("%s: NotFetched %q, want the LDAP URL", r.Certificate.Subject.CommonName, r.NotFetched)
				}
			}
		}
	}
	// Each URL once: the CRL four certificates name, the malformed
	// responder two ask (with two requests, one each), the loop's six
	// steps (the first and five redirects) each once.
	p.srv.mu.Lock()
	defer p.srv.mu.Unlock()
	crls, loops := 0, 0
	for k, n := range p.srv.hits {
		if n != 1 {
			t.Errorf("%s asked %d times", k, n)
		}
		if k == "GET /crl" {
			crls++
		}
		if strings.HasPrefix(k, "GET /loop") {
			loops++
		}
	}
	if crls != 1 || loops != 6 {
		t.Errorf("the CRL was asked %d times (want 1), the loop %d (want 6)", crls, loops)
	}
}

// reasonWords reduces an unknown's reason to the words the test expects
// in it, or the whole reason when none is there.
func reasonWords(reason string) string {
	for _, w := range []string{"does not know", "not an OCSP response", "no answer within 2s", "larger than 1 MiB", "expired",
		"not signed by", "larger than 10 MiB", "more than 5 redirects", "only URLs that are not asked"} {
		if strings.Contains(reason, w) {
			return w
		}
	}
	return reason
}

// TestNoRevocationTraffic: without Options.Revocation nothing is asked;
// with it, one request per URL, however many certificates name it.
func TestNoRevocationTraffic(t *testing.T) {
	p := newRevocationPKI(t)
	certs := []*x509.Certificate{p.root.Cert, p.issuing.Cert, p.byName["gw-good"], p.byName["gw-crl-revoked"], p.byName["gw-crl-good"], p.byName["gw-fallback"]}
	if _, err := chain.Order(certs, chain.Options{At: revAt}); err != nil {
		t.Fatal(err)
	}
	if _, err := chain.Order(certs, chain.Options{At: revAt, Fetch: &aiafetch.Client{}}); err != nil {
		t.Fatal(err)
	}
	if n := p.srv.total(); n != 0 {
		t.Fatalf("%d requests without Revocation, want 0", n)
	}
	if _, err := chain.Order(certs, chain.Options{At: revAt, Revocation: &aiafetch.Client{}}); err != nil {
		t.Fatal(err)
	}
	// /rootcrl (the issuing CA), /good, /malformed and /crl: 4 URLs.
	if n := p.srv.total(); n != 4 {
		t.Errorf("%d requests with Revocation, want 4 (one per URL): %v", n, p.srv.hits)
	}
}

// TestRevocationBudget: when the budget of the run is spent on a slow
// responder, the URLs left are not asked, and each certificate says so.
func TestRevocationBudget(t *testing.T) {
	p := newRevocationPKI(t)
	certs := []*x509.Certificate{p.root.Cert, p.issuing.Cert, p.byName["gw-slow"], p.byName["gw-good"]}
	start := time.Now()
	chains, err := chain.Order(certs, chain.Options{At: revAt, Revocation: &aiafetch.Client{}, RevocationBudget: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s, past the budget of 300ms", d)
	}
	for _, ch := range chains {
		for _, r := range ch.Revocations {
			if r.Certificate.Subject.CommonName == "gw-slow" && (r.Status != chain.RevocationUnknown || !strings.Contains(r.Reason, "time for revocation checks was spent")) {
				t.Errorf("gw-slow: %s %q", r.Status, r.Reason)
			}
			if r.Certificate.Subject.CommonName == "gw-good" && (r.Status != chain.RevocationUnknown || !strings.Contains(r.Reason, "not asked: the time for revocation checks was spent")) {
				t.Errorf("gw-good, after the budget: %s %q", r.Status, r.Reason)
			}
		}
	}
}

// TestRevocationEscapes: vgw9's OCSP and CRL URLs carry terminal escape
// sequences (testdata/hostile/escapes); any request would go to a server
// on 127.0.0.1, whatever the URL names. The status is unknown, and neither
// its reason nor its URL holds a control character or a bidirectional
// override: they are printed as x509text.Printable escapes them.
func TestRevocationEscapes(t *testing.T) {
	dir := filepath.Join(testkit.Root(t), "testdata", "hostile", "escapes")
	var certs []*x509.Certificate
	for _, name := range []string{"vgw9.pem", "root.pem"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := convert.Decode(data, convert.Options{})
		if err != nil {
			t.Fatal(err)
		}
		certs = append(certs, res.Certificates...)
	}
	srv := newServer(t)
	chains, err := chain.Order(certs, chain.Options{Revocation: &aiafetch.Client{Transport: to(srv)}})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, ch := range chains {
		for _, r := range ch.Revocations {
			checked++
			if r.Status != chain.RevocationUnknown {
				t.Errorf("%s: %s, want unknown", r.Certificate.Subject.CommonName, r.Status)
			}
			for _, s := range []string{r.Reason, x509text.PrintableURL(r.URL)} {
				if i := strings.IndexFunc(s, func(c rune) bool { return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e }); i >= 0 {
					t.Errorf("a control character in %q", s)
				}
			}
		}
	}
	// net/url refuses a URL with a control character: nothing is sent.
	if checked == 0 || srv.total() != 0 {
		t.Fatalf("%d certificates checked, %d requests", checked, srv.total())
	}
}
