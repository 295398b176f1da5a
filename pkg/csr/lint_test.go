package csr

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/finding"

	"github.com/google/go-cmp/cmp"
)

// codes writes findings as "severity code", the way a user scans them.
func codes(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Severity.String()+" "+string(f.Code))
	}
	return out
}

func find(fs []finding.Finding, code finding.Code) (finding.Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return finding.Finding{}, false
}

func parseTestdata(t *testing.T, file string) *x509.CertificateRequest {
	t.Helper()
	req, err := Parse(readTestdata(t, file))
	if req == nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return req
}

func TestLintTestdata(t *testing.T) {
	for _, tc := range []struct {
		file   string
		policy Policy
		want   []string
	}{
		{"vgw1.csr", Policy{FQDN: "vgw1.example.com"}, []string{
			"info unstructured-name", "info requested-usage"}},
		{"ios-capture.txt", Policy{Hostname: "vgw1.example.com", FQDN: "vgw1.example.com"}, []string{
			"info unstructured-name", "info requested-usage"}},
		{"vgw1.csr", Policy{Hostname: "vgw9"}, []string{
			"error name-mismatch", "info unstructured-name", "info requested-usage"}},
		{"cucm-ms.csr", Policy{FQDN: "cucm-pub.example.com", Service: "CallManager"}, []string{
			"warning ms-suffix", "info requested-usage"}},
		{"sha1-1024.csr", Policy{}, []string{
			"error weak-signature", "error key-too-small", "warning no-san", "info unstructured-name", "info requested-usage"}},
		{"md5.csr", Policy{}, []string{
			"error weak-signature", "error key-too-small", "warning no-san", "info unstructured-name", "info requested-usage"}},
		{"case-mismatch.csr", Policy{FQDN: "vgw3.example.com"}, []string{
			"error name-case-mismatch", "info unstructured-name", "info requested-usage"}},
		{"tampered.csr", Policy{}, []string{
			"error bad-signature", "info unstructured-name", "info requested-usage"}},
		{"vgw1.csr", Policy{Service: "CallManager"}, []string{
			"warning missing-eku", "info unstructured-name", "info requested-usage"}},
		{"vgw1.csr", Policy{Service: "Tomcat"}, []string{
			"info unstructured-name", "info requested-usage"}},
		{"vgw1.csr", Policy{Service: "CallMgr"}, []string{
			"error unknown-service", "info unstructured-name", "info requested-usage"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got := codes(Lint(parseTestdata(t, tc.file), tc.policy))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Lint(%s, %+v) codes (-want +got):\n%s", tc.file, tc.policy, diff)
			}
		})
	}
}

// The messages must tell the user what to do, in the words the issue names.
func TestLintMessages(t *testing.T) {
	fs := Lint(parseTestdata(t, "sha1-1024.csr"), Policy{})
	if f, _ := find(fs, "weak-signature"); !strings.Contains(f.Message, "hash sha256") || !strings.Contains(f.Message, "trustpoint") {
		t.Errorf("weak-signature message %q does not name hash sha256 under the trustpoint", f.Message)
	}
	fs = Lint(parseTestdata(t, "case-mismatch.csr"), Policy{FQDN: "vgw3.example.com"})
	if f, _ := find(fs, "name-case-mismatch"); !strings.Contains(f.Message, "differs only in letter case") {
		t.Errorf("name-case-mismatch message %q does not say it differs only in letter case", f.Message)
	}
	fs = Lint(parseTestdata(t, "cucm-ms.csr"), Policy{})
	if f, _ := find(fs, "ms-suffix"); !strings.Contains(f.Message, `"cucm-pub.example.com"`) {
		t.Errorf("ms-suffix message %q does not give the plain FQDN", f.Message)
	}
	if f, _ := find(fs, "requested-usage"); f.Message != "the request asks for key usage digitalSignature, keyEncipherment, dataEncipherment and extended key usage serverAuth, clientAuth" {
		t.Errorf("requested-usage message = %q", f.Message)
	}
}

// TestLintBuilt covers the checks that need requests built in code.
func TestLintBuilt(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	build := func(tmpl *x509.CertificateRequest) *x509.CertificateRequest {
		der, err := x509.CreateCertificateRequest(rand.Reader, tmpl, key)
		if err != nil {
			t.Fatal(err)
		}
		req, err := Parse(der)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	for _, tc := range []struct {
		name   string
		tmpl   *x509.CertificateRequest
		policy Policy
		want   []string
	}{
		{"clean", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "gw"}, DNSNames: []string{"gw.example.com"}},
			Policy{Hostname: "gw", FQDN: "gw.example.com"}, []string{"info requested-usage"}},
		{"empty subject", &x509.CertificateRequest{DNSNames: []string{"gw.example.com"}},
			Policy{}, []string{"error empty-subject", "info requested-usage"}},
		{"wildcard for cucm", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "cucm.example.com"}, DNSNames: []string{"*.example.com"}},
			Policy{Service: "CallManager-ECDSA"}, []string{"error wildcard", "warning missing-eku", "info requested-usage"}},
		{"wildcard without service", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "*.example.com"}, DNSNames: []string{"*.example.com"}},
			Policy{}, []string{"info wildcard", "info requested-usage"}},
		{"ecdsa for CallManager", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "cucm.example.com"}, DNSNames: []string{"cucm.example.com"}},
			Policy{Service: "CallManager"}, []string{"warning key-type", "warning missing-eku", "info requested-usage"}},
		{"old -ms form", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "cucm.example.com-ms"}, DNSNames: []string{"cucm.example.com"}},
			Policy{FQDN: "cucm.example.com"}, []string{"warning ms-suffix", "info requested-usage"}},
		{"case of a SAN", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "gw"}, DNSNames: []string{"GW.example.com"}},
			Policy{Hostname: "gw", FQDN: "gw.example.com"}, []string{"error name-case-mismatch", "info requested-usage"}},
		{"no CN and no SAN", &x509.CertificateRequest{Subject: pkix.Name{Organization: []string{"Example Voice"}}},
			Policy{}, []string{"error no-name", "info requested-usage"}},
		{"no subject and no SAN", &x509.CertificateRequest{},
			Policy{}, []string{"error empty-subject", "error no-name", "info requested-usage"}},
		{"a SAN but no CN", &x509.CertificateRequest{Subject: pkix.Name{Organization: []string{"Example Voice"}}, DNSNames: []string{"gw.example.com"}},
			Policy{}, []string{"info requested-usage"}},
		{"a CN but no SAN", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "gw.example.com"}},
			Policy{}, []string{"warning no-san", "info requested-usage"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := codes(Lint(build(tc.tmpl), tc.policy))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("codes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLintKeySizes checks the RSA size rules on requests whose key is set
// directly, to avoid generating large keys; their signatures cannot verify.
func TestLintKeySizes(t *testing.T) {
	base := parseTestdata(t, "cucm-ms.csr")
	for _, tc := range []struct {
		bits    int
		service string
		want    string // the key-size finding, or "" for none
	}{
		{1024, "", "error key-too-small"},
		{2047, "", "error key-too-small"},
		{2048, "CallManager", ""},
		{3072, "", ""},
		{3072, "tomcat", ""},
		{3072, "CallManager", "warning key-over-2048"},
		{4096, "", ""},
		{8192, "", "warning key-too-large"},
	} {
		req := *base
		n := new(big.Int).Lsh(big.NewInt(1), uint(tc.bits-1))
		req.PublicKey = &rsa.PublicKey{N: n.Add(n, big.NewInt(1)), E: 65537}
		var got string
		for _, c := range codes(Lint(&req, Policy{Service: tc.service})) {
			if strings.HasSuffix(c, "key-too-small") || strings.HasSuffix(c, "key-too-large") || strings.HasSuffix(c, "key-over-2048") {
				got = c
			}
		}
		if got != tc.want {
			t.Errorf("%d bits, service %q: finding %q, want %q", tc.bits, tc.service, got, tc.want)
		}
	}
}

// An Ed25519 key: CUCM takes none, and most CAs refuse it.
func TestLintEd25519(t *testing.T) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: "cucm.example.com"}, DNSNames: []string{"cucm.example.com"}}, key)
	if err != nil {
		t.Fatal(err)
	}
	req, err := Parse(der)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		service string
		want    []string
	}{
		{"", []string{"warning key-type", "info requested-usage"}},
		{"CallManager", []string{"error key-type", "warning missing-eku", "info requested-usage"}},
		{"tomcat-ECDSA", []string{"error key-type", "info requested-usage"}},
		{"CAPF", []string{"error key-type", "info requested-usage"}},
	} {
		fs := Lint(req, Policy{Service: tc.service})
		if diff := cmp.Diff(tc.want, codes(fs)); diff != "" {
			t.Errorf("service %q codes (-want +got):\n%s", tc.service, diff)
		}
		if f, _ := find(fs, "key-type"); !strings.Contains(f.Message, "Ed25519") {
			t.Errorf("service %q: key-type message %q does not name Ed25519", tc.service, f.Message)
		}
	}
	if f, _ := find(Lint(req, Policy{Service: "tomcat-ECDSA"}), "key-type"); !strings.Contains(f.Message, "needs an ECDSA key") {
		t.Errorf("tomcat-ECDSA: key-type message %q does not ask for ECDSA", f.Message)
	}
}

// An unknown service is an error that names the valid ones, since the
// checks it asked for could not run.
func TestLintUnknownService(t *testing.T) {
	fs := Lint(parseTestdata(t, "vgw1.csr"), Policy{Service: "CallManger"})
	f, ok := find(fs, "unknown-service")
	if !ok || f.Severity != finding.Error {
		t.Fatalf("no error unknown-service in %v", codes(fs))
	}
	for _, s := range Services() {
		if !strings.Contains(f.Message, s) {
			t.Errorf("message %q does not name %s", f.Message, s)
		}
	}
	for _, s := range Services() {
		if _, ok := find(Lint(parseTestdata(t, "vgw1.csr"), Policy{Service: strings.ToUpper(s)}), "unknown-service"); ok {
			t.Errorf("Services() lists %q, but Lint does not know it", s)
		}
	}
}

// Services returns a copy: a caller cannot change what Lint accepts.
func TestServicesCopy(t *testing.T) {
	s := Services()
	s[0] = "Bogus"
	if Services()[0] != "CallManager" {
		t.Error("Services() shares its slice with Lint")
	}
}

// A nil request is a finding, not a panic; the helpers are nil-safe too.
func TestLintNil(t *testing.T) {
	if diff := cmp.Diff([]string{"error no-request"}, codes(Lint(nil, Policy{Service: "CallManager"}))); diff != "" {
		t.Errorf("Lint(nil) codes (-want +got):\n%s", diff)
	}
	if err := CheckSignature(nil); !errors.Is(err, ErrNoRequest) {
		t.Errorf("CheckSignature(nil) = %v, want ErrNoRequest", err)
	}
	if u, err := RequestedUsage(nil); err != nil || len(u.Extensions) != 0 {
		t.Errorf("RequestedUsage(nil) = %+v, %v", u, err)
	}
	if s := x509text.RequestSubject(nil); s != "" {
		t.Errorf("x509text.RequestSubject(nil) = %q", s)
	}
}

func TestSeverityString(t *testing.T) {
	got := []string{finding.Error.String(), finding.Warning.String(), finding.Info.String()}
	if diff := cmp.Diff([]string{"error", "warning", "info"}, got); diff != "" {
		t.Error(diff)
	}
}

// TestLintOddKeys covers keys Lint must refuse without panicking: a DSA
// key (as x509 reports it; the key itself is a stand-in, since crypto/dsa
// is deprecated) and one x509 could not read (nil).
func TestLintOddKeys(t *testing.T) {
	base := parseTestdata(t, "vgw1.csr")
	for name, pub := range map[string]any{
		"dsa":     struct{ Y *big.Int }{big.NewInt(3)},
		"unknown": nil,
	} {
		req := *base
		req.PublicKey = pub
		if name == "dsa" {
			req.PublicKeyAlgorithm = x509.DSA
		}
		fs := Lint(&req, Policy{})
		if _, ok := find(fs, "unsupported-key"); !ok {
			t.Errorf("%s key: no unsupported-key finding in %v", name, codes(fs))
		}
		if _, ok := find(fs, "bad-signature"); ok && pub == nil {
			t.Errorf("%s key: a signature that cannot be checked is reported as bad: %v", name, codes(fs))
		}
	}
}

// Nil keys of every type are sized 0, not a panic.
func TestKeyBitsNil(t *testing.T) {
	for name, pub := range map[string]any{
		"nil":                   nil,
		"nil *rsa":              (*rsa.PublicKey)(nil),
		"rsa without N":         &rsa.PublicKey{E: 65537},
		"nil *ecdsa":            (*ecdsa.PublicKey)(nil),
		"ecdsa no curve":        &ecdsa.PublicKey{},
		"nil ed25519":           ed25519.PublicKey(nil),
		"short ed25519":         ed25519.PublicKey{1, 2, 3},
		"nil *big.Int":          (*big.Int)(nil),
		"nil *ecdsa.PrivateKey": (*ecdsa.PrivateKey)(nil),
		"nil *rsa.PrivateKey":   (*rsa.PrivateKey)(nil),
	} {
		if got := x509text.KeyBits(pub); got != 0 {
			t.Errorf("x509text.KeyBits(%s) = %d, want 0", name, got)
		}
	}
}

// A request with no key, an unknown key, or a nil key of a known type is
// described in words, and Lint and CheckSignature do not panic.
func TestLintMissingKey(t *testing.T) {
	base := parseTestdata(t, "vgw1.csr")
	unknown := *base
	unknown.PublicKey, unknown.PublicKeyAlgorithm = nil, x509.UnknownPublicKeyAlgorithm
	nilRSA := *base
	nilRSA.PublicKey, nilRSA.PublicKeyAlgorithm = (*rsa.PublicKey)(nil), x509.RSA
	nilEC := *base
	nilEC.PublicKey, nilEC.PublicKeyAlgorithm = (*ecdsa.PublicKey)(nil), x509.ECDSA
	for _, tc := range []struct {
		name string
		req  *x509.CertificateRequest
		want string
	}{
		{"zero request", &x509.CertificateRequest{}, "the request has no public key: make a new request with an RSA 2048 or ECDSA P-256 key"},
		{"unknown key", &unknown, "the request has a public key of an unknown type, which certkit cannot read, and most CAs will not either: make a new request with an RSA 2048 or ECDSA P-256 key"},
		{"nil RSA key", &nilRSA, "the request's RSA public key is missing or unreadable: make a new request with an RSA 2048 or ECDSA P-256 key"},
		{"nil ECDSA key", &nilEC, "the request's ECDSA public key is missing or unreadable: make a new request with an RSA 2048 or ECDSA P-256 key"},
	} {
		f, ok := find(Lint(tc.req, Policy{Service: "CallManager"}), "unsupported-key")
		if !ok {
			t.Errorf("%s: no unsupported-key finding", tc.name)
			continue
		}
		if f.Message != tc.want {
			t.Errorf("%s: message\n got %q\nwant %q", tc.name, f.Message, tc.want)
		}
		if err := CheckSignature(tc.req); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%s: CheckSignature = %v, want errors.ErrUnsupported", tc.name, err)
		}
	}
}
