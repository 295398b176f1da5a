package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/x509text"
)

// fetchPKI is a root, an issuing CA published only on a local server, and
// a gateway certificate whose AIA names the server's URL.
type fetchPKI struct {
	root, issuing, gw *x509.Certificate
	dir               string // root.pem and gw.pem
	url               string
	requests          *atomic.Int64
}

func newFetchPKI(t *testing.T) *fetchPKI {
	t.Helper()
	p := &fetchPKI{requests: new(atomic.Int64)}
	var issuingDER atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.requests.Add(1)
		if r.URL.Path != "/issuing.crt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/pkix-cert")
		w.Write(issuingDER.Load().([]byte))
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL + "/issuing.crt"
	n := int64(0)
	mk := func(cn string, ca bool, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, aia []string) (*x509.Certificate, *ecdsa.PrivateKey) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		n++
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(n), Subject: pkix.Name{CommonName: cn},
			NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
			BasicConstraintsValid: true, IsCA: ca, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}, IssuingCertificateURL: aia}
		if ca {
			tmpl.KeyUsage, tmpl.ExtKeyUsage = x509.KeyUsageCertSign|x509.KeyUsageCRLSign, nil
		} else {
			tmpl.DNSNames = []string{cn}
		}
		if parent == nil {
			parent, parentKey = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := x509.ParseCertificate(der)
		return c, key
	}
	var rootKey, issuingKey *ecdsa.PrivateKey
	p.root, rootKey = mk("Corp Root CA", true, nil, nil, nil)
	p.issuing, issuingKey = mk("Corp Issuing CA", true, p.root, rootKey, nil)
	p.gw, _ = mk("vgw1.corp.local", false, p.issuing, issuingKey, []string{"ldap:///CN=Corp%20Issuing%20CA,CN=AIA,CN=Public%20Key%20Services", p.url})
	gw404, _ := mk("vgw2.corp.local", false, p.issuing, issuingKey, []string{srv.URL + "/missing.crt"})
	issuingDER.Store(p.issuing.Raw)
	p.dir = t.TempDir()
	for name, c := range map[string]*x509.Certificate{"root.pem": p.root, "gw.pem": p.gw, "gw-404.pem": gw404} {
		if err := os.WriteFile(filepath.Join(p.dir, name), pemCert(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func (p *fetchPKI) file(name string) string { return filepath.Join(p.dir, name) }

// TestFetchOrder: order --fetch downloads the missing issuing CA, says so
// on stderr and in "fetched", and completes the chain.
func TestFetchOrder(t *testing.T) {
	p := newFetchPKI(t)
	code, out, errs := certkit(t, nil, "order", "--json", "--fetch", p.file("gw.pem"), p.file("root.pem"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var o orderJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	if len(o.Chains) != 1 || !o.Chains[0].Complete || len(o.Chains[0].Certificates) != 3 || o.Chains[0].Certificates[1].CommonName != "Corp Issuing CA" {
		t.Fatalf("chains %+v", o.Chains)
	}
	want := fetchedJSON{URL: p.url, For: "CN=vgw1.corp.local", Subject: "CN=Corp Issuing CA", SHA256: x509text.SHA256(p.issuing)}
	if len(o.Fetched) != 2 || o.Fetched[1] != want || o.Fetched[0].Error != "chain: not fetched: LDAP URLs are only listed" {
		t.Errorf("fetched %+v, want the LDAP URL listed and %+v", o.Fetched, want)
	}
	if !strings.Contains(errs, "certkit: fetched "+p.url+" -> CN=Corp Issuing CA, sha256 "+x509text.SHA256(p.issuing)) {
		t.Errorf("stderr does not say what was fetched:\n%s", errs)
	}
	if n := p.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestNoFetchNoRequest: without --fetch, no command makes any request,
// and the chain stays incomplete with the usual message.
func TestNoFetchNoRequest(t *testing.T) {
	p := newFetchPKI(t)
	code, _, errs := certkit(t, nil, "order", p.file("gw.pem"), p.file("root.pem"))
	if code != exitCheck || !strings.Contains(errs, "issuer of CN=vgw1.corp.local is missing: CN=Corp Issuing CA") || !strings.Contains(errs, p.url) {
		t.Errorf("order: exit %d: %s", code, errs)
	}
	certkit(t, nil, "issuer-for", p.file("gw.pem"), p.file("root.pem"))
	certkit(t, nil, "split", "-o", t.TempDir(), p.file("gw.pem"), p.file("root.pem"))
	certkit(t, nil, "cucm", p.file("gw.pem"), p.file("root.pem"))
	certkit(t, nil, "inspect", p.file("gw.pem"))
	if n := p.requests.Load(); n != 0 {
		t.Errorf("%d requests without --fetch, want none", n)
	}
}

// TestFetchCommands: issuer-for, split and cucm take --fetch too.
func TestFetchCommands(t *testing.T) {
	p := newFetchPKI(t)
	code, out, errs := certkit(t, nil, "issuer-for", "--json", "--fetch", p.file("gw.pem"), p.file("root.pem"))
	var ij issuerJSON
	if err := json.Unmarshal([]byte(out), &ij); err != nil || code != exitOK || ij.Issuer == nil || ij.Issuer.CommonName != "Corp Issuing CA" || len(ij.Fetched) != 2 {
		t.Errorf("issuer-for: exit %d, %+v (%v): %s", code, ij, err, errs)
	}

	dir := t.TempDir()
	code, _, errs = certkit(t, nil, "split", "--fetch", "-o", dir, p.file("gw.pem"), p.file("root.pem"))
	written, _ := filepath.Glob(filepath.Join(dir, "*.pem"))
	var names []string
	for _, w := range written {
		names = append(names, filepath.Base(w))
	}
	if code != exitOK || strings.Join(names, " ") != "01-root-Corp-Root-CA.pem 02-intermediate-Corp-Issuing-CA.pem 03-leaf-vgw1.corp.local.pem" {
		t.Errorf("split: exit %d, wrote %q: %s", code, names, errs)
	}

	code, out, errs = certkit(t, nil, "cucm", "--fetch", p.file("gw.pem"), p.file("root.pem"))
	if !strings.Contains(out, "Corp Issuing CA") || !strings.Contains(errs, "certkit: fetched "+p.url) {
		t.Errorf("cucm: exit %d:\n%s\n%s", code, out, errs)
	}
	if n := p.requests.Load(); n != 3 {
		t.Errorf("%d requests for three commands, want 3", n)
	}
}

// TestFetchFailureMessage: a failed fetch says why and leaves the usual
// missing-issuer message.
func TestFetchFailureMessage(t *testing.T) {
	p := newFetchPKI(t)
	code, out, errs := certkit(t, nil, "order", "--json", "--fetch", p.file("gw-404.pem"), p.file("root.pem"))
	if code != exitCheck || !strings.Contains(errs, "/missing.crt (for CN=vgw2.corp.local) failed: HTTP 404 Not Found") ||
		!strings.Contains(errs, "issuer of CN=vgw2.corp.local is missing: CN=Corp Issuing CA") {
		t.Errorf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, `"error": "HTTP 404 Not Found"`) {
		t.Errorf("JSON does not say why:\n%s", out)
	}
	// The issuing CA fetched, but no root given, and it names no AIA:
	// the chain stays incomplete one level up.
	code, _, errs = certkit(t, nil, "order", "--fetch", p.file("gw.pem"))
	if code != exitCheck || !strings.Contains(errs, "issuer of CN=Corp Issuing CA is missing: CN=Corp Root CA") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

func pemCert(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}
