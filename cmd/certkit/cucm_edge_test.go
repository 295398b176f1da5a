package main

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
)

// cucmSelfSignedGateway writes a self-signed gateway certificate that is
// not a CA (CN gw9, SAN gw9.example.com), as IOS makes with enrollment
// selfsigned, and returns its path.
func cucmSelfSignedGateway(t *testing.T) string {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(9),
		Subject:      pkix.Name{CommonName: "gw9"},
		DNSNames:     []string{"gw9.example.com"},
		NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	der := testkit.SelfSignedDER(t, tmpl)
	return testkit.WriteCertPEM(t, "gw9.pem", der)
}

// cucmPlanJSON is what the tests read of cucm --json.
type cucmPlanJSON struct {
	Steps []struct {
		Step          int
		Purpose, File string
	}
	Warnings []struct{ Code, Message string }
	Notes    []string
}

func decodeCUCMJSON(t *testing.T, out string) cucmPlanJSON {
	t.Helper()
	var got cucmPlanJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return got
}

// TestCUCMSelfSignedGateway: a self-signed gateway has no CA, so CUCM
// must trust the certificate itself: one CallManager-trust step, and no
// warning about a missing root.
func TestCUCMSelfSignedGateway(t *testing.T) {
	gw9 := cucmSelfSignedGateway(t)
	code, out, errs := certkit(t, nil, "cucm", "--trunk-subject", "gw9", gw9)
	if code != exitOK || errs != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", code, errs)
	}
	for _, line := range []string{
		" 1. purpose CallManager-trust CN=gw9\n",
		"(the gateway certificate CN=gw9 is self-signed: with no CA to trust it through, CUCM trusts it once it is itself uploaded as CallManager-trust)\n",
		"  gw9                      matches the CN\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("stdout lacks %q:\n%s", line, out)
		}
	}
	if strings.Contains(out, "through these CA certificates") {
		t.Errorf("stdout speaks of CA certificates there are none of:\n%s", out)
	}

	code, out, _ = certkit(t, nil, "cucm", "--json", "--trunk-subject", "gw9.example.com", gw9)
	got := decodeCUCMJSON(t, out)
	if code != exitOK || len(got.Steps) != 1 || got.Steps[0].Purpose != "CallManager-trust" || len(got.Warnings) != 0 {
		t.Errorf("--json: exit %d:\n%s", code, out)
	}
}

// TestCUCMTrunkSubjectEmpty: --trunk-subject given but empty is a
// mistake, not CUCM's own certificate.
func TestCUCMTrunkSubjectEmpty(t *testing.T) {
	for _, v := range []string{"", "  ", ", ;"} {
		code, out, errs := certkit(t, nil, "cucm", "--trunk-subject", v, ciscoData("three/certnew.p7b"), ciscoData("three/gateway.pem"))
		if code != exitUsage || out != "" || !strings.HasPrefix(errs, "certkit: cucm: --trunk-subject is empty") {
			t.Errorf("--trunk-subject %q: exit %d, stdout %q, stderr %q", v, code, out, errs)
		}
	}
}

// TestCUCMJSONFilesAndNotes: with -o, JSON names the paths written; every
// note printed is in JSON too; a re-keyed CA left out of the plan is a
// subject collision.
func TestCUCMJSONFilesAndNotes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "up2")
	renewed := filepath.Join("..", "..", "testdata", "chain", "adcs-renewed.p7b")
	code, out, errs := certkit(t, nil, "cucm", "--json", "-o", dir, renewed)
	if code != exitCheck {
		t.Errorf("exit %d, want %d", code, exitCheck)
	}
	got := decodeCUCMJSON(t, out)
	var files []string
	for _, s := range got.Steps {
		files = append(files, s.File)
		if _, err := os.Stat(s.File); err != nil {
			t.Errorf("JSON names %s, which was not written: %v", s.File, err)
		}
	}
	want := []string{
		filepath.Join(dir, "01-CallManager-trust-Example-Voice-Root-CA.pem"),
		filepath.Join(dir, "02-CallManager-trust-Example-Voice-Issuing-CA.pem"),
		filepath.Join(dir, "03-CallManager-vgw1.example.com.pem"),
	}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	wantNotes := []string{
		"CN=Example Voice Issuing CA is not in the chain of CN=vgw1.example.com, so it is not in the plan",
		"a .p7b holds the device certificate CN=vgw1.example.com: CUCM takes a .p7b of CA certificates only, so upload the step files, not the .p7b",
	}
	if diff := cmp.Diff(wantNotes, got.Notes); diff != "" {
		t.Errorf("JSON notes (-want +got):\n%s", diff)
	}
	for _, n := range got.Notes {
		if !strings.Contains(errs, "certkit: note: "+n+"\n") {
			t.Errorf("stderr lacks the note %q:\n%s", n, errs)
		}
	}
	if strings.Count(errs, "note: ") != len(got.Notes) {
		t.Errorf("stderr has notes JSON lacks:\n%s", errs)
	}
	var codes []string
	for _, w := range got.Warnings {
		codes = append(codes, w.Code)
		if w.Code == "subject-collision" && !strings.Contains(w.Message, "CUCM keeps it, since step 2 does not start later (2025-01-01)") {
			t.Errorf("collision warning does not say which copy CUCM keeps: %q", w.Message)
		}
	}
	// The leaf has an ECDSA key; its being in the .p7b is only a note.
	if diff := cmp.Diff([]string{"subject-collision", "key-type"}, codes); diff != "" {
		t.Errorf("warning codes (-want +got):\n%s", diff)
	}
}

// TestCUCMSignaturesAsChain: cucm calls a root what inspect, order and
// split call a root (pkg/chain's signature check, MD5 included); a
// self-signed certificate's own MD5 signature is not flagged, since
// nobody checks it, but its expiry is.
func TestCUCMSignaturesAsChain(t *testing.T) {
	formats := testkit.PeerDir(t, "formats")
	for _, f := range []string{"example-leaf.crt", "example-md5.crt"} {
		code, _, errs := certkit(t, nil, "cucm", "--at", "2022-01-01", filepath.Join(formats, "certigo", f))
		if code != exitOK || errs != "" {
			t.Errorf("%s, self-signed, before it expired: exit %d, stderr %q", f, code, errs)
		}
	}
	code, _, errs := certkit(t, nil, "cucm", filepath.Join(formats, "certigo", "example-md5.crt"))
	want := "certkit: error: expired: CN=example-md5 expired on 2023-04-15\n"
	if code != exitCheck || errs != want {
		t.Errorf("MD5 self-signed certificate, expired: exit %d, stderr\n got %q\nwant %q", code, errs, want)
	}
	_, _, errs = certkit(t, nil, "cucm", filepath.Join(formats, "boringssl", "windows.p7c"))
	if strings.Contains(errs, "no-root") || strings.Contains(errs, "weak-signature: \"Equifax Secure eBusiness CA-1\"") ||
		!strings.Contains(errs, "error: expired: CN=Equifax Secure eBusiness CA-1 expired on 2020-06-21") {
		t.Errorf("Windows bundle with an MD5 root:\n%s", errs)
	}
}
