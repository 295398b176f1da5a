package main

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
)

// csrData is a generated file of testdata/csr, relative to this package.
func csrData(name string) string {
	return filepath.Join("..", "..", "testdata", "csr", name)
}

func TestCSRExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"csr", csrData("ios-capture.txt")}, exitOK},
		{[]string{"csr", csrData("ios-capture-pem-crlf.txt"), "--fqdn", "vgw1.example.com"}, exitOK},
		{[]string{"csr", "--hostname", "vgw1.example.com", csrData("ios-capture-utf16.txt")}, exitOK},
		{[]string{"csr", csrData("cucm-ms.csr"), "--service", "CallManager"}, exitOK}, // warnings only
		{[]string{"csr", csrData("sha1-1024.csr")}, exitCheck},
		{[]string{"csr", csrData("tampered.csr")}, exitCheck},
		{[]string{"csr", "--fqdn", "vgw3.example.com", csrData("case-mismatch.csr")}, exitCheck},
		{[]string{"csr", csrData("vgw1.crt")}, exitUsage},
		{[]string{"csr", csrData("no-such-file.csr")}, exitUsage},
		{[]string{"csr"}, exitUsage},
		{[]string{"csr", csrData("vgw1.csr"), csrData("cucm-ms.csr")}, exitUsage},
		{[]string{"csr", "--bogus", csrData("vgw1.csr")}, exitUsage},
		{[]string{"csr", "-h"}, exitOK},
		{[]string{"csr", csrData("ios-capture-redisplay.txt")}, exitOK},
		{[]string{"csr", csrData("ios-capture-more.txt")}, exitOK},
		{[]string{"csr", csrData("ios-capture-more-erased.txt")}, exitOK},
		{[]string{"csr", "--service", "CallManger", csrData("vgw1.csr")}, exitUsage},
		{[]string{"csr", "--service", "itlrecovery", csrData("vgw1.csr")}, exitOK},
	} {
		code, _, stderr := certkit(t, nil, tc.args...)
		if code != tc.code {
			t.Errorf("certkit %s: exit %d, want %d; stderr:\n%s", strings.Join(tc.args, " "), code, tc.code, stderr)
		}
	}
}

// A mistyped --service is bad usage, named with the valid purposes, and
// nothing is printed on stdout.
func TestCSRUnknownService(t *testing.T) {
	code, stdout, stderr := certkit(t, nil, "csr", csrData("vgw1.csr"), "--service", "CallManger")
	want := `certkit: csr: --service "CallManger": want one of CallManager, CallManager-ECDSA, tomcat, tomcat-ECDSA, CAPF, ipsec, TVS, ITLRecovery` + "\n" +
		"run 'certkit csr -h' for help\n"
	if code != exitUsage || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and stderr %q", code, stdout, stderr, want)
	}
}

// Files people mistake for a request are named for what they are.
func TestCSRNotARequest(t *testing.T) {
	convertData := func(name string) string { return filepath.Join("..", "..", "testdata", "convert", name) }
	for _, tc := range []struct {
		file, want string
	}{
		{convertData("chain.p7b"), "the input is a PKCS#7 bundle holding 3 certificates, not a certificate request"},
		{convertData("chain-ber.p7b"), "the input is a PKCS#7 bundle holding 3 certificates, not a certificate request"},
		{convertData("chain-p7b.b64"), "the input is a PKCS#7 bundle holding 3 certificates, not a certificate request"},
		{convertData("chain-modern.p12"), "the input is a PKCS#12 file, not a certificate request"},
		{csrData("vgw1.pfx"), "the input is a PKCS#12 file, not a certificate request"},
		{csrData("vgw1.crt"), `the input is the certificate CN=vgw1.example.com, not a certificate request`},
	} {
		code, stdout, stderr := certkit(t, nil, "csr", tc.file)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "asn1") {
			t.Errorf("certkit csr %s: exit %d, stderr %q; want exit 2 saying %q", tc.file, code, stderr, tc.want)
		}
	}
}

// The same request twice (IOS redisplayed it) is one request.
func TestCSRRedisplay(t *testing.T) {
	code, stdout, stderr := certkit(t, nil, "csr", "--fqdn", "vgw1.example.com", csrData("ios-capture-redisplay.txt"))
	if code != exitOK || !strings.Contains(stdout, "subject:             unstructuredName=vgw1.example.com,CN=vgw1.example.com\n") || stderr != "" {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// A request with neither a CN nor a SAN names nothing: an error, exit 1.
func TestCSRNoName(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{Organization: []string{"Example Voice"}}}, key)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := certkit(t, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}), "csr", "-")
	if code != exitCheck || !strings.Contains(stdout, "  error   no-name: the request names nothing") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
}

// An Ed25519 request for CallManager: CUCM takes no Ed25519 key.
func TestCSREd25519(t *testing.T) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: "cucm.example.com"}, DNSNames: []string{"cucm.example.com"}}, key)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := certkit(t, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}), "csr", "--service", "CallManager", "-")
	if code != exitCheck || !strings.Contains(stdout, "  error   key-type: CallManager needs an RSA key, and this request has an Ed25519 key") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
}

func TestCSRStdin(t *testing.T) {
	data, err := os.ReadFile(csrData("ios-capture.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := certkit(t, data, "csr", "-")
	if code != exitOK || !strings.Contains(stdout, "CN=vgw1.example.com") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

func TestCSRJSON(t *testing.T) {
	code, stdout, stderr := certkit(t, nil, "csr", "--json", "--service", "CallManager", "--fqdn", "cucm-pub.example.com", csrData("cucm-ms.csr"))
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr is not empty:\n%s", stderr)
	}
	type finding struct{ Severity, Code string }
	type output struct {
		Subject            string    `json:"subject"`
		CommonName         string    `json:"common_name"`
		DNSNames           []string  `json:"dns_names"`
		KeyAlgorithm       string    `json:"key_algorithm"`
		KeyBits            int       `json:"key_bits"`
		SignatureAlgorithm string    `json:"signature_algorithm"`
		KeyUsage           []string  `json:"key_usage"`
		ExtKeyUsage        []string  `json:"ext_key_usage"`
		Findings           []finding `json:"findings"`
	}
	var got output
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	for _, k := range []string{"subject", "common_name", "dns_names", "key_algorithm", "key_bits", "signature_algorithm", "findings"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	want := output{
		Subject:            "CN=cucm-pub-ms.example.com,OU=Voice,O=Example Voice,L=Austin,ST=Texas,C=US",
		CommonName:         "cucm-pub-ms.example.com",
		DNSNames:           []string{"cucm-pub.example.com", "cucm-sub1.example.com", "cucm-sub2.example.com", "cucm-tftp.example.com"},
		KeyAlgorithm:       "RSA",
		KeyBits:            2048,
		SignatureAlgorithm: "SHA256-RSA",
		KeyUsage:           []string{"digitalSignature", "keyEncipherment", "dataEncipherment"},
		ExtKeyUsage:        []string{"serverAuth", "clientAuth"},
		Findings:           []finding{{"warning", "ms-suffix"}, {"info", "requested-usage"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}

// Empty lists are [] in JSON, never null.
func TestCSRJSONEmptyLists(t *testing.T) {
	_, stdout, _ := certkit(t, nil, "csr", "--json", csrData("sha1-1024.csr"))
	if strings.Contains(stdout, "null") {
		t.Errorf("JSON holds null:\n%s", stdout)
	}
	if !strings.Contains(stdout, `"dns_names": []`) {
		t.Errorf("dns_names is not an empty list:\n%s", stdout)
	}
}

func TestCSRText(t *testing.T) {
	code, stdout, _ := certkit(t, nil, "csr", csrData("sha1-1024.csr"))
	if code != exitCheck {
		t.Fatalf("exit %d, want %d", code, exitCheck)
	}
	for _, want := range []string{
		"subject:             unstructuredName=vgw2.example.com,CN=vgw2.example.com\n",
		"key:                 RSA 1024\n",
		"signature:           SHA1-RSA\n",
		"  error   weak-signature: ",
		"hash sha256",
		"  error   key-too-small: ",
		"  warning no-san: ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

// TestCSRPeer runs certkit csr over the CSRs of the peer manifest: each
// prints the subject openssl recorded, and the one openssl cannot read
// exits 2.
func TestCSRPeer(t *testing.T) {
	dir := testkit.PeerDir(t, "formats")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Files []struct {
			File    string  `json:"file"`
			Kind    string  `json:"kind"`
			Subject *string `json:"subject"`
		} `json:"files"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range m.Files {
		if f.Kind != "csr" {
			continue
		}
		n++
		code, stdout, stderr := certkit(t, nil, "csr", "--json", filepath.Join(dir, f.File))
		if f.Subject == nil {
			if code != exitUsage || !strings.HasPrefix(stderr, "certkit: ") {
				t.Errorf("%s: exit %d, stderr %q; want exit 2 with a message", f.File, code, stderr)
			}
			continue
		}
		var got struct {
			Subject string `json:"subject"`
		}
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Errorf("%s: exit %d, no JSON: %v\n%s", f.File, code, err, stderr)
			continue
		}
		if want := testkit.CertkitSubject(*f.Subject); got.Subject != want {
			t.Errorf("%s: subject %q, want %q", f.File, got.Subject, want)
		}
	}
	if n == 0 {
		t.Fatal("the peer manifest lists no CSR")
	}
}
