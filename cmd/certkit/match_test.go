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
		{[]string{"match", csrData("vgw1.crt"), csrData("vgw1.key")}, exitOK, `match: the certificate "vgw1.example.com" and the private key hold the same RSA 2048-bit public key`},
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
		code, stdout, stderr := runCSRCmd(t, nil, tc.args...)
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
	code, stdout, stderr := runCSRCmd(t, nil, "match", csrData("vgw1.crt"), csrData("vgw1.pfx"))
	if code != exitOK {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
