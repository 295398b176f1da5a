package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

// revocationSite is a root, an issuing CA that the root's CRL lists as
// good, and two gateway certificates whose OCSP responder says good and
// revoked, all served on 127.0.0.1 by a server that counts requests;
// files holds the PEM of each.
type revocationSite struct {
	root, issuing *testkit.CA
	good, revoked *x509.Certificate
	goodKey       any
	requests      *atomic.Int64
	url           string
	dir           string
}

func newRevocationSite(t *testing.T) *revocationSite {
	t.Helper()
	s := &revocationSite{requests: &atomic.Int64{}, dir: t.TempDir()}
	mux := http.NewServeMux()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	s.root = testkit.NewCA(t, "Rev CLI Root", nil, nil)
	s.issuing = testkit.NewCA(t, "Rev CLI Issuing CA", s.root, func(c *x509.Certificate) { c.CRLDistributionPoints = []string{srv.URL + "/root.crl"} })
	key := testkit.ECKey(t)
	s.goodKey = key
	s.good = testkit.NewLeaf(t, "gw-good.example.com", []string{"gw-good.example.com"}, s.issuing, key.Public(), func(c *x509.Certificate) { c.OCSPServer = []string{srv.URL + "/good"} })
	s.revoked = testkit.NewLeaf(t, "gw-revoked.example.com", []string{"gw-revoked.example.com"}, s.issuing, nil, func(c *x509.Certificate) { c.OCSPServer = []string{srv.URL + "/revoked"} })
	goodAnswer := testkit.OCSPResponse(t, s.issuing, s.good, testkit.OCSP{Status: ocsp.Good})
	revokedAnswer := testkit.OCSPResponse(t, s.issuing, s.revoked, testkit.OCSP{Status: ocsp.Revoked, Reason: ocsp.KeyCompromise, RevokedAt: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)})
	rootCRL := testkit.CRL(t, s.root, time.Time{}, time.Time{})
	mux.HandleFunc("/good/", func(w http.ResponseWriter, r *http.Request) { w.Write(goodAnswer) })
	mux.HandleFunc("/revoked/", func(w http.ResponseWriter, r *http.Request) { w.Write(revokedAnswer) })
	mux.HandleFunc("/root.crl", func(w http.ResponseWriter, r *http.Request) { w.Write(rootCRL) })
	for name, certs := range map[string][]*x509.Certificate{
		"good.pem": {s.good}, "revoked.pem": {s.revoked}, "cas.pem": {s.root.Cert, s.issuing.Cert},
	} {
		b, err := convert.Encode(certs, convert.EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(s.dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func (s *revocationSite) file(name string) string { return filepath.Join(s.dir, name) }

// TestOrderRevocation: without --revocation nothing is asked; with it,
// a line per certificate below the root, the revoked one a warning and
// exit 1, each line at most 160 characters, and --json carries the
// statuses.
func TestOrderRevocation(t *testing.T) {
	s := newRevocationSite(t)
	code, _, errs := certkit(t, nil, "order", s.file("good.pem"), s.file("revoked.pem"), s.file("cas.pem"))
	if code != exitOK || s.requests.Load() != 0 || strings.Contains(errs, "revocation") {
		t.Fatalf("without --revocation: exit %d, %d requests\n%s", code, s.requests.Load(), errs)
	}
	code, _, errs = certkit(t, nil, "order", "--revocation", s.file("good.pem"), s.file("revoked.pem"), s.file("cas.pem"))
	for _, want := range []string{
		"certkit: chain 1: revocation: CN=Rev CLI Issuing CA: good by CRL " + s.url + "/root.crl\n",
		"certkit: chain 1: revocation: CN=gw-good.example.com: good by OCSP " + s.url + "/good\n",
		"certkit: chain 2: revocation: CN=gw-revoked.example.com: revoked (keyCompromise) on 2026-10-01 by OCSP " + s.url + "/revoked\n",
		"certkit: chain 2: warning: CN=gw-revoked.example.com was revoked (keyCompromise) on 2026-10-01, says the OCSP at " + s.url + "/revoked\n",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("no %q in:\n%s", want, errs)
		}
	}
	if code != exitCheck {
		t.Errorf("a revoked certificate: exit %d, want 1", code)
	}
	// The issuing CA is on both chains and was asked once: one line.
	if n := strings.Count(errs, "revocation: CN=Rev CLI Issuing CA:"); n != 1 {
		t.Errorf("the issuing CA's revocation line %d times, want once:\n%s", n, errs)
	}
	// The CRL of the root serves the issuing CA of both chains: asked
	// once; each responder once.
	if n := s.requests.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	for _, l := range strings.Split(errs, "\n") {
		if len(l) > 160 {
			t.Errorf("a line of %d characters: %s", len(l), l)
		}
	}

	code, out, errs := certkit(t, nil, "order", "--json", "--revocation", s.file("revoked.pem"), s.file("cas.pem"))
	var got orderJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Chains) != 1 {
		t.Fatalf("exit %d, %v\n%s\n%s", code, err, out, errs)
	}
	rs := got.Chains[0].Revocations
	if code != exitCheck || len(rs) != 2 || rs[1].Status != "revoked" || rs[1].Reason != "keyCompromise" || rs[1].RevokedAt != "2026-10-01T00:00:00Z" ||
		rs[1].Source != "OCSP" || rs[1].URL != s.url+"/revoked" || rs[0].Status != "good" {
		t.Errorf("exit %d, revocations %+v", code, rs)
	}
}

// TestIssuerForRevocation: issuer-for --revocation checks the gateway
// certificate and its issuing CA, in text and JSON.
func TestIssuerForRevocation(t *testing.T) {
	s := newRevocationSite(t)
	code, _, errs := certkit(t, nil, "issuer-for", s.file("revoked.pem"), s.file("cas.pem"))
	if code != exitOK || s.requests.Load() != 0 {
		t.Fatalf("without --revocation: exit %d, %d requests\n%s", code, s.requests.Load(), errs)
	}
	code, _, errs = certkit(t, nil, "issuer-for", "--revocation", s.file("revoked.pem"), s.file("cas.pem"))
	for _, want := range []string{
		"certkit: revocation: CN=Rev CLI Issuing CA: good by CRL " + s.url + "/root.crl\n",
		"certkit: revocation: CN=gw-revoked.example.com: revoked (keyCompromise) on 2026-10-01 by OCSP " + s.url + "/revoked\n",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("no %q in:\n%s", want, errs)
		}
	}
	if code != exitCheck || !strings.Contains(errs, "was revoked (keyCompromise)") {
		t.Errorf("exit %d, want 1 with the warning:\n%s", code, errs)
	}
	code, out, errs := certkit(t, nil, "issuer-for", "--json", "--revocation", s.file("good.pem"), s.file("cas.pem"))
	var got issuerJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("exit %d, %v\n%s\n%s", code, err, out, errs)
	}
	if code != exitOK || len(got.Revocations) != 2 || got.Revocations[0].Status != "good" || got.Revocations[1].Status != "good" {
		t.Errorf("exit %d, revocations %+v\n%s", code, got.Revocations, errs)
	}

	// The issuer missing: the gateway certificate cannot be checked.
	code, _, errs = certkit(t, nil, "issuer-for", "--revocation", s.file("good.pem"))
	if code != exitCheck || !strings.Contains(errs, "revocation: CN=gw-good.example.com: unknown: its issuer is not among the certificates") {
		t.Errorf("exit %d:\n%s", code, errs)
	}
}

// TestProbeRevocation: probe --revocation checks what the server serves.
func TestProbeRevocation(t *testing.T) {
	s := newRevocationSite(t)
	cfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{s.good.Raw, s.issuing.Cert.Raw, s.root.Cert.Raw}, PrivateKey: s.goodKey}}}
	addr := serveTLS(t, cfg)
	code, out, errs := certkit(t, nil, "probe", "--servername", "gw-good.example.com", addr)
	if code != exitOK || s.requests.Load() != 0 || strings.Contains(out, "revocation") {
		t.Fatalf("without --revocation: exit %d, %d requests\n%s\n%s", code, s.requests.Load(), out, errs)
	}
	code, out, errs = certkit(t, nil, "probe", "--revocation", "--servername", "gw-good.example.com", addr)
	if code != exitOK || !strings.Contains(out, "  revocation:     CN=gw-good.example.com: good by OCSP "+s.url+"/good\n") ||
		!strings.Contains(out, "  revocation:     CN=Rev CLI Issuing CA: good by CRL "+s.url+"/root.crl\n") {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = certkit(t, nil, "probe", "--json", "--revocation", "--servername", "gw-good.example.com", addr)
	if code != exitOK || !strings.Contains(out, `"revocations"`) || !strings.Contains(out, `"status": "good"`) {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestScanRevocation: scan --revocation checks every certificate of the
// folder below the root once, the issuing CA once although it is on two
// chains; the revoked one is a finding (exit 1).
func TestScanRevocation(t *testing.T) {
	s := newRevocationSite(t)
	code, _, errs := certkit(t, nil, "scan", s.dir)
	if code != exitOK || s.requests.Load() != 0 || strings.Contains(errs, "revocation") {
		t.Fatalf("without --revocation: exit %d, %d requests\n%s", code, s.requests.Load(), errs)
	}
	code, out, errs := certkit(t, nil, "scan", "--revocation", s.dir)
	want := []string{
		"certkit: revocation: CN=Rev CLI Issuing CA: good by CRL " + s.url + "/root.crl",
		"certkit: revocation: CN=gw-good.example.com: good by OCSP " + s.url + "/good",
		"certkit: revocation: CN=gw-revoked.example.com: revoked (keyCompromise) on 2026-10-01 by OCSP " + s.url + "/revoked",
	}
	for _, w := range want {
		if strings.Count(errs, w+"\n") != 1 {
			t.Errorf("%q not once in:\n%s", w, errs)
		}
	}
	if code != exitCheck || !strings.Contains(out, "revoked") {
		t.Errorf("exit %d, want 1 with the revoked finding:\n%s\n%s", code, out, errs)
	}
	if n := s.requests.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}
