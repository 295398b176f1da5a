package scep_test

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/finding"
	"github.com/voicepki/certkit/pkg/scep"
)

func codes(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Code))
	}
	return out
}

func hasCode(fs []finding.Finding, c finding.Code) bool {
	for _, f := range fs {
		if f.Code == c {
			return true
		}
	}
	return false
}

func depotCA(t *testing.T, s *testkit.SCEPServer) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Depot, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatal("depot ca.pem holds no PEM")
	}
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestProbeSCEPServer probes micromdm's scepserver: its capabilities, its
// CA with the fingerprints IOS prints, no RA, no findings on the caps.
func TestProbeSCEPServer(t *testing.T) {
	s := testkit.StartSCEPServer(t, "s3cret", "")
	ca := depotCA(t, s)
	r, err := scep.Probe(context.Background(), strings.Replace(s.URL, "http://", "http://admin:pw@", 1), scep.Options{CAIdent: "VGW1"})
	if err != nil {
		t.Fatal(err)
	}
	if r.URL != s.URL {
		t.Errorf("URL %q, want %q (user information dropped)", r.URL, s.URL)
	}
	for _, c := range []string{"SHA-256", "AES", "POSTPKIOperation"} {
		if !scep.HasCap(r.Caps, c) {
			t.Errorf("caps %q lack %s", r.Caps, c)
		}
	}
	if len(r.CA) != 1 || !r.CA[0].Equal(ca) || r.Authenticate != r.CA[0] {
		t.Fatalf("CA %v, want the depot's CA", r.CA)
	}
	if r.MD5 != ios.FingerprintMD5(ca) || r.SHA1 != ios.FingerprintSHA1(ca) || len(r.SHA1) != 44 {
		t.Errorf("fingerprints %q %q", r.MD5, r.SHA1)
	}
	if len(r.RA) != 0 || len(r.NextCA) != 0 {
		t.Errorf("RA %v next %v, want none", r.RA, r.NextCA)
	}
	if len(r.Findings) != 0 {
		t.Errorf("findings %q, want none", codes(r.Findings))
	}
	if r.Requests != 2 {
		t.Errorf("%d requests, want 2 (GetCACaps, GetCACert)", r.Requests)
	}
}

// TestEnrollSCEPServer enrolls with the right challenge: the CA issues a
// certificate for the subject, signed by its CA, checked; then a wrong
// challenge is refused in words.
func TestEnrollSCEPServer(t *testing.T) {
	s := testkit.StartSCEPServer(t, "s3cret", "")
	ca := depotCA(t, s)
	opts := scep.EnrollOptions{Challenge: "s3cret", Subject: pkix.Name{CommonName: "vgw1.example.com"},
		DNSNames: []string{"vgw1.example.com"}, Hostname: "vgw1", TrunkSubject: "VGW1.example.com", AutoEnroll: 80}
	r, err := scep.Enroll(context.Background(), s.URL, opts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != scep.StatusSuccess || r.Certificate == nil {
		t.Fatalf("status %s, findings %q", r.Status, codes(r.Findings))
	}
	c := r.Certificate
	if c.Subject.CommonName != "vgw1.example.com" || c.CheckSignatureFrom(ca) != nil {
		t.Errorf("issued %s by %s", c.Subject, c.Issuer)
	}
	if !r.Key.PublicKey.Equal(c.PublicKey) {
		t.Error("the issued certificate does not certify the request's key")
	}
	want, _ := ios.RenewalTime(c, 80)
	if !r.RenewAt.Equal(want) || r.RenewAt.IsZero() {
		t.Errorf("renew at %v, want %v", r.RenewAt, want)
	}
	if !hasCode(r.Findings, "scep-issued") {
		t.Errorf("findings %q lack %s", codes(r.Findings), "scep-issued")
	}
	// scepserver issues client certificates only (without
	// -sign-server-attrs): SIP over TLS needs serverAuth too.
	if !hasCode(r.Findings, finding.CodeMissingEKU) {
		t.Errorf("findings %q lack %s: scepserver's certificate has EKU %v", codes(r.Findings), finding.CodeMissingEKU, c.ExtKeyUsage)
	}
	// The trunk profile names the gateway in other letter case.
	if !hasCode(r.Findings, finding.CodeNameCaseMismatch) {
		t.Errorf("findings %q lack %s (--trunk-subject VGW1.example.com)", codes(r.Findings), finding.CodeNameCaseMismatch)
	}
	if hasCode(r.Findings, "scep-not-from-ca") || hasCode(r.Findings, finding.CodeExpired) {
		t.Errorf("findings %q", codes(r.Findings))
	}

	opts.Challenge = "wrong"
	r, err = scep.Enroll(context.Background(), s.URL, opts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != scep.StatusFailure || r.Certificate != nil || !r.Refused() || !hasCode(r.Findings, "scep-refused") {
		t.Fatalf("wrong challenge: status %s, findings %q", r.Status, codes(r.Findings))
	}
	if r.FailInfo != "badRequest" || !strings.Contains(r.Refusal, "challenge password is wrong or expired") {
		t.Errorf("refusal %q (%s)", r.Refusal, r.FailInfo)
	}
}
