package ios

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/finding"
)

// TestAnchorRootSession checks the sessions for the three- and four-level
// hierarchies: every CA above the issuing one authenticated in its own
// trustpoint, root first, each with the fingerprints IOS will show, each
// trustpoint below continuing to the one above, and the one-trustpoint
// session (paste.golden, built from openssl's output) at the end.
func TestAnchorRootSession(t *testing.T) {
	for _, tc := range []struct {
		dir, tp string
		cas     []string
		want    []string // the trustpoint commands, in order
	}{
		{"three", "gw1", []string{"root.pem", "issuing.pem"}, []string{
			"crypto pki trustpoint gw1-root", "crypto pki authenticate gw1-root",
			"crypto pki trustpoint gw1", " chain-validation continue gw1-root", "crypto pki authenticate gw1", "crypto pki import gw1 certificate"}},
		{"four", "gw2", []string{"root.pem", "policy.pem", "issuing.pem"}, []string{
			"crypto pki trustpoint gw2-root", "crypto pki authenticate gw2-root",
			"crypto pki trustpoint gw2-ca2", " chain-validation continue gw2-root", "crypto pki authenticate gw2-ca2",
			"crypto pki trustpoint gw2", " chain-validation continue gw2-ca2", "crypto pki authenticate gw2", "crypto pki import gw2 certificate"}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			var cas []*x509.Certificate
			for _, f := range tc.cas {
				cas = append(cas, readCert(t, tc.dir+"/"+f))
			}
			p, err := anchorRootSession(tc.tp, cas, readCert(t, tc.dir+"/gateway.pem"), PasteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Warnings) != 0 {
				t.Errorf("warnings: %v", p.Warnings)
			}
			var got []string
			for _, l := range strings.Split(p.Text, "\n") {
				if strings.HasPrefix(l, "crypto pki ") || strings.HasPrefix(l, " chain-validation") {
					got = append(got, l)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("commands (-want +got):\n%s", diff)
			}
			golden, err := os.ReadFile(filepath.Join(testdataDir, tc.dir, "paste.golden"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(p.Text, string(golden)) {
				t.Errorf("the session does not end with the one-trustpoint session of paste.golden:\n%s", p.Text)
			}
			// Each CA's PEM follows its authenticate line, and the ! line
			// after it gives that CA's fingerprints.
			blocks := regexp.MustCompile(`(?s)crypto pki authenticate \S+\n(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n)quit\n! IOS will show Fingerprint MD5: ([0-9A-F ]+) and Fingerprint SHA1: ([0-9A-F ]+);`).FindAllStringSubmatch(p.Text, -1)
			if len(blocks) != len(cas) {
				t.Fatalf("%d authenticate blocks, want %d", len(blocks), len(cas))
			}
			for i, m := range blocks {
				b, _ := pem.Decode([]byte(m[1]))
				if b == nil || string(b.Bytes) != string(cas[i].Raw) || m[2] != FingerprintMD5(cas[i]) || m[3] != FingerprintSHA1(cas[i]) {
					t.Errorf("block %d is not %s with its fingerprints", i+1, cas[i].Subject)
				}
			}
			// What is not confirmed about chain-validation is said once, in
			// the README, never in the session or its notes.
			if len(p.Notes) != 0 || strings.Contains(p.Text, "not confirmed") {
				t.Errorf("notes %q or the text repeat what the README says once", p.Notes)
			}
		})
	}
}

func TestAnchorRootSessionChecks(t *testing.T) {
	root, issuing, gw := readCert(t, "three/root.pem"), readCert(t, "three/issuing.pem"), readCert(t, "three/gateway.pem")
	if _, err := anchorRootSession("gw1", []*x509.Certificate{issuing}, gw, PasteOptions{}); !errors.Is(err, errInvalidOption) {
		t.Errorf("one CA: err = %v, want ErrInvalidOption", err)
	}
	// The hierarchy upside down: the issuing CA is not a root, and the
	// root was not issued by it.
	p, err := anchorRootSession("gw1", []*x509.Certificate{issuing, root}, gw, PasteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, w := range p.Warnings {
		codes = append(codes, string(w.Code))
	}
	if len(codes) < 3 {
		t.Errorf("warnings %v: want the gateway not issued by the last CA, the first not self-signed, the second not issued by the first", codes)
	}
	// Another hierarchy's root above the issuing CA.
	p, err = anchorRootSession("gw1", []*x509.Certificate{readCert(t, "four/root.pem"), issuing}, gw, PasteOptions{})
	if err != nil || len(p.Warnings) != 1 || p.Warnings[0].Code != finding.CodeNotIssuedBy {
		t.Errorf("a foreign root: %v, %v", p, err)
	}
}
