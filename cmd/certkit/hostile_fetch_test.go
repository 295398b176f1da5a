package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostileServer is a hostile neighbour on loopback: it serves issuing CAs
// by path, answers anything else with a login page, and records each
// request's path and Authorization header.
type hostileServer struct {
	*httptest.Server
	mu       sync.Mutex
	ders     map[string][]byte
	requests []string
	auth     []string
}

func serveHostile(t *testing.T) *hostileServer {
	t.Helper()
	h := &hostileServer{ders: map[string][]byte{}}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.requests = append(h.requests, r.URL.Path)
		h.auth = append(h.auth, r.Header.Get("Authorization"))
		der, ok := h.ders[r.URL.Path]
		h.mu.Unlock()
		if ok {
			w.Write(der)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><title>Corp SSO login for intranet-secret-host</title></html>"))
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hostileServer) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.requests)
}

// aiaFiles writes, as testdata/hostile/aia200 holds them, a root and n
// gateway certificates whose n issuing CAs sit only behind n distinct AIA
// URLs of h, and one gateway whose AIA URL carries a user name and
// password and leads to a login page.
func aiaFiles(t *testing.T, h *hostileServer, n int) (gateways, root, withPassword string) {
	t.Helper()
	dir := t.TempDir()
	serial := int64(0)
	mk := func(cn string, ca bool, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, aia ...string) (*x509.Certificate, *ecdsa.PrivateKey) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		serial++
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
			NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
			BasicConstraintsValid: true, IsCA: ca, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, IssuingCertificateURL: aia}
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
	rootCert, rootKey := mk("AIA Test Root CA", true, nil, nil)
	var pems []byte
	for i := 1; i <= n; i++ {
		path := fmt.Sprintf("/ca-%03d.crt", i)
		ca, caKey := mk(fmt.Sprintf("AIA Test Issuing CA %03d", i), true, rootCert, rootKey)
		h.mu.Lock()
		h.ders[path] = ca.Raw
		h.mu.Unlock()
		gw, _ := mk(fmt.Sprintf("gw%03d.example.com", i), false, ca, caKey, h.URL+path)
		pems = append(pems, pemCert(gw)...)
	}
	ca, caKey := mk("Login Issuing CA", true, rootCert, rootKey)
	gw, _ := mk("vgw1.example.com", false, ca, caKey, strings.Replace(h.URL, "http://", "http://user:secret@", 1)+"/login")
	gateways, root, withPassword = filepath.Join(dir, "gateways.pem"), filepath.Join(dir, "root.pem"), filepath.Join(dir, "vgw1.pem")
	for name, data := range map[string][]byte{gateways: pems, root: pemCert(rootCert), withPassword: pemCert(gw)} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return gateways, root, withPassword
}

// TestFetchIsBounded: order --fetch on 200 gateway certificates whose
// issuing CAs sit only behind 200 distinct AIA URLs makes 32 requests,
// says once that it stopped and where, and leaves the other chains
// incomplete, naming their issuers. An answer that is not a certificate
// is described, not quoted, in text and JSON; a password in an AIA URL is
// neither sent nor printed, and a note says it was dropped.
func TestFetchIsBounded(t *testing.T) {
	h := serveHostile(t)
	gateways, root, withPassword := aiaFiles(t, h, 200)
	code, out, errs := certkit(t, nil, "order", "--fetch", "--json", gateways, root)
	if code != exitCheck {
		t.Errorf("exit %d, want 1 (chains left incomplete)", code)
	}
	if n := h.count(); n != 32 {
		t.Errorf("%d requests, want 32", n)
	}
	if n := strings.Count(errs, "certkit: stopped fetching before "+h.URL+"/ca-"); n != 1 {
		t.Errorf("stderr says %d times that fetching stopped, want once:\n%s", n, errs)
	}
	var o orderJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	complete := 0
	for _, ch := range o.Chains {
		if ch.Complete {
			complete++
		} else if ch.Missing == nil || len(ch.Missing.AIA) != 1 {
			t.Errorf("an incomplete chain names no missing issuer: %+v", ch.Missing)
		}
	}
	if len(o.Chains) != 200 || complete != 32 || len(o.Fetched) != 33 {
		t.Errorf("%d chains, %d complete, %d fetched, want 200, 32 and 33 (the last one saying it stopped)", len(o.Chains), complete, len(o.Fetched))
	}

	before := h.count()
	for _, args := range [][]string{{"order", "--fetch", withPassword}, {"order", "--fetch", "--json", withPassword}} {
		_, out, errs := certkit(t, nil, args...)
		for _, secret := range []string{"secret", "intranet-secret-host", "Corp SSO", "<html>"} {
			if strings.Contains(out+errs, secret) {
				t.Errorf("certkit %s prints %q:\n%s\n%s", strings.Join(args, " "), secret, out, errs)
			}
		}
		if !strings.Contains(errs, "certkit: note: dropped the user name and password from the URL "+h.URL+"/login") ||
			!strings.Contains(errs, "failed: not a certificate: text/html, 67 bytes") {
			t.Errorf("certkit %s does not say what it dropped and what came back:\n%s", strings.Join(args, " "), errs)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.auth) != before+2 || h.auth[before] != "" || h.auth[before+1] != "" {
		t.Errorf("requests %q sent Authorization %q", h.requests[before:], h.auth[before:])
	}
}
