package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

// TestSCEPCommands runs scep probe and scep enroll against micromdm's
// scepserver: the text and the JSON, the challenge refused, the key
// written once with mode 0600.
func TestSCEPCommands(t *testing.T) {
	s := testkit.StartSCEPServer(t, "s3cret", "")
	dir := t.TempDir()

	code, out, errs := certkit(t, nil, "scep", "probe", "--ca-ident", "VGW1", s.URL)
	if code != exitOK || !strings.Contains(out, "crypto pki authenticate shows:\n") || !strings.Contains(out, "Fingerprint SHA1: ") || errs != "" {
		t.Errorf("probe: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	code, out, errs = certkit(t, nil, "scep", "probe", "--json", s.URL)
	var pj map[string]any
	if err := json.Unmarshal([]byte(out), &pj); code != exitOK || err != nil {
		t.Fatalf("probe --json: exit %d, %v\n%s%s", code, err, out, errs)
	}
	for _, k := range []string{"url", "caps", "ca", "ra", "next_ca", "findings"} {
		if _, ok := pj[k]; !ok {
			t.Errorf("probe --json lacks %q:\n%s", k, out)
		}
	}
	ca := pj["ca"].([]any)[0].(map[string]any)
	for _, k := range []string{"sha256", "subject", "md5", "sha1"} {
		if ca[k] == "" || ca[k] == nil {
			t.Errorf("probe --json ca lacks %q: %v", k, ca)
		}
	}

	good := filepath.Join(dir, "challenge.txt")
	os.WriteFile(good, []byte("s3cret\r\n"), 0o600)
	keyOut := filepath.Join(dir, "vgw1.key")
	code, out, errs = certkit(t, nil, "scep", "enroll", "--json", "--challenge-file", good, "--subject", "CN=vgw1.example.com", "--dns", "vgw1.example.com",
		"--hostname", "vgw1", "--key-out", keyOut, s.URL)
	var ej struct {
		Certificate map[string]string `json:"certificate"`
		Findings    []map[string]any  `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &ej); err != nil || ej.Certificate == nil {
		t.Fatalf("enroll --json: exit %d, %v\n%s%s", code, err, out, errs)
	}
	for _, k := range []string{"subject", "issuer", "serial", "sha256", "not_after", "renew_at"} {
		if ej.Certificate[k] == "" {
			t.Errorf("enroll --json certificate lacks %q: %v", k, ej.Certificate)
		}
	}
	// scepserver issues clientAuth only: the EKU check warns, exit 1.
	if code != exitCheck || !strings.Contains(errs, "missing-eku") || !strings.Contains(errs, "scep-issued") || strings.Contains(errs+out, "s3cret") {
		t.Errorf("enroll: exit %d, stderr:\n%s", code, errs)
	}
	if fi, err := os.Stat(keyOut); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("--key-out: %v %v", fi, err)
	}
	if code, _, errs := certkit(t, nil, "scep", "enroll", "--challenge-file", good, "--subject", "vgw1", "--key-out", keyOut, s.URL); code != exitUsage || !strings.Contains(errs, "exists") {
		t.Errorf("--key-out over a key: exit %d, %s", code, errs)
	}

	// ios trustpoint --check asks the CA and prints the fingerprints
	// beside the configuration.
	code, out, errs = certkit(t, nil, "ios", "trustpoint", "--hostname", "vgw1", "--domain", "example.com", "--enroll-url", s.URL, "--check")
	if code != exitOK || !strings.Contains(out, " enrollment url "+s.URL+"\n") || !strings.Contains(out, "! checked "+s.URL+": crypto pki authenticate vgw1 will show ") ||
		!strings.Contains(out, "!        Fingerprint MD5: "+pj["ca"].([]any)[0].(map[string]any)["md5"].(string)+"\n") {
		t.Errorf("ios trustpoint --check: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if code, _, errs := certkit(t, nil, "ios", "trustpoint", "--hostname", "vgw1", "--domain", "example.com", "--check"); code != exitUsage || !strings.Contains(errs, "--check needs --enroll-url") {
		t.Errorf("--check without --enroll-url: exit %d, %s", code, errs)
	}

	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("wrong"), 0o600)
	code, out, errs = certkit(t, nil, "scep", "enroll", "--challenge-file", bad, "--subject", "CN=vgw1", s.URL)
	if code != exitCheck || !strings.Contains(out, "status    FAILURE") || !strings.Contains(errs, "challenge password is wrong or expired") {
		t.Errorf("wrong challenge: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// TestSCEPNotSCEP: an HTML page is exit 2 with one line naming it.
func TestSCEPNotSCEP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html>IIS</html>")
	}))
	defer srv.Close()
	code, out, errs := certkit(t, nil, "scep", "probe", strings.Replace(srv.URL, "http://", "http://u:hunter2@", 1))
	if code != exitUsage || out != "" || !strings.Contains(errs, "HTML page") || strings.Contains(errs, "hunter2") || strings.Count(errs, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if code, _, errs := certkit(t, nil, "scep", "enroll", "--subject", "vgw1", srv.URL); code != exitUsage || !strings.Contains(errs, "--challenge-file") {
		t.Errorf("enroll without a challenge: exit %d, %s", code, errs)
	}
	if code, _, _ := certkit(t, nil, "scep", "prob"); code != exitUsage {
		t.Errorf("scep prob: exit %d", code)
	}
}
