package probe

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writePEM writes certificates, or a key, to a file of dir.
func writePEM(t *testing.T, dir, name string, c *ca, chain ...*x509.Certificate) string {
	t.Helper()
	var b []byte
	if c != nil {
		kd, err := x509.MarshalPKCS8PrivateKey(c.key)
		if err != nil {
			t.Fatal(err)
		}
		b = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kd})
	}
	for _, x := range chain {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: x.Raw})...)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// startOpenSSL runs openssl s_server on 127.0.0.1 with args and returns
// its address once it accepts connections.
func startOpenSSL(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl is not installed, and CI installs it")
		}
		t.Skip("openssl is not installed: the second implementation is not tried")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, append([]string{"s_server", "-accept", addr, "-www"}, args...)...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return addr
		}
	}
	t.Fatalf("openssl s_server did not start on %s: %s", addr, out.String())
	return ""
}

// TestOpenSSLServer: a second implementation, openssl s_server with
// -Verify and -CAfile: the device certificate of the trusted CA is
// accepted, one from another CA rejected with its reason, in TLS 1.2 and
// 1.3.
func TestOpenSSLServer(t *testing.T) {
	dir := t.TempDir()
	cucm := newPKI(t, "Voice", certSpec{})
	gw := newPKI(t, "Gateway", certSpec{cn: "vgw1.example.com", dns: []string{"vgw1.example.com"}})
	other := newPKI(t, "Other", certSpec{cn: "verybiggw", dns: []string{"verybiggw"}})
	srvCert := writePEM(t, dir, "cucm.pem", nil, cucm.leaf.cert)
	srvChain := writePEM(t, dir, "cucm-chain.pem", nil, cucm.inter.cert)
	srvKey := writePEM(t, dir, "cucm.key", cucm.leaf)
	caFile := writePEM(t, dir, "gw-root.pem", nil, gw.root.cert)
	good := tlsCert(gw.leaf, gw.inter.cert)
	bad := tlsCert(other.leaf, other.inter.cert)
	for _, v := range []string{"-tls1_2", "-tls1_3"} {
		t.Run(v, func(t *testing.T) {
			addr := startOpenSSL(t, "-cert", srvCert, "-cert_chain", srvChain, "-key", srvKey, "-CAfile", caFile, "-Verify", "4", "-verify_return_error", v)
			r := probe1(t, addr, "cucm1.example.com", Options{})
			if r.Err != nil || r.ClientAuth != Requested || len(r.Served) != 2 {
				t.Fatalf("no certificate: client auth %s, served %q, err %v", r.ClientAuth, servedNames(r), r.Err)
			}
			if len(r.AcceptableCAs) != 1 || !strings.Contains(r.AcceptableCAs[0], "CN=Gateway Root") {
				t.Errorf("acceptable CAs %q", r.AcceptableCAs)
			}
			r = probe1(t, addr, "cucm1.example.com", Options{Certificate: &good})
			if r.Err != nil || r.ClientAuth != Accepted {
				t.Errorf("trusted device: client auth %s, alert %q, err %v, handshake %v", r.ClientAuth, r.Alert, r.Err, r.HandshakeError)
			}
			r = probe1(t, addr, "cucm1.example.com", Options{Certificate: &bad})
			if r.ClientAuth != Rejected || r.Alert != "unknown CA" {
				t.Errorf("device of another CA: client auth %s, alert %q, err %v", r.ClientAuth, r.Alert, r.Err)
			}
			want := "CUCM does not trust the CA of verybiggw: upload its root and intermediates to CallManager-trust"
			if m := codes(r)[string(codeClientCertRejected)]; !strings.Contains(m, want) {
				t.Errorf("rejection %q, want %q", m, want)
			}
			if want := map[string]uint16{"-tls1_2": tls.VersionTLS12, "-tls1_3": tls.VersionTLS13}[v]; r.Version != want {
				t.Errorf("version %s", tls.VersionName(r.Version))
			}
		})
	}
}
