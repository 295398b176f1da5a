package ios

import (
	"bufio"
	"bytes"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/voicepki/certkit/pkg/finding"

	"github.com/google/go-cmp/cmp"
)

// TestPasteSessionGolden compares the whole paste session, character by
// character, with paste.golden, which internal/cmd/gen builds from openssl's
// PEM and fingerprint output rather than from this package.
func TestPasteSessionGolden(t *testing.T) {
	for _, tc := range []struct{ dir, tp string }{
		{"three", "gw1"}, // root, issuing CA, gateway
		{"four", "gw2"},  // root, policy CA, issuing CA, gateway
	} {
		t.Run(tc.dir, func(t *testing.T) {
			issuing := readCert(t, tc.dir+"/issuing.pem")
			gw := readCert(t, tc.dir+"/gateway.pem")
			p, err := PasteSession(tc.tp, issuing, gw, PasteOptions{Hostname: tc.tp})
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(testdataDir, tc.dir, "paste.golden"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), p.Text); diff != "" {
				t.Errorf("paste session differs from paste.golden (-want +got):\n%s", diff)
			}
			if len(p.Warnings) != 0 {
				t.Errorf("warnings for a gateway issued by its CA with CN = trustpoint: %v", p.Warnings)
			}
			// The issuing CA is an intermediate: what IOS does then is said
			// once, in docs/gateway.md, not on every run.
			if len(p.Notes) != 0 {
				t.Errorf("notes = %q, want none", p.Notes)
			}
		})
	}
}

// opensslRecord reads fingerprints.txt: for each "$ openssl x509 -noout
// -fingerprint -ALG -in FILE" line, the fingerprint openssl printed,
// keyed by "FILE ALG".
func opensslRecord(t *testing.T, dir string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdataDir, dir, "fingerprints.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cmdRE := regexp.MustCompile(`^\$ openssl x509 -noout -fingerprint -(md5|sha1) -in (\S+)$`)
	outRE := regexp.MustCompile(`(?i)^(md5|sha1) Fingerprint=([0-9A-F:]+)$`)
	rec := make(map[string]string)
	var key string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if m := cmdRE.FindStringSubmatch(sc.Text()); m != nil {
			key = m[2] + " " + m[1]
			continue
		}
		m := outRE.FindStringSubmatch(sc.Text())
		if m == nil || key == "" {
			t.Fatalf("fingerprints.txt: unexpected line %q", sc.Text())
		}
		rec[key] = m[2]
		key = ""
	}
	return rec
}

// iosFromOpenSSL rewrites openssl's "A3:9B:76:83:..." the way IOS prints it.
func iosFromOpenSSL(s string) string {
	hex := strings.ReplaceAll(s, ":", "")
	var groups []string
	for len(hex) > 8 {
		groups = append(groups, hex[:8])
		hex = hex[8:]
	}
	return strings.Join(append(groups, hex), " ")
}

// TestFingerprintsMatchOpenSSL checks every fingerprint against what
// openssl printed at generate time, and that the paste.golden comment line
// carries the issuing CA's.
func TestFingerprintsMatchOpenSSL(t *testing.T) {
	for _, dir := range []string{"three", "four"} {
		rec := opensslRecord(t, dir)
		if len(rec) == 0 {
			t.Fatalf("%s: fingerprints.txt records nothing", dir)
		}
		files, _ := filepath.Glob(filepath.Join(testdataDir, dir, "*.pem"))
		for _, f := range files {
			name := filepath.Base(f)
			c := readCert(t, dir+"/"+name)
			md5, sha1 := rec[name+" md5"], rec[name+" sha1"]
			if md5 == "" || sha1 == "" {
				t.Errorf("%s/%s: no openssl fingerprint recorded", dir, name)
				continue
			}
			if got, want := FingerprintMD5(c), iosFromOpenSSL(md5); got != want {
				t.Errorf("%s/%s: FingerprintMD5 = %q, openssl says %q", dir, name, got, want)
			}
			if got, want := FingerprintSHA1(c), iosFromOpenSSL(sha1); got != want {
				t.Errorf("%s/%s: FingerprintSHA1 = %q, openssl says %q", dir, name, got, want)
			}
		}
		golden, err := os.ReadFile(filepath.Join(testdataDir, dir, "paste.golden"))
		if err != nil {
			t.Fatal(err)
		}
		line := "! IOS will show Fingerprint MD5: " + iosFromOpenSSL(rec["issuing.pem md5"]) +
			" and Fingerprint SHA1: " + iosFromOpenSSL(rec["issuing.pem sha1"]) + "; answer yes only if they match\n"
		if !strings.Contains(string(golden), line) {
			t.Errorf("%s/paste.golden lacks the comment line with openssl's fingerprints:\n%s", dir, line)
		}
	}
}

func TestFingerprintFormat(t *testing.T) {
	c := readCert(t, "three/root.pem")
	re := regexp.MustCompile(`^[0-9A-F]{8}( [0-9A-F]{8}){3}$`)
	if got := FingerprintMD5(c); !re.MatchString(got) {
		t.Errorf("FingerprintMD5 = %q, want 4 groups of 8 uppercase hex digits", got)
	}
	re = regexp.MustCompile(`^[0-9A-F]{8}( [0-9A-F]{8}){4}$`)
	if got := FingerprintSHA1(c); !re.MatchString(got) {
		t.Errorf("FingerprintSHA1 = %q, want 5 groups of 8 uppercase hex digits", got)
	}
}

func TestPasteSessionWarnings(t *testing.T) {
	root := newTestCA(t, "Test Root", nil, nil)
	issuing := newTestCA(t, "Test Issuing", root, nil)
	other := newTestCA(t, "Other Issuing", root, nil)
	gw := newTestLeaf(t, "gw1", []string{"gw1.example.com"}, issuing, nil, nil)
	upper := newTestLeaf(t, "GW1", nil, issuing, nil, nil)
	fqdn := newTestLeaf(t, "gw1.example.com", nil, issuing, nil, nil)
	noCN := newTestLeaf(t, "", []string{"gw1.example.com"}, issuing, nil, nil)

	for _, tc := range []struct {
		name      string
		tp        string
		ca, gw    *x509.Certificate
		hostname  string
		wantCodes []finding.Code
	}{
		{"clean", "gw1", issuing.Cert, gw, "gw1", nil},
		{"wrong CA", "gw1", other.Cert, gw, "", []finding.Code{finding.CodeNotIssuedBy}},
		{"root instead of issuing CA", "gw1", root.Cert, gw, "", []finding.Code{finding.CodeNotIssuedBy}},
		// The trustpoint's name is free: never compared with the CN.
		{"trustpoint in capitals", "GW1", issuing.Cert, gw, "", nil},
		{"trustpoint is the FQDN SAN", "gw1.example.com", issuing.Cert, gw, "gw1", nil},
		{"case only vs hostname", "gw1", issuing.Cert, upper, "Gw1", []finding.Code{finding.CodeNameCaseMismatch}},
		{"case only vs hostname named like the trustpoint", "gw1", issuing.Cert, upper, "gw1", []finding.Code{finding.CodeNameCaseMismatch}},
		{"hostname differs", "gw1", issuing.Cert, gw, "gw2", []finding.Code{finding.CodeNameMismatch}},
		// The CA issued the CN as the FQDN: the hostname followed by a domain.
		{"fqdn CN vs hostname", "gw1", issuing.Cert, fqdn, "gw1", nil},
		{"fqdn CN vs another hostname", "gw1", issuing.Cert, fqdn, "gw10", []finding.Code{finding.CodeNameMismatch}},
		{"fqdn CN, no hostname", "gw1", issuing.Cert, fqdn, "", nil},
		{"no CN, a DNS SAN with the hostname and a domain", "gw1", issuing.Cert, noCN, "gw1", nil},
		{"no CN vs another hostname", "gw1", issuing.Cert, noCN, "gw2", []finding.Code{finding.CodeNameMismatch}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := PasteSession(tc.tp, tc.ca, tc.gw, PasteOptions{Hostname: tc.hostname})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantCodes, codes(p.Warnings)); diff != "" {
				t.Errorf("warning codes (-want +got):\n%s\n%v", diff, p.Warnings)
			}
		})
	}

	// A root pasted as the CA is self-signed: no note about intermediates,
	// and none about the trustpoint, which is the CN.
	p, err := PasteSession("gw1", root.Cert, gw, PasteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes for a self-signed root: %q", p.Notes)
	}
	// A trustpoint named otherwise is fine, and says so through Issuer
	// (TestIssuerTrustpointNote); the session alone has no note.
	p, err = PasteSession("voice-tp", root.Cert, gw, PasteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes for a free trustpoint: %q", p.Notes)
	}
}

func TestPasteSessionErrors(t *testing.T) {
	root := newTestCA(t, "Test Root", nil, nil)
	gw := newTestLeaf(t, "gw1", nil, root, nil, nil)
	for _, tp := range []string{"", "gw 1", "gw1\n", "gw?", "gw-é"} {
		if _, err := PasteSession(tp, root.Cert, gw, PasteOptions{}); !errors.Is(err, errInvalidName) {
			t.Errorf("PasteSession(%q) error = %v, want ErrInvalidName", tp, err)
		}
	}
	if _, err := PasteSession("gw1", nil, gw, PasteOptions{}); err == nil {
		t.Error("PasteSession with no CA: no error")
	}
}

// TestPasteSessionSHA1 checks that a gateway certificate signed with SHA-1
// by its CA is still recognised as issued by it: crypto/x509 refuses SHA-1
// signatures, but a broken-chain warning would send the user the wrong way.
func TestPasteSessionSHA1(t *testing.T) {
	root := newTestCA(t, "Test Root", nil, nil)
	issuing := newTestCA(t, "Test Issuing", root, nil)
	other := newTestCA(t, "Other Issuing", root, nil)
	gw := newTestLeaf(t, "gw1", nil, issuing, nil, func(c *x509.Certificate) {
		c.SignatureAlgorithm = x509.ECDSAWithSHA1
	})
	for _, tc := range []struct {
		ca   *x509.Certificate
		want []finding.Code
	}{
		{issuing.Cert, nil},
		{other.Cert, []finding.Code{finding.CodeNotIssuedBy}},
	} {
		p, err := PasteSession("gw1", tc.ca, gw, PasteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, codes(p.Warnings)); diff != "" {
			t.Errorf("CA %s: warning codes (-want +got):\n%s", tc.ca.Subject.CommonName, diff)
		}
	}
}
