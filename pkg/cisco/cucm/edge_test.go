package cucm

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/finding"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

// TestPasteSessionGatewayIsCA: a CA certificate given as the gateway's is
// refused, not pasted under crypto pki import.
// selfSignedPeer is a self-signed gateway certificate that is not a CA, as
// IOS makes with enrollment selfsigned.
func selfSignedPeer(t *testing.T, alg x509.SignatureAlgorithm) *x509.Certificate {
	t.Helper()
	key := ecKey(t)
	return issue(t, &x509.Certificate{
		Subject:            pkix.Name{CommonName: "gw9"},
		DNSNames:           []string{"gw9.example.com"},
		KeyUsage:           x509.KeyUsageDigitalSignature,
		ExtKeyUsage:        []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		SignatureAlgorithm: alg,
	}, key.Public(), nil, key)
}

// TestPlanPeerSelfSigned: a self-signed peer has no CA, so it is itself
// uploaded to the trust store, with no warning about a missing root.
func TestPlanPeerSelfSigned(t *testing.T) {
	gw := selfSignedPeer(t, 0)
	p, err := planChain([]*x509.Certificate{gw}, planOptions{Peer: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1 CallManager-trust gw9 01-CallManager-trust-gw9.pem"}, stepNames(p.Steps)); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	if len(p.Warnings) != 0 {
		t.Errorf("warnings for a clean self-signed peer: %v", p.Warnings)
	}
	// Signed with SHA-1: a self-signed certificate's own signature is
	// never checked by anyone who trusts it, so it is not flagged.
	gw = selfSignedPeer(t, x509.ECDSAWithSHA1)
	p, err = planChain([]*x509.Certificate{gw}, planOptions{Peer: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]finding.Code(nil), codes(p.Warnings)); diff != "" {
		t.Errorf("SHA-1 self-signed peer warnings (-want +got):\n%s\n%v", diff, p.Warnings)
	}
	// Without Peer it is CUCM's own certificate: one step as CallManager,
	// and it is a root, so no no-root warning.
	p, err = planChain([]*x509.Certificate{selfSignedPeer(t, 0)}, planOptions{Service: "CallManager-ECDSA"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1 CallManager-ECDSA gw9 01-CallManager-ECDSA-gw9.pem"}, stepNames(p.Steps)); diff != "" {
		t.Errorf("own self-signed steps (-want +got):\n%s", diff)
	}
	if len(p.Warnings) != 0 {
		t.Errorf("warnings for a self-signed CallManager-ECDSA certificate: %v", p.Warnings)
	}
}

// planPeerFile plans the certificates of a file of the public test data.
func planPeerFile(t *testing.T, rel ...string) *uploadPlan {
	t.Helper()
	return planPeerFileAt(t, time.Time{}, rel...)
}

// planPeerFileAt is planPeerFile with validity judged at at.
func planPeerFileAt(t *testing.T, at time.Time, rel ...string) *uploadPlan {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testkit.PeerDir(t, rel...)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := convert.Decode(b, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	upload, left, err := uploadChainOf(res.Certificates)
	if err != nil {
		t.Fatal(err)
	}
	p, err := planChain(upload, planOptions{Left: left, At: at})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlanSignaturesAsChain: Plan judges signatures as pkg/chain does, so
// an MD5-signed root and a self-signed leaf are roots, not "no-root"; a
// self-signed certificate's own MD5 or SHA-1 signature is not flagged
// (nobody checks it), and what a real public file holds (an expired root
// with a 1024-bit key) is.
func TestPlanSignaturesAsChain(t *testing.T) {
	// Windows' bundle: the Equifax root signed itself with MD5, has a
	// 1024-bit key and expired in 2020.
	p := planPeerFile(t, "formats", "boringssl", "windows.p7c")
	var got []finding.Code
	for _, w := range p.Warnings {
		if w.Certificate != nil && w.Certificate.Subject.CommonName == "Equifax Secure eBusiness CA-1" {
			got = append(got, w.Code)
		}
	}
	if diff := cmp.Diff([]finding.Code{finding.CodeExpired, finding.CodeKeyTooSmall}, got); diff != "" {
		t.Errorf("Equifax root warnings (-want +got):\n%s\n%v", diff, p.Warnings)
	}
	// A SHA-256 self-signed certificate with serverAuth and clientAuth,
	// judged before it expired (2023-04-15).
	at := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	p = planPeerFileAt(t, at, "formats", "certigo", "example-leaf.crt")
	if diff := cmp.Diff([]string{"1 CallManager example-leaf 01-CallManager-example-leaf.pem"}, stepNames(p.Steps)); diff != "" {
		t.Errorf("example-leaf steps (-want +got):\n%s", diff)
	}
	if len(p.Warnings) != 0 {
		t.Errorf("example-leaf warnings: %v", p.Warnings)
	}
	// The same, signed with MD5: its own signature, so no warning; today
	// it is expired.
	if p := planPeerFileAt(t, at, "formats", "certigo", "example-md5.crt"); len(p.Warnings) != 0 {
		t.Errorf("example-md5 warnings: %v", p.Warnings)
	}
	p = planPeerFile(t, "formats", "certigo", "example-md5.crt")
	if diff := cmp.Diff([]finding.Code{finding.CodeExpired}, codes(p.Warnings)); diff != "" {
		t.Errorf("example-md5 warnings (-want +got):\n%s\n%v", diff, p.Warnings)
	}
}

// TestPlanLeftCollision: after an AD CS re-key, the old issuing CA is left
// out of the plan, but it may already be in CallManager-trust: say which
// copy CUCM keeps.
func TestPlanLeftCollision(t *testing.T) {
	root := newTestCA(t, "Upload Root", nil, nil)
	oldCA := newTestCA(t, "Upload Issuing CA", root, nil)
	newCA := newTestCA(t, "Upload Issuing CA", root, nil) // same start date
	laterCA := newTestCA(t, "Upload Issuing CA", root, func(c *x509.Certificate) {
		c.NotBefore = testStart.AddDate(1, 0, 0)
	})
	for _, tc := range []struct {
		name   string
		newer  *testCA
		phrase string
	}{
		{"same start", newCA, "so if that copy is already there, CUCM keeps it, since step 2 does not start later (2025-01-01); delete it from CallManager-trust before step 2"},
		{"new copy starts later", laterCA, "so if that copy is already there, step 2 replaces it, since it starts later (2026-01-01)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cm := newTestLeaf(t, "cucm-pub.example.com", nil, tc.newer, nil, nil)
			upload, left, err := uploadChainOf([]*x509.Certificate{root.Cert, oldCA.Cert, tc.newer.Cert, cm})
			if err != nil {
				t.Fatal(err)
			}
			p, err := planChain(upload, planOptions{Left: left})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]finding.Code{codeSubjectCollision}, codes(p.Warnings)); diff != "" {
				t.Fatalf("warnings (-want +got):\n%s\n%v", diff, p.Warnings)
			}
			w := p.Warnings[0]
			if w.Certificate != oldCA.Cert || !strings.Contains(w.Message, tc.phrase) {
				t.Errorf("collision warning about %v: %q; want the old copy and %q", w.Certificate.NotBefore, w.Message, tc.phrase)
			}
			want := []string{"CN=Upload Issuing CA is not in the chain of CN=cucm-pub.example.com, so it is not in the plan"}
			if diff := cmp.Diff(want, p.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPlanEKUBySevice: SIP TLS needs serverAuth and clientAuth, which
// concerns CallManager (and CallManager-ECDSA) only.
func TestPlanEKUByService(t *testing.T) {
	root := newTestCA(t, "Root", nil, nil)
	serverOnly := func(c *x509.Certificate) { c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth} }
	rsaLeaf := newTestLeaf(t, "cucm", nil, root, nil, serverOnly)
	ecLeaf := newTestLeaf(t, "cucm", nil, root, ecKey(t).Public(), serverOnly)
	for _, tc := range []struct {
		service string
		leaf    *x509.Certificate
		want    []finding.Code
	}{
		{"CallManager", rsaLeaf, []finding.Code{finding.CodeMissingEKU}},
		{"CallManager-ECDSA", ecLeaf, []finding.Code{finding.CodeMissingEKU}},
		{"tomcat", rsaLeaf, nil},
		{"tomcat-ECDSA", ecLeaf, nil},
		{"CAPF", rsaLeaf, nil},
		{"ipsec", rsaLeaf, nil},
		{"TVS", rsaLeaf, nil},
	} {
		p, err := planChain([]*x509.Certificate{root.Cert, tc.leaf}, planOptions{Service: tc.service})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, codes(p.Warnings)); diff != "" {
			t.Errorf("%s warnings (-want +got):\n%s\n%v", tc.service, diff, p.Warnings)
		}
		for _, w := range p.Warnings {
			if !strings.Contains(w.Message, "SIP TLS needs both") {
				t.Errorf("%s: %q does not say why", tc.service, w.Message)
			}
		}
	}
	// "an ECDSA key", "an RSA key".
	for _, tc := range []struct {
		service string
		leaf    *x509.Certificate
		want    string
	}{
		{"CallManager", newTestLeaf(t, "cucm", nil, root, ecKey(t).Public(), nil), "CN=cucm has an ECDSA key, but CallManager takes an RSA key"},
		{"tomcat-ECDSA", newTestLeaf(t, "cucm", nil, root, nil, nil), "CN=cucm has an RSA key, but tomcat-ECDSA takes an ECDSA key"},
	} {
		p, err := planChain([]*x509.Certificate{root.Cert, tc.leaf}, planOptions{Service: tc.service})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Warnings) != 1 || p.Warnings[0].Message != tc.want {
			t.Errorf("%s: warnings %v, want %q", tc.service, p.Warnings, tc.want)
		}
	}
}

// TestErrorMessages: every error starts with "cisco: ", says what is wrong
// and matches its sentinel, whose own text carries the prefix too.
func TestErrorMessages(t *testing.T) {
	for _, s := range []error{errInvalidOption, ErrUnknownService, ErrServiceNotPlanned} {
		if !strings.HasPrefix(s.Error(), "cucm: ") {
			t.Errorf("sentinel %q lacks the cucm: prefix", s)
		}
	}
	_, err := LookupService("phone")
	if !errors.Is(err, ErrUnknownService) || !strings.HasPrefix(err.Error(), `cucm: unknown CUCM service "phone" (known: CallManager,`) {
		t.Errorf("unknown service: %v", err)
	}
}

// TestNilInputs: no exported function panics on nil certificates.
func TestNilInputs(t *testing.T) {
	if _, err := planChain([]*x509.Certificate{nil}, planOptions{}); !errors.Is(err, errInvalidOption) {
		t.Errorf("Plan(nil): error %v, want ErrInvalidOption", err)
	}
	root := newTestCA(t, "Root", nil, nil)
	if _, err := planChain([]*x509.Certificate{root.Cert}, planOptions{Left: []*x509.Certificate{nil}, PKCS7: [][]*x509.Certificate{{nil}}}); err != nil {
		t.Errorf("Plan with nil left-out and .p7b certificates: %v", err)
	}
	if _, err := CheckTrunkSubject("gw1", nil); !errors.Is(err, errInvalidOption) {
		t.Errorf("CheckTrunkSubject(nil): error %v, want ErrInvalidOption", err)
	}
	if _, _, err := uploadChainOf(nil); err == nil {
		t.Error("UploadChain(nil): no error")
	}
	if _, _, err := uploadChainOf([]*x509.Certificate{nil}); err == nil {
		t.Error("UploadChain([nil]): no error")
	}
}

// Zero values get messages that say what is missing.
func TestZeroValues(t *testing.T) {
	tc, err := CheckTrunkSubject("vgw1.example.com", &x509.Certificate{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`name-mismatch: "vgw1.example.com" matches neither the CN nor any SAN of a certificate with no subject and no serial number (it has no names)`}
	var got []string
	for _, w := range tc.Warnings {
		got = append(got, string(w.Code)+": "+w.Message)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trunk warnings (-want +got):\n%s", diff)
	}

}
