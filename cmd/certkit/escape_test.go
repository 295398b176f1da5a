package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/voicepki/certkit/internal/x509text"
)

// escapes is testdata/hostile/escapes: a root and a gateway certificate
// whose subject, SANs, AIA, OCSP and CRL URLs carry ESC, BEL, CSI, OSC,
// the C1 CSI and a right-to-left override, a second one whose SANs
// crypto/x509 refuses (read leniently), a CSR carrying them, and the
// gateway's configuration.
const escapes = "../../testdata/hostile/escapes/"

// terminalSafe returns what in out a terminal would act on: a byte below
// 0x20 other than tab and newline, DEL, a C1 control (U+0080 to U+009F,
// in UTF-8), a format character such as a right-to-left override, or a
// byte that is not UTF-8. It returns "" when there is none.
func terminalSafe(out string) string {
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		if r != '\t' && r != '\n' && x509text.Printable(string(r)) != string(r) || r == utf8.RuneError && size == 1 {
			from := max(0, i-40)
			return fmt.Sprintf("%q at byte %d, after %q", out[i:i+size], i, out[from:i])
		}
		i += size
	}
	return ""
}

// TestNothingPrintedDrivesTheTerminal runs every command that reads
// certificates, requests, configurations or store folders over the
// hostile files, in text and JSON, and checks that nothing they print on
// stdout or stderr holds a character a terminal acts on: ESC, BEL, CSI
// and OSC sequences (which clear the screen, set the window title, and
// colour a fake "all chains verified"), C1 controls, right-to-left
// overrides, and line breaks that start a line of their own are all
// escaped as \XX, as subjects are. The DER and PKCS#7 that convert writes
// to stdout are data, not text, and are left out.
func TestNothingPrintedDrivesTheTerminal(t *testing.T) {
	tmp := t.TempDir()
	// A store folder whose file names carry escapes (not on Windows,
	// which refuses control characters in file names).
	store := filepath.Join(tmp, "stores", "CallManager-trust")
	if err := os.MkdirAll(store, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"root.pem": "root.pem", "vgw9.pem": "vgw9.pem", "root-again.pem": "root.pem"} {
		if runtime.GOOS != "windows" && name == "root-again.pem" {
			name = "root\x1b]0;pwned\x07\x1b[2J.pem"
		}
		data, err := os.ReadFile(escapes + src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(store, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	leaf, root, chainFile, csrFile, config := escapes+"vgw9.pem", escapes+"root.pem", escapes+"chain.pem", escapes+"vgw9.csr", escapes+"vgw9-config.txt"
	lenient := escapes + "vgw10.pem" // its SANs crypto/x509 refuses
	out := func(name string) string { return filepath.Join(tmp, name) }
	commands := [][]string{
		{"inspect", chainFile, csrFile, config},
		{"inspect", "--json", chainFile, csrFile, config},
		{"inspect", "--auto-enroll", "80", leaf},
		{"inspect", lenient},
		{"inspect", "--json", lenient},
		{"order", lenient},
		{"order", "--json", lenient, root},
		{"order", "--fetch", leaf},
		{"order", "--fetch", "--json", lenient},
		{"issuer-for", "--fetch", leaf},
		{"cucm", lenient, root},
		{"convert", "--to", "pem", chainFile},
		{"convert", "--to", "pem", "--no-leaf", chainFile},
		{"convert", "--to", "pem", "--no-leaf", leaf},
		{"convert", "--to", "der", leaf},
		{"convert", "--to", "p7b", chainFile},
		{"order", chainFile},
		{"order", leaf},
		{"order", "--json", leaf},
		{"order", "--json", chainFile},
		{"order", "--verify", chainFile},
		{"split", "-o", out("split"), chainFile},
		{"split", "-o", out("split-leaf"), leaf},
		{"issuer-for", leaf, root},
		{"issuer-for", leaf},
		{"issuer-for", "--json", leaf},
		{"issuer-for", "--json", leaf, root},
		{"issuer-for", "--ios", "vgw9", leaf, root},
		{"issuer-for", "--ios", "vgw9", "--hostname", "vgw9", leaf, root},
		{"csr", csrFile},
		{"csr", "--json", csrFile},
		{"csr", "--hostname", "vgw9", "--service", "CallManager", csrFile},
		{"match", leaf, csrFile},
		{"cucm", chainFile},
		{"cucm", "--json", chainFile},
		{"cucm", "--service", "CallManager", "--trunk-subject", "vgw9.example.com", chainFile},
		{"cucm", "-o", out("cucm"), chainFile},
		{"cucm", leaf},
		{"cucm", "audit", "--gateways", leaf, filepath.Join(tmp, "stores")},
		{"cucm", "audit", "--json", "--gateways", leaf, filepath.Join(tmp, "stores")},
		{"cucm", "audit", "-o", out("audit"), filepath.Join(tmp, "stores")},
		{"ios", "audit", config},
		{"ios", "audit", "--json", config},
		{"ios", "audit", "--ca", root, config},
		{"ios", "trustpool", root},
		{"scan", escapes},
		{"scan", "--json", escapes},
		{"scan", filepath.Join(tmp, "stores")},
		{"scan", "-o", out("scan.csv"), escapes},
	}
	for _, args := range commands {
		code, stdout, stderr := certkit(t, nil, args...)
		// --no-leaf on the gateway certificate alone refuses (exit 2),
		// naming it.
		noCA := args[0] == "convert" && args[len(args)-1] == leaf
		if code > exitCheck && !noCA {
			t.Errorf("certkit %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
		binary := args[0] == "convert" && (args[2] == "der" || args[2] == "p7b")
		if bad := terminalSafe(stdout); bad != "" && !binary {
			t.Errorf("certkit %s: stdout holds %s", strings.Join(args, " "), bad)
		}
		if bad := terminalSafe(stderr); bad != "" {
			t.Errorf("certkit %s: stderr holds %s", strings.Join(args, " "), bad)
		}
	}
	// What the commands wrote to files is text too.
	for _, dir := range []string{"split", "split-leaf", "cucm", "audit"} {
		files, _ := filepath.Glob(filepath.Join(tmp, dir, "*"))
		for _, f := range files {
			if bad := terminalSafe(f); bad != "" {
				t.Errorf("%s wrote a file named %s", dir, bad)
			}
			data, _ := os.ReadFile(f)
			// The CSV ends its lines with CRLF, as spreadsheets want.
			if bad := terminalSafe(strings.ReplaceAll(string(data), "\r\n", "\n")); bad != "" {
				t.Errorf("%s holds %s", f, bad)
			}
		}
	}
}

// TestProbePrintsNoEscapes: what a hostile TLS server serves (a
// certificate whose subject, SANs, OCSP and CRL URLs carry ESC, BEL, OSC,
// CSI and a right-to-left override) reaches the terminal escaped, in
// probe's text and JSON, and --save names no file after it.
func TestProbePrintsNoEscapes(t *testing.T) {
	hostile := "gw\x1b]0;pwned\x07\x1b[2J9" // IA5String in SANs and URLs: ASCII only

	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: hostile + "\u202e", Organization: []string{"\x1b[32mall chains verified\x1b[0m"}},
		DNSNames: []string{hostile + ".example.com"}, OCSPServer: []string{"http://127.0.0.1:9/" + hostile}, CRLDistributionPoints: []string{"http://127.0.0.1:9/\x1b[2J.crl"},
		IssuingCertificateURL: []string{"http://127.0.0.1:9/\x07ca.crt"},
		NotBefore:             time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2120, 1, 1, 0, 0, 0, 0, time.UTC), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	addr := serveTLS(t, &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}})
	save := t.TempDir()
	for _, args := range [][]string{
		{"probe", addr},
		{"probe", "--json", addr},
		{"probe", "--servername", "gw9.example.com", addr},
		{"probe", "--save", save, addr},
	} {
		code, stdout, stderr := certkit(t, nil, args...)
		if code > exitCheck {
			t.Errorf("certkit %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
		if !strings.Contains(stdout, "pwned") { // shown, escaped: terminalSafe below
			t.Errorf("certkit %s: the served subject is not shown:\n%s", strings.Join(args, " "), stdout)
		}
		if bad := terminalSafe(stdout); bad != "" {
			t.Errorf("certkit %s: stdout holds %s", strings.Join(args, " "), bad)
		}
		if bad := terminalSafe(stderr); bad != "" {
			t.Errorf("certkit %s: stderr holds %s", strings.Join(args, " "), bad)
		}
	}
	files, _ := filepath.Glob(filepath.Join(save, "*"))
	if len(files) != 1 {
		t.Errorf("--save wrote %v, want the one served certificate", files)
	}
	for _, f := range files {
		if bad := terminalSafe(f); bad != "" {
			t.Errorf("--save wrote a file named %s", bad)
		}
	}
}
