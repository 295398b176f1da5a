package main

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/convert"
)

// loadCert reads one PEM certificate.
func loadCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatalf("%s: no PEM", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCUCMPlan(t *testing.T) {
	// The CA's .p7b and the signed certificate, in either order.
	code, out, errs := certkit(t, nil, "cucm", ciscoData("three/cucm-pub.pem"), ciscoData("three/certnew.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var purposes []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[1] == "purpose" {
			purposes = append(purposes, f[0]+" "+f[2]+" "+strings.Join(f[3:], " "))
		}
	}
	want := []string{
		"1. CallManager-trust CN=Example Voice Root CA,O=Example Voice,C=US",
		"2. CallManager-trust CN=Example Voice Issuing CA,O=Example Voice,C=US",
		"3. CallManager CN=cucm-pub.example.com,O=Example Voice,C=US",
	}
	if diff := cmp.Diff(want, purposes); diff != "" {
		t.Errorf("steps (-want +got):\n%s\n%s", diff, out)
	}
	if errs != "" {
		t.Errorf("stderr for a clean plan: %s", errs)
	}
}

func TestCUCMJSON(t *testing.T) {
	code, out, errs := certkit(t, nil, "cucm", "--json", "--service", "tomcat", ciscoData("three/certnew.p7b"), ciscoData("three/cucm-pub.pem"))
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var got struct {
		Steps []struct {
			Step                           int
			Purpose, SHA256, Subject, File string
		}
		Warnings []struct{ Code, Message string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var steps []string
	for _, s := range got.Steps {
		steps = append(steps, strings.Join([]string{s.Purpose, s.File}, " "))
		if s.SHA256 != x509text.SHA256(loadCertForSubject(t, s.Subject)) {
			t.Errorf("step %d: sha256 %s does not match %s", s.Step, s.SHA256, s.Subject)
		}
	}
	// Without -o nothing is written, so no step names a file.
	want := []string{"tomcat-trust ", "tomcat-trust ", "tomcat "}
	if diff := cmp.Diff(want, steps); diff != "" {
		t.Errorf("JSON steps (-want +got):\n%s", diff)
	}
	if got.Warnings == nil || len(got.Warnings) != 0 {
		t.Errorf("warnings = %v, want []", got.Warnings)
	}
	for _, key := range []string{`"step": 1`, `"purpose": "tomcat-trust"`, `"sha256": "`, `"subject": "CN=`, `"warnings": []`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

// loadCertForSubject finds the three-level test certificate with subject s.
func loadCertForSubject(t *testing.T, s string) *x509.Certificate {
	t.Helper()
	for _, f := range []string{"root.pem", "issuing.pem", "cucm-pub.pem", "gateway.pem"} {
		c := loadCert(t, ciscoData("three/"+f))
		if c.Subject.String() == s {
			return c
		}
	}
	t.Fatalf("no test certificate with subject %s", s)
	return nil
}

func TestCUCMWriteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "upload")
	args := []string{"cucm", ciscoData("three/certnew.p7b"), ciscoData("three/cucm-pub.pem"), "-o", dir}
	if code, _, errs := certkit(t, nil, args...); code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	names := []string{
		"01-CallManager-trust-Example-Voice-Root-CA.pem",
		"02-CallManager-trust-Example-Voice-Issuing-CA.pem",
		"03-CallManager-cucm-pub.example.com.pem",
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if diff := cmp.Diff(names, got); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	for i, src := range []string{"root.pem", "issuing.pem", "cucm-pub.pem"} {
		want, _ := os.ReadFile(ciscoData("three/" + src))
		b, _ := os.ReadFile(filepath.Join(dir, names[i]))
		if string(b) != string(want) {
			t.Errorf("%s differs from testdata %s", names[i], src)
		}
	}

	// Again without --force: refuse before writing anything.
	marker := filepath.Join(dir, names[2])
	if err := os.WriteFile(marker, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
		t.Fatal(err)
	}
	code, _, errs := certkit(t, nil, args...)
	if code != exitUsage || !strings.Contains(errs, "--force") {
		t.Errorf("existing file: exit %d, stderr %q; want %d and a hint about --force", code, errs, exitUsage)
	}
	if _, err := os.Stat(filepath.Join(dir, names[0])); err == nil {
		t.Errorf("%s was written although a later file exists", names[0])
	}
	if b, _ := os.ReadFile(marker); string(b) != "mine" {
		t.Error("existing file overwritten without --force")
	}
	// With --force, everything is written.
	if code, _, errs := certkit(t, nil, append(args, "--force")...); code != exitOK {
		t.Fatalf("--force: exit %d, stderr %s", code, errs)
	}
	if b, _ := os.ReadFile(marker); string(b) == "mine" {
		t.Error("--force did not overwrite")
	}
}

func TestCUCMWarnings(t *testing.T) {
	root := loadCert(t, ciscoData("three/root.pem"))
	issuing := loadCert(t, ciscoData("three/issuing.pem"))
	leaf := loadCert(t, ciscoData("three/cucm-pub.pem"))
	// A .p7b that holds the device certificate.
	p7, err := convert.Encode([]*x509.Certificate{root, issuing, leaf}, convert.EncodeOptions{Format: convert.FormatPKCS7})
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "with-leaf.p7b")
	if err := os.WriteFile(f, p7, 0o644); err != nil {
		t.Fatal(err)
	}
	// It is what CAs send: a note (stderr and JSON), exit 0.
	code, out, errs := certkit(t, nil, "cucm", "--json", f)
	note := "a .p7b holds the device certificate CN=cucm-pub.example.com: CUCM takes a .p7b of CA certificates only, so upload the step files, not the .p7b"
	if code != exitOK || !strings.Contains(out, `"notes": [
    "`+note+`"`) || errs != "certkit: note: "+note+"\n" {
		t.Errorf("p7b with leaf: exit %d, want 0 and a note; stderr %s\n%s", code, errs, out)
	}
	// With --trunk-subject the gateway's certificate is not uploaded, so
	// its .p7b is not even noted.
	gwP7, err := convert.Encode([]*x509.Certificate{root, issuing, loadCert(t, ciscoData("three/gateway.pem"))}, convert.EncodeOptions{Format: convert.FormatPKCS7})
	if err != nil {
		t.Fatal(err)
	}
	gwFile := filepath.Join(t.TempDir(), "gw-with-leaf.p7b")
	if err := os.WriteFile(gwFile, gwP7, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := certkit(t, nil, "cucm", "--trunk-subject", "gw1", gwFile); code != exitOK || errs != "" {
		t.Errorf("--trunk-subject with a .p7b holding the gateway: exit %d, stderr %q; want 0 and nothing", code, errs)
	}

	// Two device certificates: picked by CN (--hostname, else a trunk
	// subject name), never by position; without a name that picks one,
	// nothing on stdout, the list, exit 2.
	both := []string{ciscoData("three/certnew.p7b"), ciscoData("three/cucm-pub.pem"), ciscoData("three/gateway.pem")}
	code, out, errs = certkit(t, nil, append([]string{"cucm"}, both...)...)
	if code != exitUsage || out != "" || !strings.HasPrefix(errs, `certkit: chain: the certificates hold 2 device certificates (CN=cucm-pub.example.com, CN=gw1); pick one by its CN`+"\n") ||
		!strings.Contains(errs, "certkit: hint: pick one with --hostname CN") {
		t.Errorf("two leaves: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = certkit(t, nil, append([]string{"cucm", "--hostname", "cucm-pub.example.com"}, both...)...)
	if code != exitOK || !strings.Contains(out, " 3. purpose CallManager       CN=cucm-pub.example.com,") {
		t.Errorf("--hostname cucm-pub.example.com: exit %d, stderr %s\n%s", code, errs, out)
	}
	code, out, errs = certkit(t, nil, append([]string{"cucm", "--trunk-subject", "gw1 gw1.example.com"}, both...)...)
	if code != exitOK || !strings.Contains(out, `SIP trunk X.509 subject names against CN=gw1:`) {
		t.Errorf("--trunk-subject gw1: exit %d, stderr %s\n%s", code, errs, out)
	}

	// Missing root.
	code, _, errs = certkit(t, nil, "cucm", ciscoData("three/issuing.pem"), ciscoData("three/cucm-pub.pem"))
	if code != exitCheck || !strings.Contains(errs, "warning: no-root: ") {
		t.Errorf("missing root: exit %d, stderr %q", code, errs)
	}

	for _, args := range [][]string{
		{"cucm"},
		{"cucm", "--service", "phone", ciscoData("three/root.pem")},
		{"cucm", "/nonexistent/file.pem"},
		{"cucm", "--trunk-subject", "gw1", ciscoData("three/certnew.p7b")},
	} {
		if code, _, _ := certkit(t, nil, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestCUCMTrunkSubject(t *testing.T) {
	code, out, errs := certkit(t, nil, "cucm", "--trunk-subject", "gw1.example.com;GW1:gw2", ciscoData("three/certnew.p7b"), ciscoData("three/gateway.pem"))
	if code != exitCheck {
		t.Errorf("exit %d, want %d", code, exitCheck)
	}
	// The gateway's own certificate is not uploaded to CUCM.
	if strings.Contains(out, " 3. purpose") || !strings.Contains(out, " 2. purpose CallManager-trust CN=Example Voice Issuing CA,") {
		t.Errorf("plan for a gateway:\n%s", out)
	}
	for _, line := range []string{
		"gw1.example.com          matches the SAN\n",
		"GW1                      matches the CN gw1 in letter case only\n",
		"gw2                      matches nothing\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("stdout lacks %q:\n%s", line, out)
		}
	}
	for _, w := range []string{"warning: name-case-mismatch: ", "warning: name-mismatch: "} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
	// All names match exactly: exit 0.
	if code, _, errs := certkit(t, nil, "cucm", "--trunk-subject", "gw1, gw1.example.com", ciscoData("three/certnew.p7b"), ciscoData("three/gateway.pem")); code != exitOK {
		t.Errorf("matching names: exit %d, stderr %s", code, errs)
	}
}

// ITLRecovery is a purpose CUCM has but certkit does not plan: the message
// says so instead of calling it unknown.
func TestCUCMITLRecovery(t *testing.T) {
	code, out, errs := certkit(t, nil, "cucm", "--service", "ITLRecovery", ciscoData("three/root.pem"))
	if code != exitUsage || out != "" {
		t.Errorf("exit %d, stdout %q; want exit %d and no output", code, out, exitUsage)
	}
	want := "certkit: cucm: ITLRecovery is a CUCM certificate purpose, but certkit does not plan its upload: its trust store, and whether CUCM accepts a CA-signed ITLRecovery certificate, are not confirmed\nrun 'certkit cucm -h' for help\n"
	if errs != want {
		t.Errorf("stderr\n got %q\nwant %q", errs, want)
	}
}
