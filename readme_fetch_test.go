package certkit_test

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/voicepki/certkit/internal/testkit"
)

// fetchAddr is where the certkit order --fetch example of docs/chains.md finds the
// missing issuing CA: testdata/fetch/vgw3.pem's AIA names
// http://127.0.0.1:18734/issuing-ca-3.crt (internal/cmd/gen/gen_fetch.go), so
// the address is fixed.
const fetchAddr = "127.0.0.1:18734"

// probeAddr is where the certkit probe example of docs/scep-and-probe.md finds a CUCM:
// testdata/probe/cucm1-chain.pem (leaf and issuing CA) served with
// crypto/tls, on loopback only.
const probeAddr = "127.0.0.1:18735"

// revocationAddr is where the certkit order --revocation example of
// docs/revocation.md finds its OCSP responder and CRLs:
// testdata/revocation/gateways.pem and cas.pem name it
// (internal/cmd/gen/gen_revocation.go).
const revocationAddr = "127.0.0.1:18737"

// scepAddr is where the certkit scep example of docs/scep-and-probe.md finds a SCEP server.
const scepAddr = "127.0.0.1:18736"

// listenWait listens on addr, waiting up to two minutes for another run
// of these tests (a second go test in another checkout) to free it.
func listenWait(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	for deadline := time.Now().Add(2 * time.Minute); err != nil && time.Now().Before(deadline); {
		time.Sleep(250 * time.Millisecond)
		ln, err = net.Listen("tcp", addr)
	}
	return ln, err
}

// TestMain serves testdata/fetch/www/ on fetchAddr and a TLS server on
// probeAddr, on loopback only,
// while the tests of this package (the examples of README.md and docs/) run.
func TestMain(m *testing.M) {
	ln, err := listenWait(fetchAddr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "the --fetch example of docs/chains.md needs %s, the address testdata/fetch/vgw3.pem names, and it is taken: %v\n", fetchAddr, err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir("testdata/fetch/www"))}
	go srv.Serve(ln)
	cert, err := tls.LoadX509KeyPair("testdata/probe/cucm1-chain.pem", "testdata/probe/cucm1.key")
	if err != nil {
		fmt.Fprintf(os.Stderr, "the probe example of docs/scep-and-probe.md: %v\n", err)
		os.Exit(1)
	}
	pln, err := listenWait(probeAddr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "the probe example of docs/scep-and-probe.md needs %s, and it is taken: %v\n", probeAddr, err)
		os.Exit(1)
	}
	tln := tls.NewListener(pln, &tls.Config{Certificates: []tls.Certificate{cert}})
	go func() {
		for {
			c, err := tln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				if c.(*tls.Conn).Handshake() == nil {
					c.Read(make([]byte, 1))
				}
			}()
		}
	}()
	// The certkit scep example of docs/scep-and-probe.md asks micromdm's scepserver, built
	// at the version go.mod pins, on scepAddr.
	scepDir, err := os.MkdirTemp("", "certkit-readme-scep-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	scepSrv, err := testkit.RunSCEPServer(scepDir, "s3cret", scepAddr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "the certkit scep example of docs/scep-and-probe.md needs scepserver on %s: %v\n", scepAddr, err)
		os.Exit(1)
	}
	rln, err := listenWait(revocationAddr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "the --revocation example of docs/revocation.md needs %s, the address testdata/revocation names, and it is taken: %v\n", revocationAddr, err)
		os.Exit(1)
	}
	rh, err := revocationHandler("testdata/revocation/www")
	if err != nil {
		fmt.Fprintf(os.Stderr, "the --revocation example of docs/revocation.md: %v\n", err)
		os.Exit(1)
	}
	rsrv := &http.Server{Handler: rh}
	go rsrv.Serve(rln)
	code := m.Run()
	rsrv.Close()
	scepSrv.Stop()
	os.RemoveAll(scepDir)
	srv.Close()
	tln.Close()
	removeBuilt() // the certkit binary the README test built
	os.Exit(code)
}

// TestFetchExampleServer: the gateway certificate of docs/chains.md's --fetch
// example names the served URL, and the server hands out its issuing CA.
func TestFetchExampleServer(t *testing.T) {
	data, err := os.ReadFile("testdata/fetch/vgw3.pem")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(data)
	if b == nil {
		t.Fatal("testdata/fetch/vgw3.pem holds no PEM block")
	}
	gw, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + fetchAddr + "/issuing-ca-3.crt"
	if !slices.Contains(gw.IssuingCertificateURL, url) {
		t.Fatalf("vgw3.pem names %q, not %s", gw.IssuingCertificateURL, url)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s, %v", url, resp.Status, err)
	}
	issuer, err := x509.ParseCertificate(body)
	if err != nil || gw.CheckSignatureFrom(issuer) != nil {
		t.Fatalf("GET %s gave no issuer of vgw3.example.com (%v)", url, err)
	}
}

// revocationHandler serves dir (testdata/revocation/www), and answers
// an OCSP request (GET /ocsp/BASE64 or POST /ocsp) from the issuing CA's
// CRL (dir/issuing.crl) as AD CS's responder does: revoked with the CRL's
// reason and date when it lists the serial, else good, signed by the
// issuing CA (the second certificate of ../cas.pem, key ../issuing.key).
func revocationHandler(dir string) (http.Handler, error) {
	files := http.FileServer(http.Dir(dir))
	casPEM, err := os.ReadFile(filepath.Join(dir, "..", "cas.pem"))
	if err != nil {
		return nil, err
	}
	_, rest := pem.Decode(casPEM) // the root
	b, _ := pem.Decode(rest)
	if b == nil {
		return nil, fmt.Errorf("cas.pem holds no issuing CA after the root")
	}
	issuer, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		return nil, err
	}
	keyPEM, err := os.ReadFile(filepath.Join(dir, "..", "issuing.key"))
	if err != nil {
		return nil, err
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil {
		return nil, fmt.Errorf("issuing.key holds no PEM block")
	}
	key, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return nil, err
	}
	crlDER, err := os.ReadFile(filepath.Join(dir, "issuing.crl"))
	if err != nil {
		return nil, err
	}
	crl, err := x509.ParseRevocationList(crlDER)
	if err != nil {
		return nil, err
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("issuing.key is not a signing key")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ocsp" && !strings.HasPrefix(r.URL.Path, "/ocsp/") {
			files.ServeHTTP(w, r)
			return
		}
		var der []byte
		var err error
		if r.Method == http.MethodPost {
			der, err = io.ReadAll(io.LimitReader(r.Body, 1<<16))
		} else {
			der, err = base64.StdEncoding.DecodeString(strings.TrimPrefix(r.URL.Path, "/ocsp/"))
		}
		var req *ocsp.Request
		if err == nil {
			req, err = ocsp.ParseRequest(der)
		}
		if err != nil {
			w.Write(ocsp.MalformedRequestErrorResponse)
			return
		}
		answer := ocsp.Response{Status: ocsp.Good, SerialNumber: req.SerialNumber, ThisUpdate: crl.ThisUpdate, NextUpdate: crl.NextUpdate}
		for _, e := range crl.RevokedCertificateEntries {
			if e.SerialNumber.Cmp(req.SerialNumber) == 0 {
				answer.Status, answer.RevokedAt, answer.RevocationReason = ocsp.Revoked, e.RevocationTime, e.ReasonCode
			}
		}
		resp, err := ocsp.CreateResponse(issuer, issuer, answer, signer)
		if err != nil {
			w.Write(ocsp.InternalErrorErrorResponse)
			return
		}
		w.Header().Set("Content-Type", "application/ocsp-response")
		w.Write(resp)
	}), nil
}
