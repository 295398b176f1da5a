package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("changeit\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		out  string // the start of stdout
	}{
		{[]string{"match", csrData("vgw1.crt"), csrData("vgw1.key")}, exitOK, `match: the certificate CN=vgw1.example.com and the private key hold the same RSA 2048-bit public key`},
		{[]string{"match", csrData("vgw1.crt"), csrData("vgw1.csr")}, exitOK, "match: "},
		{[]string{"match", csrData("vgw1.crt"), csrData("ios-capture.txt")}, exitOK, "match: "},
		{[]string{"match", csrData("vgw1.crt"), csrData("ios-capture-utf16.txt")}, exitOK, "match: "},
		{[]string{"match", csrData("vgw1.crt"), csrData("vgw1.der")}, exitOK, "match: "},
		{[]string{"match", "--password-file", pwFile, csrData("vgw1.crt"), csrData("vgw1.pfx")}, exitOK, "match: "},
		{[]string{"match", csrData("vgw1.crt"), csrData("vgw1.pfx"), "--password-file", pwFile}, exitOK, "match: "},
		{[]string{"match", csrData("other.crt"), csrData("vgw1.key")}, exitCheck, "no match: "},
		{[]string{"match", csrData("other.crt"), csrData("vgw1.csr")}, exitCheck, "no match: "},
		{[]string{"match", csrData("vgw1.crt"), csrData("cucm-ms.csr")}, exitCheck, "no match: "},
		{[]string{"match", csrData("vgw1.crt"), csrData("vgw1.pfx")}, exitUsage, ""},     // no password
		{[]string{"match", csrData("vgw1.crt"), csrData("tampered.csr")}, exitUsage, ""}, // damaged CSR
		{[]string{"match", csrData("vgw1.crt"), csrData("other.crt")}, exitUsage, ""},    // no key or CSR
		{[]string{"match", csrData("vgw1.key"), csrData("vgw1.csr")}, exitUsage, ""},     // no certificate
		{[]string{"match", csrData("vgw1.crt"), csrData("missing.key")}, exitUsage, ""},
		{[]string{"match", csrData("vgw1.crt")}, exitUsage, ""},
	} {
		code, stdout, stderr := certkit(t, nil, tc.args...)
		if code != tc.code || !strings.HasPrefix(stdout, tc.out) {
			t.Errorf("certkit %s: exit %d, stdout %q; want exit %d, stdout starting %q; stderr:\n%s",
				strings.Join(tc.args, " "), code, stdout, tc.code, tc.out, stderr)
		}
		if code == exitUsage && !strings.HasPrefix(stderr, "certkit: ") && !strings.HasPrefix(stderr, "usage: ") {
			t.Errorf("certkit %s: stderr %q does not explain the failure", strings.Join(tc.args, " "), stderr)
		}
	}
}

func TestMatchPasswordFromEnvironment(t *testing.T) {
	t.Setenv("CERTKIT_PASSWORD", "changeit")
	code, stdout, stderr := certkit(t, nil, "match", csrData("vgw1.crt"), csrData("vgw1.pfx"))
	if code != exitOK {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// The wording says what was found: no double negative for a bundle, and
// the order hint only when the order was wrong.
func TestMatchWording(t *testing.T) {
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("changeit\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	chain := filepath.Join("..", "..", "testdata", "convert", "chain.p7b")
	for _, tc := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"match", chain, csrData("vgw1.key")}, exitCheck,
			"no match: none of the 3 certificates in " + chain + " holds the private key's public key (RSA 2048-bit)\n", ""},
		{[]string{"match", chain, csrData("vgw1.csr")}, exitCheck,
			"no match: none of the 3 certificates in " + chain + " holds the CSR's public key (RSA 2048-bit)\n", ""},
		{[]string{"match", csrData("other.crt"), csrData("vgw1.key")}, exitCheck,
			"no match: the certificate CN=cucm-pub.example.com and the private key (RSA 2048-bit key) hold different public keys\n", ""},
		{[]string{"match", csrData("vgw1.crt"), csrData("vgw1.crt")}, exitUsage, "",
			"certkit: " + csrData("vgw1.crt") + ": holds a certificate but no private key and no CSR\n" +
				"certkit: hint: certkit match compares a certificate with a private key, a CSR or a PKCS#12 file: give one of those second\n"},
		{[]string{"match", "--password-file", pwFile, csrData("vgw1.pfx"), csrData("vgw1.crt")}, exitUsage, "",
			"certkit: " + csrData("vgw1.crt") + ": holds a certificate but no private key and no CSR\n" +
				"certkit: hint: the certificate goes first: certkit match CERT KEY|CSR|PFX\n"},
		{[]string{"match", csrData("vgw1.key"), csrData("vgw1.crt")}, exitUsage, "",
			"certkit: " + csrData("vgw1.key") + ": convert: a private key but no certificate\n" +
				"certkit: hint: the certificate goes first: certkit match CERT KEY|CSR|PFX\n"},
	} {
		code, stdout, stderr := certkit(t, nil, tc.args...)
		if code != tc.code || stdout != tc.stdout || stderr != tc.stderr {
			t.Errorf("certkit %s: exit %d, want %d\nstdout %q\nwant   %q\nstderr %q\nwant   %q",
				strings.Join(tc.args, " "), code, tc.code, stdout, tc.stdout, stderr, tc.stderr)
		}
	}
}
