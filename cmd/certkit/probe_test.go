package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// probeServer serves a root-issued leaf for cucm1.example.com (and the
// root) on 127.0.0.1, asking for a client certificate when clientCA is
// set; it returns the address and the root as PEM.
func probeServer(t *testing.T, requireFrom *x509.Certificate) (addr string, root *x509.Certificate, rootKey *ecdsa.PrivateKey) {
	t.Helper()
	rootKey, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rt := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Probe CLI Root"}, NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter: time.Date(2120, 1, 1, 0, 0, 0, 0, time.UTC), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, _ := x509.CreateCertificate(rand.Reader, rt, rt, rootKey.Public(), rootKey)
	root, _ = x509.ParseCertificate(der)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	lt := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "cucm1.example.com"}, DNSNames: []string{"cucm1.example.com"},
		NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2120, 1, 1, 0, 0, 0, 0, time.UTC), KeyUsage: x509.KeyUsageDigitalSignature}
	ld, _ := x509.CreateCertificate(rand.Reader, lt, root, leafKey.Public(), rootKey)
	cfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{ld, root.Raw}, PrivateKey: leafKey}}}
	if requireFrom != nil {
		pool := x509.NewCertPool()
		pool.AddCert(requireFrom)
		cfg.ClientAuth, cfg.ClientCAs = tls.RequireAndVerifyClientCert, pool
	}
	return serveTLS(t, cfg), root, rootKey
}

// serveTLS answers TLS handshakes with cfg on 127.0.0.1 until the test
// ends, and returns the address.
func serveTLS(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				tc := tls.Server(c, cfg)
				tc.SetDeadline(time.Now().Add(5 * time.Second))
				if tc.Handshake() == nil {
					var b [16]byte
					tc.Read(b[:])
				}
			}()
		}
	}()
	return l.Addr().String()
}

func TestProbeCommand(t *testing.T) {
	addr, _, _ := probeServer(t, nil)
	_, port, _ := net.SplitHostPort(addr)

	// --servername gives the name; the chain is complete, the root served.
	code, out, errs := certkit(t, nil, "probe", "--servername", "cucm1.example.com", addr)
	if code != exitOK || !strings.Contains(out, "served:         2 certificates") || !strings.Contains(out, "note:           root-served") ||
		!strings.Contains(out, "trunk subject:  cucm1.example.com") || !strings.Contains(out, "client auth:    not-requested") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}

	// A wrong name warns (exit 1); a closed port cannot be read (exit 2);
	// JSON keeps the input order and the field names.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := l.Addr().String()
	l.Close()
	code, out, errs = certkit(t, nil, "probe", "--json", "--servername", "cucm2.example.com", "--timeout", "2s", addr, closed)
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 2 {
		t.Fatalf("exit %d, %v\n%s\n%s", code, err, out, errs)
	}
	if code != exitUsage || got[0]["target"] != addr || got[1]["target"] != closed || got[1]["error"] == nil {
		t.Errorf("exit %d: %s", code, out)
	}
	for _, k := range []string{"target", "address", "tls_version", "cipher_suite", "served", "client_auth", "acceptable_cas", "findings"} {
		if _, ok := got[0][k]; !ok {
			t.Errorf("no %q in %v", k, got[0])
		}
	}
	if !strings.Contains(out, `"code": "name-mismatch"`) || !strings.Contains(out, `"role": "leaf"`) {
		t.Errorf("no name-mismatch or role:\n%s", out)
	}
	code, _, _ = certkit(t, nil, "probe", "--servername", "cucm2.example.com", addr)
	if code != exitCheck {
		t.Errorf("a name mismatch alone: exit %d, want 1", code)
	}

	// --save writes the served certificates as split names them, and
	// refuses to overwrite.
	dir := t.TempDir()
	code, _, errs = certkit(t, nil, "probe", "--servername", "cucm1.example.com", "--save", dir, addr)
	names, _ := filepath.Glob(filepath.Join(dir, "*.pem"))
	if code != exitOK || len(names) != 2 {
		t.Errorf("--save: exit %d, files %v, %s", code, names, errs)
	}
	code, _, errs = certkit(t, nil, "probe", "--servername", "cucm1.example.com", "--save", dir, addr)
	if code != exitUsage || !strings.Contains(errs, "already exists") {
		t.Errorf("--save again: exit %d, %s", code, errs)
	}

	// --targets reads a list with comments; a bad target is exit 2.
	list := filepath.Join(t.TempDir(), "targets.txt")
	os.WriteFile(list, []byte("# lab\n127.0.0.1:"+port+"  # cucm1\n"), 0o644)
	// An IP literal gets no SNI and no name check: nothing warns.
	if code, out, errs := certkit(t, nil, "probe", "--targets", list); code != exitOK || !strings.Contains(out, "SNI (none: an IP address)") {
		t.Errorf("--targets: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := certkit(t, nil, "probe", "gw1:99999"); code != exitUsage || !strings.Contains(errs, "port") {
		t.Errorf("bad target: exit %d, %s", code, errs)
	}
}

func TestProbeDeviceCertificate(t *testing.T) {
	// The server trusts the gateway's CA; a gateway certificate from it is
	// accepted, one from another CA rejected with the fix.
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ct := &x509.Certificate{SerialNumber: big.NewInt(10), Subject: pkix.Name{CommonName: "Gateway CA"}, NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter: time.Date(2120, 1, 1, 0, 0, 0, 0, time.UTC), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	cd, _ := x509.CreateCertificate(rand.Reader, ct, ct, caKey.Public(), caKey)
	gwCA, _ := x509.ParseCertificate(cd)
	addr, _, _ := probeServer(t, gwCA)
	dir := t.TempDir()
	device := func(name string, issuer *x509.Certificate, key *ecdsa.PrivateKey) string {
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name}, NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter: time.Date(2120, 1, 1, 0, 0, 0, 0, time.UTC), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
		d, _ := x509.CreateCertificate(rand.Reader, tmpl, issuer, k.Public(), key)
		kd, _ := x509.MarshalPKCS8PrivateKey(k)
		p := filepath.Join(dir, name+".pem")
		os.WriteFile(p, append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: d}), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kd})...), 0o600)
		return p
	}
	good := device("vgw1", gwCA, caKey)
	otherKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ot := &x509.Certificate{SerialNumber: big.NewInt(11), Subject: pkix.Name{CommonName: "Other CA"}, NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter: time.Date(2120, 1, 1, 0, 0, 0, 0, time.UTC), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	od, _ := x509.CreateCertificate(rand.Reader, ot, ot, otherKey.Public(), otherKey)
	otherCA, _ := x509.ParseCertificate(od)
	bad := device("verybiggw", otherCA, otherKey)

	code, out, errs := certkit(t, nil, "probe", "--servername", "cucm1.example.com", "--cert", good, addr)
	if code != exitOK || !strings.Contains(out, "client auth:    accepted") || !strings.Contains(out, "acceptable CAs: CN=Gateway CA") {
		t.Errorf("good device: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = certkit(t, nil, "probe", "--servername", "cucm1.example.com", "--cert", bad, "127.0.0.1:"+strings.Split(addr, ":")[1])
	if code != exitCheck || !strings.Contains(out, "client auth:    rejected") {
		t.Errorf("bad device: exit %d\n%s\n%s", code, out, errs)
	}
	if strings.Contains(out+errs, "PRIVATE KEY") {
		t.Error("the key was printed")
	}
}
