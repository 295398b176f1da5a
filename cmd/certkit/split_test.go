package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/voicepki/certkit/internal/testkit"
)

// The sample holds the issuing CA, the gateway and the root, in that
// order; split numbers them root first along the chain.
var sampleFiles = []string{
	"01-root-Example-Voice-Root-CA.pem",
	"02-intermediate-Example-Voice-Issuing-CA.pem",
	"03-leaf-vgw1.example.com.pem",
}

// sampleChain is the common name in each of sampleFiles.
var sampleChain = []string{"Example Voice Root CA", "Example Voice Issuing CA", "vgw1.example.com"}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestSplit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errs := certkit(t, nil, "split", "-o", dir, convertData("samples/certnew.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if diff := cmp.Diff(sampleFiles, listDir(t, dir)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	for i, name := range sampleFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(sampleChain[i:i+1], decodedNames(t, data)); diff != "" {
			t.Errorf("%s holds (-want +got):\n%s", name, diff)
		}
		if !strings.Contains(out, filepath.Join(dir, name)) {
			t.Errorf("stdout does not name %s:\n%s", name, out)
		}
	}
}

func TestSplitNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	// Only the last target exists: split must refuse before writing the
	// first two.
	last := filepath.Join(dir, sampleFiles[2])
	if err := os.WriteFile(last, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "split", convertData("samples/certnew.p7b"), "-o", dir)
	if code != exitUsage || out != "" || !strings.Contains(errs, "already exists") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if diff := cmp.Diff([]string{sampleFiles[2]}, listDir(t, dir)); diff != "" {
		t.Errorf("something was written (-want +got):\n%s", diff)
	}
	if b, _ := os.ReadFile(last); string(b) != "keep me" {
		t.Error("the existing file changed")
	}
	code, _, errs = certkit(t, nil, "split", "--force", "-o", dir, convertData("samples/certnew.p7b"))
	if code != exitOK {
		t.Fatalf("--force: exit %d: %s", code, errs)
	}
	if diff := cmp.Diff(sampleFiles, listDir(t, dir)); diff != "" {
		t.Errorf("after --force (-want +got):\n%s", diff)
	}
}

func TestSplitJSON(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := certkit(t, nil, "split", "--json", "-o", dir, convertData("convert/chain.pem"), convertData("convert/chain.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []struct{ File, SHA256, Subject, Role string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var roles, files []string
	for _, g := range got {
		roles = append(roles, g.Role)
		files = append(files, filepath.Base(g.File))
		if len(g.SHA256) != 64 || g.Subject == "" {
			t.Errorf("incomplete entry %+v", g)
		}
	}
	if diff := cmp.Diff([]string{"root", "intermediate", "leaf"}, roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	want := []string{"01-root-Example-Convert-Root-CA.pem", "02-intermediate-Example-Convert-Issuing-CA.pem", "03-leaf-cube1.example.com.pem"}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

func TestSplitErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"split", "-o", dir},
		{"split", "-o", dir, convertData("convert/bad/image.png")},
		{"split", "-o", dir, convertData("convert/request.csr")},
		{"split", "-o", dir, convertData("convert/chain.pem"), convertData("convert/truncated.pem")},
	} {
		if code, _, _ := certkit(t, nil, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Errorf("files written despite errors: %q", names)
	}
}

// TestSplitNamesLikeCUCM: split and cucm -o label each certificate of the
// sample alike.
func TestSplitNamesLikeCUCM(t *testing.T) {
	splitDir, cucmDir := t.TempDir(), t.TempDir()
	if code, _, errs := certkit(t, nil, "split", "-o", splitDir, convertData("samples/certnew.p7b")); code != exitOK {
		t.Fatalf("split: exit %d: %s", code, errs)
	}
	// cucm exits 1 here, warning that the .p7b holds the device
	// certificate, but writes its files all the same.
	if code, _, errs := certkit(t, nil, "cucm", "-o", cucmDir, convertData("samples/certnew.p7b")); code != exitOK && code != exitCheck {
		t.Fatalf("cucm: exit %d: %s", code, errs)
	}
	var want, got []string
	for _, name := range listDir(t, splitDir) {
		want = append(want, strings.SplitN(name, "-", 3)[2]) // after NN-role-
	}
	for _, name := range listDir(t, cucmDir) {
		label := strings.TrimPrefix(strings.SplitN(name, "-", 2)[1], "CallManager-") // after NN-
		got = append(got, strings.TrimPrefix(label, "trust-"))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels (split -want, cucm +got):\n%s", diff)
	}
}

// TestSplitNumberWidth: split of 100 certificates numbers the files 001 to
// 100, so that ls lists them in order.
func TestSplitNumberWidth(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var bundle []byte
	for i := 1; i <= 100; i++ {
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(int64(i)),
			Subject:               pkix.Name{CommonName: fmt.Sprintf("Root %d", i)},
			NotBefore:             time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:              time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
			BasicConstraintsValid: true,
			IsCA:                  true,
			KeyUsage:              x509.KeyUsageCertSign,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
		if err != nil {
			t.Fatal(err)
		}
		bundle = append(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	in := filepath.Join(t.TempDir(), "bundle.pem")
	if err := os.WriteFile(in, bundle, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if code, _, errs := certkit(t, nil, "split", "-o", dir, in); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	names := listDir(t, dir) // sorted by name, as ls lists them
	if len(names) != 100 {
		t.Fatalf("wrote %d files, want 100: %q", len(names), names)
	}
	var nums []string
	for _, n := range names {
		nums = append(nums, strings.SplitN(n, "-", 2)[0])
	}
	want := make([]string, 100)
	for i := range want {
		want[i] = fmt.Sprintf("%03d", i+1)
	}
	if diff := cmp.Diff(want, nums); diff != "" {
		t.Errorf("file numbers in ls order (-want +got):\n%s", diff)
	}
}

// TestSplitFailureMidway: split writes many files on both cores; when one
// of them cannot be written (here its name is a directory), every file
// before it is written, each file listed is there whole, no temporary file
// is left, and the error names the file.
func TestSplitFailureMidway(t *testing.T) {
	bundle := filepath.Join(testkit.PeerDir(t, "formats", "cfssl"), "bundler-int-bundle.pem")
	whole := t.TempDir()
	if code, _, errs := certkit(t, nil, "split", "-o", whole, bundle); code != exitOK {
		t.Fatalf("split: exit %d: %s", code, errs)
	}
	names := listDir(t, whole)
	if len(names) < 1000 {
		t.Fatalf("split wrote %d files", len(names))
	}
	dir := t.TempDir()
	bad := len(names) / 2
	if err := os.Mkdir(filepath.Join(dir, names[bad]), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "split", "--force", "-o", dir, bundle)
	if code != exitUsage || !strings.Contains(errs, filepath.Join(dir, names[bad])+": is a directory, not a file") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		name, _, _ := strings.Cut(line, "\t")
		listed[filepath.Base(name)] = true
	}
	for i, name := range names {
		if i == bad {
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if i < bad && err != nil {
			t.Errorf("%s, before the failure, was not written: %v", name, err)
		}
		if listed[name] {
			want, _ := os.ReadFile(filepath.Join(whole, name))
			if string(got) != string(want) {
				t.Errorf("%s is listed but does not hold its certificate", name)
			}
		} else if i < bad {
			t.Errorf("%s, before the failure, is not listed", name)
		}
	}
	for _, name := range listDir(t, dir) {
		if strings.Contains(name, ".tmp-") {
			t.Errorf("temporary file left: %s", name)
		}
	}
}
