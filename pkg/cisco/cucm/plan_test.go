package cucm

import (
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/finding"

	"github.com/google/go-cmp/cmp"
)

// stepNames writes steps as "N purpose CN file" lines.
func stepNames(steps []Step) []string {
	var s []string
	for _, st := range steps {
		s = append(s, fmt.Sprintf("%d %s %s %s", st.Number, st.Purpose, st.Certificate.Subject.CommonName, st.File))
	}
	return s
}

func TestPlanOrder(t *testing.T) {
	root := newTestCA(t, "Test Root CA", nil, nil)
	inter := newTestCA(t, "Test Policy CA", root, nil)
	issuing := newTestCA(t, "Test Issuing CA", inter, nil)
	leaf := newTestLeaf(t, "cucm-pub.example.com", []string{"cucm-pub.example.com"}, issuing, nil, nil)

	p, err := planChain([]*x509.Certificate{root.Cert, inter.Cert, issuing.Cert, leaf}, planOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 CallManager-trust Test Root CA 01-CallManager-trust-Test-Root-CA.pem",
		"2 CallManager-trust Test Policy CA 02-CallManager-trust-Test-Policy-CA.pem",
		"3 CallManager-trust Test Issuing CA 03-CallManager-trust-Test-Issuing-CA.pem",
		"4 CallManager cucm-pub.example.com 04-CallManager-cucm-pub.example.com.pem",
	}
	if diff := cmp.Diff(want, stepNames(p.Steps)); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	if len(p.Warnings) != 0 || len(p.Notes) != 0 {
		t.Errorf("a clean chain gave warnings %v, notes %q", p.Warnings, p.Notes)
	}

	// CA certificates only: every step is a trust upload.
	p, err = planChain([]*x509.Certificate{root.Cert, inter.Cert}, planOptions{Service: "tomcat"})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{
		"1 tomcat-trust Test Root CA 01-tomcat-trust-Test-Root-CA.pem",
		"2 tomcat-trust Test Policy CA 02-tomcat-trust-Test-Policy-CA.pem",
	}
	if diff := cmp.Diff(want, stepNames(p.Steps)); diff != "" {
		t.Errorf("CA-only steps (-want +got):\n%s", diff)
	}
}

func TestPlanServices(t *testing.T) {
	root := newTestCA(t, "Root", nil, nil)
	rsaLeaf := newTestLeaf(t, "cucm", nil, root, nil, nil)
	ecLeaf := newTestLeaf(t, "cucm", nil, root, ecKey(t).Public(), nil)
	for _, tc := range []struct {
		service, trust, leaf string
		ecdsa                bool
	}{
		{"", "CallManager-trust", "CallManager", false},
		{"callmanager", "CallManager-trust", "CallManager", false},
		{"CallManager-ECDSA", "CallManager-trust", "CallManager-ECDSA", true},
		{"tomcat", "tomcat-trust", "tomcat", false},
		{"tomcat-ECDSA", "tomcat-trust", "tomcat-ECDSA", true},
		{"CAPF", "CAPF-trust", "CAPF", false},
		{"ipsec", "IPSec-trust", "ipsec", false},
		{"TVS", "TVS-trust", "TVS", false},
	} {
		leaf := rsaLeaf
		if tc.ecdsa {
			leaf = ecLeaf
		}
		p, err := planChain([]*x509.Certificate{root.Cert, leaf}, planOptions{Service: tc.service})
		if err != nil {
			t.Fatalf("service %q: %v", tc.service, err)
		}
		got := []string{p.Steps[0].Purpose, p.Steps[1].Purpose}
		if diff := cmp.Diff([]string{tc.trust, tc.leaf}, got); diff != "" {
			t.Errorf("service %q purposes (-want +got):\n%s", tc.service, diff)
		}
		if len(p.Warnings) != 0 {
			t.Errorf("service %q: warnings %v", tc.service, p.Warnings)
		}
		// What is confirmed of the -ECDSA trust stores is said once, in
		// the README, not in every plan.
		if len(p.Notes) != 0 {
			t.Errorf("service %q: notes %q", tc.service, p.Notes)
		}
	}
	if _, err := planChain([]*x509.Certificate{root.Cert}, planOptions{Service: "ITLRecovery-trust"}); !errors.Is(err, ErrUnknownService) {
		t.Errorf("unknown service: error %v, want ErrUnknownService", err)
	}
	// ITLRecovery is a CUCM purpose, but not one certkit plans: not
	// "unknown".
	for _, name := range []string{"ITLRecovery", "itlrecovery"} {
		_, err := planChain([]*x509.Certificate{root.Cert}, planOptions{Service: name})
		if !errors.Is(err, ErrServiceNotPlanned) || errors.Is(err, ErrUnknownService) {
			t.Errorf("service %q: error %v, want ErrServiceNotPlanned only", name, err)
		}
	}
}

func TestPlanErrors(t *testing.T) {
	root := newTestCA(t, "Root", nil, nil)
	leaf := newTestLeaf(t, "cucm", nil, root, nil, nil)
	if _, err := planChain(nil, planOptions{}); !errors.Is(err, errInvalidOption) {
		t.Errorf("no certificates: error %v, want ErrInvalidOption", err)
	}
	if _, err := planChain([]*x509.Certificate{root.Cert, nil, leaf}, planOptions{}); !errors.Is(err, errInvalidOption) {
		t.Errorf("nil certificate: error %v, want ErrInvalidOption", err)
	}
	if _, err := planChain([]*x509.Certificate{leaf, root.Cert}, planOptions{}); !errors.Is(err, errInvalidOption) {
		t.Errorf("leaf first: error %v, want ErrInvalidOption", err)
	}
}

// TestPlanWarnings has one case for each warning the issue lists, plus
// the chain-link checks.
func TestPlanWarnings(t *testing.T) {
	root := newTestCA(t, "Test Root CA", nil, nil)
	issuing := newTestCA(t, "Test Issuing CA", root, nil)
	good := newTestLeaf(t, "cucm", []string{"cucm.example.com"}, issuing, nil, nil)

	// Key rollover: the renewed root keeps its subject and starts later,
	// five years on, so it is not valid yet today (not-yet-valid).
	renewedRoot := newTestCA(t, "Test Root CA", nil, func(c *x509.Certificate) {
		c.NotBefore = testStart.AddDate(5, 0, 0)
	})
	// A link certificate: the renewed root's key, signed by the old root.
	link := newTestCA(t, "Test Root CA", root, func(c *x509.Certificate) {
		c.NotBefore = testStart.AddDate(5, 0, 0)
	})
	underLink := newTestCA(t, "Test Issuing CA 2", link, nil)
	leafUnderLink := newTestLeaf(t, "cucm", nil, underLink, nil, nil)

	shortIssuing := newTestCA(t, "Short Issuing CA", root, func(c *x509.Certificate) {
		c.NotAfter = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	})
	leafOfShort := newTestLeaf(t, "cucm", nil, shortIssuing, nil, nil)
	sha1Issuing := newTestCA(t, "SHA-1 Issuing CA", root, func(c *x509.Certificate) {
		c.SignatureAlgorithm = x509.ECDSAWithSHA1
	})
	leafOfSHA1 := newTestLeaf(t, "cucm", nil, sha1Issuing, nil, nil)
	otherRoot := newTestCA(t, "Other Root CA", nil, nil)

	leaf := func(mod func(*x509.Certificate)) *x509.Certificate {
		return newTestLeaf(t, "cucm", []string{"cucm.example.com"}, issuing, nil, mod)
	}
	chain := func(c ...*x509.Certificate) []*x509.Certificate { return c }

	for _, tc := range []struct {
		name    string
		certs   []*x509.Certificate
		opts    planOptions
		want    []finding.Code
		wantWin *x509.Certificate // for a collision, the certificate CUCM keeps
	}{
		{name: "clean", certs: chain(root.Cert, issuing.Cert, good)},
		// A .p7b holding the device certificate is what CAs send: a note
		// (TestPlanNotesP7BWithLeaf), not a warning.
		{name: "p7b holds the device certificate", certs: chain(root.Cert, issuing.Cert, good),
			opts: planOptions{PKCS7: [][]*x509.Certificate{{root.Cert, issuing.Cert, good}}}},
		{name: "p7b of CA certificates only", certs: chain(root.Cert, issuing.Cert, good),
			opts: planOptions{PKCS7: [][]*x509.Certificate{{root.Cert, issuing.Cert}}}},
		{name: "two roots share a subject, the later one wins", certs: chain(root.Cert, renewedRoot.Cert),
			want: []finding.Code{codeSubjectCollision, finding.CodeNotYetValid}, wantWin: renewedRoot.Cert},
		{name: "an earlier-starting copy does not replace the one there", certs: chain(renewedRoot.Cert, root.Cert),
			want: []finding.Code{codeSubjectCollision, finding.CodeNotYetValid}, wantWin: renewedRoot.Cert},
		{name: "link certificate collides with the old root", certs: chain(root.Cert, link.Cert, underLink.Cert, leafUnderLink),
			want: []finding.Code{codeSubjectCollision, finding.CodeNotYetValid}, wantWin: link.Cert},
		{name: "key over 4096 bits", certs: chain(root.Cert, issuing.Cert, newTestLeaf(t, "cucm", nil, issuing, fakeRSA(4160), nil)),
			opts: planOptions{Service: "tomcat"}, want: []finding.Code{finding.CodeKeyTooLarge}},
		{name: "key over 4096 bits on CallManager", certs: chain(root.Cert, issuing.Cert, newTestLeaf(t, "cucm", nil, issuing, fakeRSA(8192), nil)),
			want: []finding.Code{finding.CodeKeyTooLarge}},
		{name: "CallManager key over 2048 bits", certs: chain(root.Cert, issuing.Cert, newTestLeaf(t, "cucm", nil, issuing, fakeRSA(3072), nil)),
			want: []finding.Code{finding.CodeKeyOver2048}},
		{name: "tomcat may have 3072 bits", certs: chain(root.Cert, issuing.Cert, newTestLeaf(t, "cucm", nil, issuing, fakeRSA(3072), nil)),
			opts: planOptions{Service: "tomcat"}},
		{name: "ECDSA key on CallManager", certs: chain(root.Cert, issuing.Cert, newTestLeaf(t, "cucm", nil, issuing, ecKey(t).Public(), nil)),
			want: []finding.Code{finding.CodeKeyType}},
		{name: "wildcard SAN", certs: chain(root.Cert, issuing.Cert, leaf(func(c *x509.Certificate) { c.DNSNames = []string{"*.example.com"} })),
			want: []finding.Code{finding.CodeWildcard}},
		{name: "wildcard CN", certs: chain(root.Cert, issuing.Cert, leaf(func(c *x509.Certificate) { c.Subject.CommonName = "*.example.com" })),
			want: []finding.Code{finding.CodeWildcard}},
		{name: "SHA-1", certs: chain(root.Cert, sha1Issuing.Cert, leafOfSHA1),
			want: []finding.Code{finding.CodeWeakSignature}},
		{name: "serverAuth only", certs: chain(root.Cert, issuing.Cert, leaf(func(c *x509.Certificate) {
			c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		})), want: []finding.Code{finding.CodeMissingEKU}},
		{name: "no extended key usage", certs: chain(root.Cert, issuing.Cert, leaf(func(c *x509.Certificate) { c.ExtKeyUsage = nil })),
			want: []finding.Code{finding.CodeMissingEKU}},
		{name: "any extended key usage", certs: chain(root.Cert, issuing.Cert, leaf(func(c *x509.Certificate) {
			c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageAny}
		}))},
		{name: "intermediate expires before the leaf", certs: chain(root.Cert, shortIssuing.Cert, leafOfShort),
			want: []finding.Code{finding.CodeExpiresBeforeLeaf}},
		{name: "leaf not issued by the CA before it", certs: chain(otherRoot.Cert, good),
			want: []finding.Code{finding.CodeNotIssuedBy}},
		{name: "root missing", certs: chain(issuing.Cert, good),
			want: []finding.Code{codeNoRoot}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := planChain(tc.certs, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, codes(p.Warnings)); diff != "" {
				t.Errorf("warning codes (-want +got):\n%s\n%v", diff, p.Warnings)
			}
			if tc.wantWin != nil {
				for _, w := range p.Warnings {
					if w.Code == codeSubjectCollision && w.Certificate != tc.wantWin {
						t.Errorf("collision: CUCM keeps %v (from %v), want the one from %v", w.Certificate.Subject,
							w.Certificate.NotBefore, tc.wantWin.NotBefore)
					}
				}
			}
			for _, w := range p.Warnings {
				if w.Message == "" || w.Certificate == nil || strings.HasSuffix(w.Message, ".") {
					t.Errorf("warning %v: want a message without a final period, naming its certificate", w)
				}
			}
		})
	}
}

// TestPlanPeer plans the CA certificates CUCM needs to trust a gateway:
// the gateway's own certificate gets no step, but is still checked.
func TestPlanPeer(t *testing.T) {
	root := newTestCA(t, "Test Root CA", nil, nil)
	issuing := newTestCA(t, "Test Issuing CA", root, nil)
	gw := newTestLeaf(t, "gw1", []string{"gw1.example.com"}, issuing, fakeRSA(3072), func(c *x509.Certificate) {
		c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	})
	p, err := planChain([]*x509.Certificate{root.Cert, issuing.Cert, gw}, planOptions{Peer: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 CallManager-trust Test Root CA 01-CallManager-trust-Test-Root-CA.pem",
		"2 CallManager-trust Test Issuing CA 02-CallManager-trust-Test-Issuing-CA.pem",
	}
	if diff := cmp.Diff(want, stepNames(p.Steps)); diff != "" {
		t.Errorf("peer steps (-want +got):\n%s", diff)
	}
	// A 3072-bit gateway key is not CUCM's business; a missing clientAuth is.
	if diff := cmp.Diff([]finding.Code{finding.CodeMissingEKU}, codes(p.Warnings)); diff != "" {
		t.Errorf("peer warning codes (-want +got):\n%s\n%v", diff, p.Warnings)
	}
	if !strings.HasPrefix(p.Warnings[0].Message, "the peer certificate CN=gw1 ") {
		t.Errorf("warning %q does not name the peer certificate", p.Warnings[0].Message)
	}
}

// A certificate given twice, such as a root in both the chain file and the
// CA bundle, is uploaded once, without a collision with itself.
func TestPlanDuplicates(t *testing.T) {
	root := newTestCA(t, "Test Root CA", nil, nil)
	inter := newTestCA(t, "Test Issuing CA", root, nil)
	leaf := newTestLeaf(t, "cucm-pub.example.com", []string{"cucm-pub.example.com"}, inter, nil, nil)

	p, err := planChain([]*x509.Certificate{root.Cert, root.Cert, inter.Cert, leaf, inter.Cert, leaf}, planOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 CallManager-trust Test Root CA 01-CallManager-trust-Test-Root-CA.pem",
		"2 CallManager-trust Test Issuing CA 02-CallManager-trust-Test-Issuing-CA.pem",
		"3 CallManager cucm-pub.example.com 03-CallManager-cucm-pub.example.com.pem",
	}
	if diff := cmp.Diff(want, stepNames(p.Steps)); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	if len(p.Warnings) != 0 {
		t.Errorf("duplicates gave warnings %v", p.Warnings)
	}
	wantNotes := []string{
		"CN=Test Root CA is in the inputs more than once; it is uploaded once",
		"CN=Test Issuing CA is in the inputs more than once; it is uploaded once",
		"CN=cucm-pub.example.com is in the inputs more than once; it is uploaded once",
	}
	if diff := cmp.Diff(wantNotes, p.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

// TestPlanFileNumberWidth: in a plan of 100 steps or more, the file
// numbers have three digits, so that the files sort in step order.
func TestPlanFileNumberWidth(t *testing.T) {
	var certs []*x509.Certificate
	var parent *testCA
	for i := 1; i <= 100; i++ {
		ca := newTestCA(t, fmt.Sprintf("CA %d", i), parent, nil)
		certs = append(certs, ca.Cert)
		parent = ca
	}
	p, err := planChain(certs, planOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, s := range p.Steps {
		files = append(files, s.File)
	}
	if diff := cmp.Diff([]string{"001-CallManager-trust-CA-1.pem", "009-CallManager-trust-CA-9.pem", "010-CallManager-trust-CA-10.pem", "100-CallManager-trust-CA-100.pem"},
		[]string{files[0], files[8], files[9], files[99]}); diff != "" {
		t.Errorf("file names (-want +got):\n%s", diff)
	}
	if !slices.IsSorted(files) {
		t.Errorf("the file names do not sort in step order: %q", files)
	}
}

// TestPlanNotesP7BWithLeaf: a .p7b holding the device certificate gets a
// note, never a warning; with Peer (the gateway's certificate, which is not
// uploaded) not even that.
func TestPlanNotesP7BWithLeaf(t *testing.T) {
	root := newTestCA(t, "Note Root", nil, nil)
	issuing := newTestCA(t, "Note Issuing", root, nil)
	gw := newTestLeaf(t, "gw1", []string{"gw1.example.com"}, issuing, nil, nil)
	bundle := [][]*x509.Certificate{{root.Cert, issuing.Cert, gw}}
	p, err := planChain([]*x509.Certificate{root.Cert, issuing.Cert, gw}, planOptions{PKCS7: bundle})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a .p7b holds the device certificate CN=gw1: CUCM takes a .p7b of CA certificates only, so upload the step files, not the .p7b"}
	if diff := cmp.Diff(want, p.Notes); diff != "" || len(p.Warnings) != 0 {
		t.Errorf("notes (-want +got):\n%s\nwarnings %v", diff, p.Warnings)
	}
	p, err = planChain([]*x509.Certificate{root.Cert, issuing.Cert, gw}, planOptions{PKCS7: bundle, Peer: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Notes) != 0 || len(p.Warnings) != 0 {
		t.Errorf("with Peer: notes %q, warnings %v; want none", p.Notes, p.Warnings)
	}
}
