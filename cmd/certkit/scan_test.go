package main

import (
	"crypto/x509"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/scan"
)

// scanArgs scan testdata/scan with its password, at a fixed time.
func scanArgs(t *testing.T, extra ...string) []string {
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("changeit\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"scan", "--at", "2026-12-07", "--password-file", pw}
	return append(append(args, extra...), "../../testdata/scan")
}

// TestScanGolden: the text and JSON of testdata/scan. The checks warn
// (an expired certificate, a small key) and a file is cut short: exit 1.
func TestScanGolden(t *testing.T) {
	code, out, errs := certkit(t, nil, scanArgs(t)...)
	if code != exitCheck || errs != "" {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errs)
	}
	golden(t, "scan.golden", out)
	code, out, errs = certkit(t, nil, scanArgs(t, "--json")...)
	if code != exitCheck || errs != "" {
		t.Fatalf("--json: exit %d, want 1; stderr:\n%s", code, errs)
	}
	var v struct {
		Certificates []struct {
			SHA256 string `json:"sha256"`
		} `json:"certificates"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || len(v.Certificates) != 9 {
		t.Fatalf("--json: %v, %d certificates, want 9", err, len(v.Certificates))
	}
	golden(t, "scan.json.golden", out)
}

// TestScanPasswordHint: without the password, the PKCS#12 file and the
// keystore are listed, and one hint says how to give it.
func TestScanPasswordHint(t *testing.T) {
	code, out, errs := certkit(t, nil, "scan", "../../testdata/scan")
	if code != exitCheck {
		t.Errorf("exit %d, want 1", code)
	}
	for _, f := range []string{"cucm/tomcat.pfx: convert: PKCS#12 protected by a password", "uccx/keystore.jks: convert: a Java keystore (JKS) protected by a password"} {
		if !strings.Contains(out, f) {
			t.Errorf("stdout lacks %q:\n%s", f, out)
		}
	}
	if want := "certkit: hint: give the PKCS#12 password with --password-file FILE or $CERTKIT_PASSWORD\n"; !strings.Contains(errs, want) || strings.Count(errs, "hint:") != 2 {
		t.Errorf("stderr:\n%s\nwant one hint per kind of file", errs)
	}
}

// TestScanCSV: -o writes one row per certificate, refuses to overwrite
// without --force, and escapes a cell a spreadsheet would run.
func TestScanCSV(t *testing.T) {
	out := filepath.Join(t.TempDir(), "scan.csv")
	code, _, errs := certkit(t, nil, scanArgs(t, "-o", out)...)
	if code != exitCheck || !strings.Contains(errs, "note: wrote ") {
		t.Fatalf("exit %d; stderr:\n%s", code, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 10 || rows[0][0] != "sha256" {
		t.Fatalf("%d rows, want a header and 9 certificates:\n%s", len(rows), data)
	}
	if rows[1][1] != "CN=cube-old.example.com,O=Example Voice" || rows[1][5] != "expired" {
		t.Errorf("first row %q, want the expired certificate first", rows[1])
	}
	code, _, errs = certkit(t, nil, scanArgs(t, "-o", out)...)
	if code != exitUsage || !strings.Contains(errs, "exists") {
		t.Errorf("second -o without --force: exit %d, stderr %s", code, errs)
	}
	code, _, _ = certkit(t, nil, scanArgs(t, "-o", out, "--force")...)
	if code != exitCheck {
		t.Errorf("--force: exit %d, want 1", code)
	}

	// A folder name a spreadsheet would run as a formula.
	der, err := os.ReadFile("../../testdata/scan/ca/root.cer")
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	res := &scan.Result{Certificates: []*scan.Certificate{{Cert: c, Role: chain.RoleRoot, Found: []scan.Place{{Dir: "=2+5+cmd|' /C calc'!A0", Path: "root.cer"}}}}}
	rows, err = csv.NewReader(strings.NewReader(string(scanCSV(res)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[1][9]; got != "'=2+5+cmd|' /C calc'!A0/root.cer" {
		t.Errorf("files cell %q, want it behind a '", got)
	}
}

// TestScanUsage: no DIR, a file for a DIR, and bad flags are exit 2.
func TestScanUsage(t *testing.T) {
	for _, args := range [][]string{
		{"scan"},
		{"scan", "../../testdata/scan/ca/root.cer"},
		{"scan", "--max-files", "0", "../../testdata/scan"},
		{"scan", "--max-bytes", "lots", "../../testdata/scan"},
		{"scan", "--force", "../../testdata/scan"},
		{"scan", "../../testdata/no-such-folder"},
	} {
		if code, _, errs := certkit(t, nil, args...); code != exitUsage || !strings.HasPrefix(errs, "certkit") {
			t.Errorf("%q: exit %d, want 2; stderr %s", args, code, errs)
		}
	}
}

// TestScanFileForDir: a file given for a DIR is named, with a hint.
func TestScanFileForDir(t *testing.T) {
	code, _, errs := certkit(t, nil, "scan", "../../testdata/scan/ca/root.cer")
	if code != exitUsage || !strings.Contains(errs, "certkit: hint: certkit scan takes folders; for a file, use certkit inspect") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
}

// TestScanStopped: a cap reached is a warning, with the partial result.
func TestScanStopped(t *testing.T) {
	code, out, errs := certkit(t, nil, scanArgs(t, "--max-files", "2")...)
	if code != exitCheck || !strings.Contains(errs, "certkit: warning: stopped at ") || !strings.Contains(out, "1 file read in 1 folder (572 bytes); 1 skipped") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// TestParseSize: --max-bytes in bytes, KiB, MiB and GiB.
func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, "100000000": 100000000, "1GiB": 1 << 30, "500MiB": 500 << 20, "64k": 64 << 10, " 2 GB ": 2 << 30} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "lots", "1TiB", "GiB", "9223372036854775807GiB"} {
		if got, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", in, got)
		}
	}
}

// FuzzParseSize: --max-bytes never panics, and a size it takes is
// positive.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1GiB", "500MiB", "100000000", "9223372036854775807", "1k", "-5M"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := parseSize(s); err == nil && n < 1 {
			t.Errorf("parseSize(%q) = %d", s, n)
		}
	})
}
