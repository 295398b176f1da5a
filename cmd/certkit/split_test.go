package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
