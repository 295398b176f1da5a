package main

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/cisco/ios"
)

// ciscoData is the repository's testdata/cisco.
func ciscoData(rel string) string {
	return filepath.Join("..", "..", "testdata", "cisco", rel)
}

func TestIOSTrustpoint(t *testing.T) {
	code, out, errs := certkit(t, nil, "ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	want, err := ios.Trustpoint(ios.TrustpointOptions{Hostname: "gw1", Domain: "example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("manual trustpoint (-want +got):\n%s", diff)
	}
	if !strings.Contains(out, " enrollment terminal\n") || strings.Contains(out, "auto-enroll") {
		t.Errorf("manual trustpoint:\n%s", out)
	}

	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("chall3nge\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Flags may follow in any order; the password never comes from argv.
	code, out, errs = certkit(t, nil, "ios", "trustpoint", "--domain", "example.com", "--hostname", "gw1",
		"--enroll-url", "http://ca.example.com/certsrv/mscep/mscep.dll", "--auto-enroll", "70",
		"--source-interface", "GigabitEthernet0/0", "--password-file", pw)
	if code != exitOK {
		t.Fatalf("auto: exit %d, stderr %s", code, errs)
	}
	for _, line := range []string{
		" enrollment url http://ca.example.com/certsrv/mscep/mscep.dll\n",
		" password chall3nge\n",
		" source interface GigabitEthernet0/0\n",
		" auto-enroll 70\n",
		"crypto key generate rsa modulus 2048 exportable label gw1\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("auto trustpoint lacks %q:\n%s", line, out)
		}
	}

	// The default percentage with --enroll-url is 80.
	_, out, _ = certkit(t, nil, "ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com", "--enroll-url", "http://ca/")
	if !strings.Contains(out, " auto-enroll 80\n") {
		t.Errorf("default auto-enroll:\n%s", out)
	}
	// $CERTKIT_PASSWORD is for PKCS#12 files: it never lands in a config.
	t.Setenv("CERTKIT_PASSWORD", "pkcs12-secret")
	_, out, _ = certkit(t, nil, "ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com", "--enroll-url", "http://ca/")
	if strings.Contains(out, "pkcs12-secret") {
		t.Errorf("config holds $CERTKIT_PASSWORD:\n%s", out)
	}
}

func TestIOSUsage(t *testing.T) {
	for _, args := range [][]string{
		{"ios"},
		{"ios", "paste"},
		{"ios", "trustpoint"},
		{"ios", "trustpoint", "--hostname", "gw1"},
		{"ios", "trustpoint", "--hostname", "gw 1", "--domain", "example.com"},
		{"ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com", "--auto-enroll", "70"},
		{"ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com", "--enroll-url", "http://ca/", "--auto-enroll", "101"},
		{"ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com", "extra-file"},
		{"ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com", "--enroll-url", "http://ca/", "--password-file", "/nonexistent/pw"},
	} {
		code, out, errs := certkit(t, nil, args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
		if out != "" {
			t.Errorf("%q: wrote to stdout:\n%s", args, out)
		}
		if !strings.HasPrefix(errs, "certkit: ") && !strings.HasPrefix(errs, "usage: ") {
			t.Errorf("%q: stderr %q", args, errs)
		}
	}
	if code, _, _ := certkit(t, nil, "ios", "-h"); code != exitOK {
		t.Errorf("ios -h: exit %d", code)
	}
	if code, _, _ := certkit(t, nil, "ios", "trustpoint", "-h"); code != exitOK {
		t.Errorf("ios trustpoint -h: exit %d", code)
	}
}

// TestIOSPaste: issuer-for --ios prints the golden session, and no note
// for an intermediate CA (what IOS does then is said once, in the docs).
// The wrong CA and a hostname in capitals: exit 1 with warnings.
func TestIOSPaste(t *testing.T) {
	golden, err := os.ReadFile(ciscoData("three/paste.golden"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "issuer-for", "--ios", "gw1", ciscoData("three/gateway.pem"), ciscoData("three/issuing.pem"))
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	if diff := cmp.Diff(string(golden), out); diff != "" {
		t.Errorf("paste (-want +got):\n%s", diff)
	}
	if strings.Contains(errs, "certkit: note: ") {
		t.Errorf("a note on stderr:\n%s", errs)
	}
	code, _, errs = certkit(t, nil, "issuer-for", "--ios", "GW1", "--hostname", "GW1", ciscoData("three/gateway.pem"), ciscoData("four/issuing.pem"))
	if code != exitCheck {
		t.Errorf("wrong CA: exit %d, want %d", code, exitCheck)
	}
	if !strings.Contains(errs, "is missing") || !strings.Contains(errs, "warning: name-case-mismatch: ") {
		t.Errorf("stderr lacks the missing issuer and the letter case warning:\n%s", errs)
	}
}

// TestInspectAutoEnroll checks inspect --auto-enroll: the gateway
// certificate is valid 2025-01-01 to 2125-01-01, so at 80% IOS re-enrolls
// it 80 years (29,220 days) and 80% of the 24 leap-day hours in, at
// 2105-01-01 04:48:00.
func TestInspectAutoEnroll(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"inspect", "--auto-enroll", "80", ciscoData("three/gateway.pem")}, strings.NewReader(""), &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := "renews:           2105-01-01T04:48:00Z (auto-enroll 80: NotBefore + 80% of the lifetime)"
	if !strings.Contains(out.String(), want) {
		t.Errorf("inspect --auto-enroll 80 lacks %q:\n%s", want, out.String())
	}
	out.Reset()
	if code := run([]string{"inspect", "--json", "--auto-enroll", "80", ciscoData("three/gateway.pem")}, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Fatalf("--json: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"renews": "2105-01-01T04:48:00Z"`) {
		t.Errorf("inspect --json --auto-enroll 80 lacks the renews field:\n%s", out.String())
	}
	for _, bad := range []string{"0", "101", "-5"} {
		errb.Reset()
		if code := run([]string{"inspect", "--auto-enroll", bad, ciscoData("three/gateway.pem")}, strings.NewReader(""), &out, &errb); code != exitUsage {
			t.Errorf("--auto-enroll %s: exit %d, want %d", bad, code, exitUsage)
		}
	}
}

// TestIssuerForIOS runs the whole command an engineer types: the gateway's
// certificate and the CA's bundle in, the paste session out, character for
// character as the golden file (made from openssl's PEM and fingerprints)
// for the three-level and the four-level hierarchy.
func TestIssuerForIOS(t *testing.T) {
	for _, tc := range []struct{ dir, tp string }{{"three", "gw1"}, {"four", "gw2"}} {
		t.Run(tc.dir, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := []string{"issuer-for", "--ios", tc.tp, ciscoData(tc.dir + "/gateway.pem"), ciscoData(tc.dir + "/certnew.p7b")}
			if code := run(args, strings.NewReader(""), &out, &errb); code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
			}
			golden, err := os.ReadFile(ciscoData(tc.dir + "/paste.golden"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(golden), out.String()); diff != "" {
				t.Errorf("paste (-want +got):\n%s", diff)
			}
		})
	}

	// The trustpoint is free: named unlike the CN, even in capitals, the
	// paste session comes with a note and exit 0. --hostname is what the
	// CN must equal: in the wrong case, a warning naming both spellings
	// and exit 1, the text still printed.
	golden, err := os.ReadFile(ciscoData("three/paste.golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tp, hostname string
		code         int
		stderr       string
	}{
		{"GW1", "", exitOK, `certkit: note: trustpoint GW1 is not the CN "gw1": fine, a trustpoint may have any name; the hostname and RSA key label must be "gw1", letter case included`},
		{"gw1.example.com", "gw1", exitOK, `certkit: note: trustpoint gw1.example.com is not the CN "gw1": fine, a trustpoint may have any name; the hostname and RSA key label must be "gw1", letter case included`},
		{"gw1", "GW1", exitCheck, `certkit: warning: name-case-mismatch: the gateway certificate names "gw1" and the hostname is "GW1": they differ in letter case only, and letter case counts`},
		{"gw1", "gw2", exitCheck, `certkit: warning: name-mismatch: the gateway certificate names "gw1", "gw1.example.com", not the hostname "gw2" nor "gw2" followed by a domain`},
	} {
		args := []string{"issuer-for", "--ios", tc.tp, ciscoData("three/gateway.pem"), ciscoData("three/certnew.p7b")}
		if tc.hostname != "" {
			args = append(args, "--hostname", tc.hostname)
		}
		code, out, errs := certkit(t, nil, args...)
		if code != tc.code {
			t.Errorf("%q: exit %d, want %d\n%s", args, code, tc.code, errs)
		}
		if want := strings.ReplaceAll(string(golden), "gw1 certificate\n", tc.tp+" certificate\n"); out != strings.ReplaceAll(want, "authenticate gw1\n", "authenticate "+tc.tp+"\n") {
			t.Errorf("%q: stdout is not the paste session for trustpoint %s:\n%s", args, tc.tp, out)
		}
		if !strings.Contains(errs, tc.stderr+"\n") {
			t.Errorf("%q: stderr lacks\n%s\n:\n%s", args, tc.stderr, errs)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"issuer-for", "--ios", "gw1", "--json", ciscoData("three/gateway.pem")}, strings.NewReader(""), &out, &errb); code != exitUsage {
		t.Errorf("--ios with --json: exit %d, want %d", code, exitUsage)
	}
}

// TestIssuerForIOSRefusesCA: a CA certificate given as the gateway's is
// never pasted under crypto pki import: exit 2, saying what to give.
func TestIssuerForIOSRefusesCA(t *testing.T) {
	for _, args := range [][]string{
		{"issuer-for", "--ios", "gw1", ciscoData("three/issuing.pem"), ciscoData("three/root.pem")},
		{"issuer-for", "--ios", "gw1", ciscoData("three/certnew.p7b")},
		{"issuer-for", "--ios", "gw1", ciscoData("three/root.pem")},
	} {
		code, out, errs := certkit(t, nil, args...)
		if code != exitUsage || out != "" {
			t.Errorf("%q: exit %d, stdout %q; want %d and nothing pasted", args, code, out, exitUsage)
		}
		if !strings.Contains(errs, "CA certificates only: give the gateway's certificate (the one the CA issued for gw1) too") {
			t.Errorf("%q: stderr %q", args, errs)
		}
	}
	// The library refuses too, for any caller of PasteSession.
	root, issuing := loadCert(t, ciscoData("three/root.pem")), loadCert(t, ciscoData("three/issuing.pem"))
	if _, err := ios.PasteSession("gw1", root, issuing, ios.PasteOptions{}); !errors.Is(err, ios.ErrGatewayIsCA) ||
		!strings.HasPrefix(err.Error(), "ios: the certificate given as the gateway's, CN=Example Voice Issuing CA, is a CA certificate") {
		t.Errorf("PasteSession with a CA as the gateway: %v", err)
	}
}

// TestIssuerForIOSEmpty: an explicitly empty --ios is a mistake, not the
// plain PEM mode.
func TestIssuerForIOSEmpty(t *testing.T) {
	for _, tp := range []string{"", " "} {
		code, out, errs := certkit(t, nil, "issuer-for", "--ios", tp, ciscoData("three/gateway.pem"), ciscoData("three/certnew.p7b"))
		if code != exitUsage || out != "" || !strings.Contains(errs, "--ios is empty") {
			t.Errorf("--ios %q: exit %d, stdout %q, stderr %q", tp, code, out, errs)
		}
	}
}

// TestIOSTrustpointNames: the fqdn is HOSTNAME.DOMAIN, so a hostname with
// the domain in it, or a domain with a stray dot, would make a wrong fqdn
// line: exit 2 and say how to write it.
func TestIOSTrustpointNames(t *testing.T) {
	for _, tc := range []struct {
		hostname, domain, want string
	}{
		{"gw1.example.com", "example.com", "certkit: ios: hostname gw1.example.com holds a dot, but IOS writes the fqdn as hostname.domain: give the host name alone (gw1) and the domain separately (example.com)\nrun 'certkit ios trustpoint -h' for help\n"},
		{"gw1", ".example.com", "certkit: ios: domain .example.com has a dot at the start or end, or two in a row, but IOS writes the fqdn as hostname.domain: give it as example.com\nrun 'certkit ios trustpoint -h' for help\n"},
		{"gw1", "example.com.", "certkit: ios: domain example.com. has a dot at the start or end, or two in a row, but IOS writes the fqdn as hostname.domain: give it as example.com\nrun 'certkit ios trustpoint -h' for help\n"},
		{"gw1", "example..com", "certkit: ios: domain example..com has a dot at the start or end, or two in a row, but IOS writes the fqdn as hostname.domain: give it as example.com\nrun 'certkit ios trustpoint -h' for help\n"},
	} {
		code, out, errs := certkit(t, nil, "ios", "trustpoint", "--hostname", tc.hostname, "--domain", tc.domain)
		if code != exitUsage || out != "" {
			t.Errorf("--hostname %s --domain %s: exit %d, stdout:\n%s", tc.hostname, tc.domain, code, out)
		}
		if errs != tc.want {
			t.Errorf("--hostname %s --domain %s:\n got %q\nwant %q", tc.hostname, tc.domain, errs, tc.want)
		}
	}
}

// TestIOSTrustpointFlags: --auto-enroll at its default needs no
// --enroll-url; the SCEP password error says what is wrong without
// repeating the password.
func TestIOSTrustpointFlags(t *testing.T) {
	for _, p := range []string{"80", "0"} {
		code, out, errs := certkit(t, nil, "ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com", "--auto-enroll", p)
		if code != exitOK || strings.Contains(out, "auto-enroll") || !strings.Contains(out, " enrollment terminal\n") {
			t.Errorf("--auto-enroll %s without --enroll-url: exit %d, stderr %q, stdout:\n%s", p, code, errs, out)
		}
	}
	code, _, errs := certkit(t, nil, "ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com", "--auto-enroll", "70")
	if code != exitUsage || !strings.Contains(errs, "--auto-enroll needs --enroll-url") {
		t.Errorf("--auto-enroll 70 without --enroll-url: exit %d, stderr %q", code, errs)
	}

	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("open sesame\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "ios", "trustpoint", "--hostname", "gw1", "--domain", "example.com", "--enroll-url", "http://ca/", "--password-file", pw)
	want := "certkit: ios: character 5 of the challenge password is a space; IOS takes printable ASCII without spaces or \"?\"\n" +
		"run 'certkit ios trustpoint -h' for help\n"
	if code != exitUsage || out != "" || errs != want {
		t.Errorf("password with a space: exit %d, stdout %q, stderr\n got %q\nwant %q", code, out, errs, want)
	}
}

// TestInspectAutoEnrollNoLifetime: a certificate whose validity period is
// empty has no renewal moment; inspect says why instead of printing the
// year 1.
func TestInspectAutoEnrollNoLifetime(t *testing.T) {
	when := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "instant.example.com"}, NotBefore: when, NotAfter: when}
	path := testkit.WriteCertPEM(t, "instant.pem", testkit.SelfSignedDER(t, tmpl))
	code, out, errs := certkit(t, nil, "inspect", "--auto-enroll", "80", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "renews:           - (") || strings.Contains(out, "0001-01-01") {
		t.Errorf("no reason given for the missing renewal moment:\n%s", out)
	}
	_, out, _ = certkit(t, nil, "inspect", "--json", "--auto-enroll", "80", path)
	if !strings.Contains(out, `"renews_error": "`) || strings.Contains(out, `"renews": "`) {
		t.Errorf("JSON lacks renews_error:\n%s", out)
	}
}

// TestIssuerForInputOrder: the gateway's certificate is found by name
// wherever it is among the files; the paste session is the same whichever
// file comes first.
func TestIssuerForInputOrder(t *testing.T) {
	gw, issuing, root := ciscoData("three/gateway.pem"), ciscoData("three/issuing.pem"), ciscoData("three/root.pem")
	want, _, code := cli("issuer-for", "--ios", "gw1", gw, issuing, root)
	if code != exitOK || want == "" {
		t.Fatalf("gateway first: exit %d", code)
	}
	for _, args := range [][]string{
		{"issuer-for", "--ios", "gw1", issuing, gw, root},
		{"issuer-for", "--ios", "gw1", root, issuing, gw},
		{"issuer-for", "--ios", "voice-tp", "--hostname", "gw1", root, issuing, gw},
	} {
		got, errs, code := cli(args...)
		if code != exitOK {
			t.Errorf("%q: exit %d: %s", args, code, errs)
		}
		want := strings.ReplaceAll(want, " gw1", " "+args[2])
		if got != want {
			t.Errorf("%q: the paste session differs from the one with the gateway first:\n%s", args, cmp.Diff(want, got))
		}
	}
}

// TestIssuerForFQDNCN: the README's sample gateway has the CN
// vgw1.example.com; its hostname is vgw1. That is the name rule's match,
// with no warning, no note asking for a hostname with a dot, and exit 0.
func TestIssuerForFQDNCN(t *testing.T) {
	sample := "../../testdata/samples/certnew.p7b"
	out, errs, code := cli("issuer-for", "--ios", "vgw1", "--hostname", "vgw1", sample)
	if code != exitOK || !strings.HasPrefix(out, "crypto pki authenticate vgw1\n") {
		t.Errorf("exit %d, stdout %.40q", code, out)
	}
	if strings.Contains(errs, "warning") || strings.Contains(errs, ".example.com\" exactly") || strings.Contains(errs, "note:") {
		t.Errorf("stderr:\n%s", errs)
	}
	// A hostname in other letters is a warning naming both spellings.
	_, errs, code = cli("issuer-for", "--ios", "vgw1", "--hostname", "VGW1", sample)
	if code != exitCheck || !strings.Contains(errs, `warning: name-case-mismatch: the gateway certificate names "vgw1.example.com" and the hostname is "VGW1"`) {
		t.Errorf("VGW1: exit %d:\n%s", code, errs)
	}
}
