package probe

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/aiafetch"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/finding"
)

func TestServedChains(t *testing.T) {
	p := newPKI(t, "Voice", certSpec{})
	expired := newPKI(t, "Old", certSpec{cn: "cucm1.example.com", dns: []string{"cucm1.example.com"},
		notBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), notAfter: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	stranger := makeCert(t, certSpec{cn: "Stranger Root", isCA: true})
	for _, c := range []struct {
		name, target string
		cert         tls.Certificate
		trust        []*x509.Certificate
		served       []string
		want, absent []finding.Code
	}{
		{name: "complete chain", target: "cucm1.example.com:5061", cert: tlsCert(p.leaf, p.inter.cert, p.root.cert),
			served: []string{"cucm1.example.com", "Voice Issuing CA", "Voice Root"},
			want:   []finding.Code{codeRootServed}, absent: []finding.Code{codeMissingIntermediate, codeServedOrder, "name-mismatch", "expired"}},
		{name: "leaf only", target: "cucm1.example.com", cert: tlsCert(p.leaf),
			served: []string{"cucm1.example.com"}, want: []finding.Code{codeMissingIntermediate}},
		{name: "leaf only, root trusted, intermediate missing", target: "cucm1.example.com", cert: tlsCert(p.leaf), trust: []*x509.Certificate{p.root.cert},
			served: []string{"cucm1.example.com"}, want: []finding.Code{codeMissingIntermediate}},
		{name: "leaf and intermediate, root trusted", target: "cucm1.example.com", cert: tlsCert(p.leaf, p.inter.cert), trust: []*x509.Certificate{p.root.cert},
			served: []string{"cucm1.example.com", "Voice Issuing CA"}, absent: []finding.Code{codeMissingIntermediate, codeRootServed}},
		{name: "wrong order", target: "cucm1.example.com", cert: tlsCert(p.leaf, p.root.cert, p.inter.cert),
			served: []string{"cucm1.example.com", "Voice Root", "Voice Issuing CA"}, want: []finding.Code{codeServedOrder}, absent: []finding.Code{codeMissingIntermediate}},
		{name: "duplicate and unrelated", target: "cucm1.example.com", cert: tlsCert(p.leaf, p.inter.cert, p.inter.cert, stranger.cert),
			served: []string{"cucm1.example.com", "Voice Issuing CA", "Voice Issuing CA", "Stranger Root"}, want: []finding.Code{codeServedDuplicate, codeServedUnrelated}},
		{name: "expired", target: "cucm1.example.com", cert: tlsCert(expired.leaf, expired.inter.cert),
			served: []string{"cucm1.example.com", "Old Issuing CA"}, want: []finding.Code{"expired", codeMissingIntermediate}},
		{name: "wrong name", target: "cucm2.example.com:5061", cert: tlsCert(p.leaf, p.inter.cert, p.root.cert),
			served: []string{"cucm1.example.com", "Voice Issuing CA", "Voice Root"}, want: []finding.Code{"name-mismatch"}},
		{name: "IP literal: no SNI, no name check", target: "127.0.0.1:5061", cert: tlsCert(p.leaf, p.inter.cert, p.root.cert),
			served: []string{"cucm1.example.com", "Voice Issuing CA", "Voice Root"}, absent: []finding.Code{"name-mismatch"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var sni string
			addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{c.cert}, GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
				sni = h.ServerName
				return nil, nil
			}})
			r := probe1(t, addr, c.target, Options{Trust: c.trust})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if got := servedNames(r); !slices.Equal(got, c.served) {
				t.Errorf("served %q, want %q", got, c.served)
			}
			got := codes(r)
			for _, w := range c.want {
				if _, ok := got[string(w)]; !ok {
					t.Errorf("no %s finding; findings %v", w, r.Findings)
				}
			}
			for _, a := range c.absent {
				if m, ok := got[string(a)]; ok {
					t.Errorf("unexpected %s: %s", a, m)
				}
			}
			if r.ClientAuth != NotRequested || r.Version != tls.VersionTLS13 {
				t.Errorf("client auth %s, version %s", r.ClientAuth, tls.VersionName(r.Version))
			}
			tg, _ := ParseTarget(c.target)
			if wantSNI := tg.Host; tg.IsIP() && sni != "" || !tg.IsIP() && sni != wantSNI {
				t.Errorf("SNI %q sent for %s", sni, c.target)
			}
			if c.name == "complete chain" {
				if r.TrunkSubject != "cucm1.example.com" || len(r.Trust) == 0 || !strings.Contains(r.Trust[0], "crypto pki authenticate") {
					t.Errorf("trunk subject %q, trust %q", r.TrunkSubject, r.Trust)
				}
			}
		})
	}
}

func TestClientCertificate(t *testing.T) {
	p := newPKI(t, "Voice", certSpec{})
	gwPKI := newPKI(t, "Gateway", certSpec{cn: "vgw1.example.com", dns: []string{"vgw1.example.com"}})
	other := newPKI(t, "Other", certSpec{cn: "verybiggw", dns: []string{"verybiggw"}})
	pool := x509.NewCertPool()
	pool.AddCert(gwPKI.root.cert)
	pool.AddCert(gwPKI.inter.cert)
	served := tlsCert(p.leaf, p.inter.cert)
	gwCert := tlsCert(gwPKI.leaf, gwPKI.inter.cert)
	otherCert := tlsCert(other.leaf, other.inter.cert)

	for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		name := tls.VersionName(v)
		// The server demands a certificate and lists its CAs.
		addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{served}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, MaxVersion: v})
		t.Run(name+" no certificate given", func(t *testing.T) {
			r := probe1(t, addr, "cucm1.example.com", Options{})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if r.ClientAuth != Requested || len(r.Served) != 2 {
				t.Errorf("client auth %s, served %q", r.ClientAuth, servedNames(r))
			}
			if len(r.AcceptableCAs) != 2 || !strings.Contains(strings.Join(r.AcceptableCAs, "|"), "CN=Gateway Root") {
				t.Errorf("acceptable CAs %q", r.AcceptableCAs)
			}
		})
		t.Run(name+" trusted device", func(t *testing.T) {
			r := probe1(t, addr, "cucm1.example.com", Options{Certificate: &gwCert})
			if r.Err != nil || r.ClientAuth != Accepted {
				t.Fatalf("client auth %s, err %v, findings %v", r.ClientAuth, r.Err, r.Findings)
			}
			if _, ok := codes(r)[string(codeDeviceCANotListed)]; ok {
				t.Errorf("the gateway's CA is listed: %v", r.Findings)
			}
		})
		t.Run(name+" device from another CA", func(t *testing.T) {
			r := probe1(t, addr, "cucm1.example.com", Options{Certificate: &otherCert})
			if r.Err != nil || r.ClientAuth != Rejected || r.Alert == "" {
				t.Fatalf("client auth %s, alert %q, err %v", r.ClientAuth, r.Alert, r.Err)
			}
			m := codes(r)
			if !strings.Contains(m[string(codeClientCertRejected)], "CUCM does not trust the CA of verybiggw: upload its root and intermediates to CallManager-trust") {
				t.Errorf("rejection: %q", m[string(codeClientCertRejected)])
			}
			if _, ok := m[string(codeDeviceCANotListed)]; !ok {
				t.Errorf("no %s: %v", codeDeviceCANotListed, r.Findings)
			}
		})
	}
	t.Run("request without CA names", func(t *testing.T) {
		addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{served}, ClientAuth: tls.RequireAnyClientCert})
		r := probe1(t, addr, "cucm1.example.com", Options{})
		if r.Err != nil || r.ClientAuth != Requested || len(r.AcceptableCAs) != 0 || len(r.Served) != 2 {
			t.Errorf("client auth %s, acceptable %q, served %q, err %v", r.ClientAuth, r.AcceptableCAs, servedNames(r), r.Err)
		}
		r = probe1(t, addr, "cucm1.example.com", Options{Certificate: &otherCert})
		if r.ClientAuth != Accepted {
			t.Errorf("RequireAnyClientCert takes any certificate; got %s", r.ClientAuth)
		}
	})
	t.Run("TLS 1.3 rejection after the handshake", func(t *testing.T) {
		// The server refuses every certificate with certificate_unknown
		// after the client's Finished: the probe must read it.
		addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{served}, ClientAuth: tls.RequireAnyClientCert, MinVersion: tls.VersionTLS13,
			VerifyPeerCertificate: func([][]byte, [][]*x509.Certificate) error { return x509.UnknownAuthorityError{} }})
		r := probe1(t, addr, "cucm1.example.com", Options{Certificate: &gwCert})
		if r.ClientAuth != Rejected || r.Alert == "" || r.Version != tls.VersionTLS13 {
			t.Errorf("client auth %s, alert %q, version %x", r.ClientAuth, r.Alert, r.Version)
		}
	})
}

func TestOldTLS(t *testing.T) {
	p := newPKI(t, "Old", certSpec{cn: "cucm1.example.com", dns: []string{"cucm1.example.com"}, rsa: true})
	addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{tlsCert(p.leaf, p.inter.cert)},
		MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10, CipherSuites: []uint16{tls.TLS_RSA_WITH_AES_128_CBC_SHA}})
	r := probe1(t, addr, "cucm1.example.com", Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Version != tls.VersionTLS10 || r.CipherSuite != tls.TLS_RSA_WITH_AES_128_CBC_SHA {
		t.Errorf("version %s suite %s", tls.VersionName(r.Version), tls.CipherSuiteName(r.CipherSuite))
	}
	m := codes(r)
	for _, c := range []finding.Code{codeTLSOldVersion, codeTLSRSAKex} {
		if _, ok := m[string(c)]; !ok {
			t.Errorf("no %s: %v", c, r.Findings)
		}
	}
}

// hostile runs a probe with a short timeout against handle and wants it
// unread, with why containing want, within bound.
func hostile(t *testing.T, addr, want string) Result {
	t.Helper()
	start := time.Now()
	r := probe1(t, addr, "cucm1.example.com", Options{Timeout: 1500 * time.Millisecond})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s, beyond the timeout", d)
	}
	if !errors.Is(r.Err, ErrUnreadable) || !strings.Contains(r.Err.Error(), want) {
		t.Errorf("err %v, want %q", r.Err, want)
	}
	return r
}

func TestHostileServers(t *testing.T) {
	t.Run("plain HTTP", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		defer srv.Close()
		hostile(t, strings.TrimPrefix(srv.URL, "http://"), "does not speak TLS")
	})
	t.Run("accepts and never answers", func(t *testing.T) {
		addr := serveRaw(t, func(c net.Conn) {
			c.SetDeadline(time.Now().Add(10 * time.Second))
			var b [1]byte
			c.Read(b[:])
			time.Sleep(5 * time.Second)
		})
		hostile(t, addr, "no answer within 1.5s")
	})
	t.Run("one byte a second", func(t *testing.T) {
		addr := serveRaw(t, func(c net.Conn) {
			var b [4096]byte
			c.Read(b[:])
			for i := 0; i < 10; i++ {
				if _, err := c.Write([]byte{0x16}[:1]); err != nil {
					return
				}
				time.Sleep(time.Second)
			}
		})
		hostile(t, addr, "no answer within")
	})
	t.Run("reset mid-handshake", func(t *testing.T) {
		addr := serveRaw(t, func(c net.Conn) {
			var b [4096]byte
			c.Read(b[:])
			c.Write([]byte{0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00})
			c.(*net.TCPConn).SetLinger(0)
		})
		hostile(t, addr, "closed the connection")
	})
	t.Run("10 MB certificate message", func(t *testing.T) {
		var sent int
		done := make(chan struct{})
		addr := serveRaw(t, func(c net.Conn) {
			defer close(done)
			var b [4096]byte
			c.Read(b[:])
			c.SetWriteDeadline(time.Now().Add(3 * time.Second))
			// A handshake record announcing a 10 MB Certificate message, then its bytes.
			msg := []byte{11, 0xa0, 0x00, 0x00}
			chunk := make([]byte, 16384)
			for sent < 10<<20 {
				rec := append([]byte{0x16, 0x03, 0x03, 0, 0}, msg...)
				rec = append(rec, chunk[:16384-len(msg)]...)
				binary.BigEndian.PutUint16(rec[3:], uint16(len(rec)-5))
				msg = nil
				n, err := c.Write(rec)
				sent += n
				if err != nil {
					return
				}
			}
		})
		hostile(t, addr, "larger than")
		<-done
		if sent >= 10<<20 {
			t.Errorf("the server wrote all %d bytes: the probe read without a cap", sent)
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := l.Addr().String()
		l.Close()
		hostile(t, addr, "refused")
	})
}

func TestTwoHundredCertificates(t *testing.T) {
	p := newPKI(t, "Voice", certSpec{})
	var extra []*x509.Certificate
	extra = append(extra, p.inter.cert)
	for i := 0; i < 199; i++ {
		extra = append(extra, p.root.cert)
	}
	addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{tlsCert(p.leaf, extra...)}})
	r := probe1(t, addr, "cucm1.example.com", Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.ServedCount != 201 || len(r.Served) != defaultMaxCertificates {
		t.Errorf("served %d, kept %d", r.ServedCount, len(r.Served))
	}
	if _, ok := codes(r)[string(codeTooManyCertificates)]; !ok {
		t.Errorf("no %s", codeTooManyCertificates)
	}
}

func TestConcurrencyAndOrder(t *testing.T) {
	p := newPKI(t, "Voice", certSpec{})
	addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{tlsCert(p.leaf, p.inter.cert)}})
	var ts []Target
	for i := 0; i < 40; i++ {
		tg, _ := ParseTarget("cucm1.example.com:" + string(rune('1'+i%9)) + "061")
		ts = append(ts, tg)
	}
	rs, err := Run(t.Context(), ts, Options{Dialer: toDialer{addr}, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		if r.Target != ts[i] || r.Err != nil || !bytes.Equal(r.Served[0].Certificate.Raw, p.leaf.cert.Raw) {
			t.Errorf("result %d: %v %v", i, r.Target, r.Err)
		}
	}
}

func TestByteCap(t *testing.T) {
	p := newPKI(t, "Voice", certSpec{})
	extra := []*x509.Certificate{p.inter.cert}
	for i := 0; i < 40; i++ {
		extra = append(extra, p.root.cert)
	}
	addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{tlsCert(p.leaf, extra...)}})
	r := probe1(t, addr, "cucm1.example.com", Options{MaxBytes: 4096})
	if !errors.Is(r.Err, ErrUnreadable) || !strings.Contains(r.Err.Error(), "more than 4096 bytes") {
		t.Errorf("err %v, want the byte cap said", r.Err)
	}
}

// TestSelfSignedDevice: CUCM's and IOS's self-signed certificates say
// CA:TRUE; one that names the host is the device's leaf (verdict.Device),
// not a root, and the gateway pastes it itself.
func TestSelfSignedDevice(t *testing.T) {
	self := makeCert(t, certSpec{cn: "cucm1.example.com", dns: []string{"cucm1.example.com"}, isCA: true})
	addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{tlsCert(self)}})
	r := probe1(t, addr, "cucm1.example.com", Options{})
	if r.Err != nil || len(r.Served) != 1 || r.Served[0].Role != "leaf" {
		t.Fatalf("served %v, err %v", r.Served, r.Err)
	}
	if len(r.Trust) == 0 || !strings.Contains(r.Trust[0], `its self-signed certificate CN=cucm1.example.com`) {
		t.Errorf("trust %q", r.Trust)
	}
	if _, ok := codes(r)[string(codeMissingIntermediate)]; ok {
		t.Errorf("a self-signed certificate misses nothing: %v", r.Findings)
	}
}

// TestFetch: with Options.Fetch (aiafetch, as --fetch gives), the issuing
// CA the server does not serve comes from the leaf's AIA URL, here a
// local HTTP server, and the chain is complete.
func TestFetch(t *testing.T) {
	root := makeCert(t, certSpec{cn: "Fetch Root", isCA: true})
	inter := makeCert(t, certSpec{cn: "Fetch Issuing CA", isCA: true, parent: root})
	www := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(inter.cert.Raw) }))
	defer www.Close()
	leaf := makeCert(t, certSpec{cn: "cucm1.example.com", dns: []string{"cucm1.example.com"}, parent: inter, aia: []string{www.URL + "/ca.crt"}})
	addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{tlsCert(leaf)}})
	r := probe1(t, addr, "cucm1.example.com", Options{Trust: []*x509.Certificate{root.cert}})
	if _, ok := codes(r)[string(codeMissingIntermediate)]; !ok {
		t.Fatalf("without Fetch: %v", r.Findings)
	}
	r = probe1(t, addr, "cucm1.example.com", Options{Trust: []*x509.Certificate{root.cert}, Fetch: &aiafetch.Client{}})
	if _, ok := codes(r)[string(codeMissingIntermediate)]; ok || len(r.Served) != 1 {
		t.Errorf("with Fetch: served %q, findings %v", servedNames(r), r.Findings)
	}
}

// TestDocListsCodes: every finding code of the package is in the table
// of the package doc, with its exact string.
func TestDocListsCodes(t *testing.T) {
	testkit.DocListsConsts(t, ".", "Findings", "code")
}
