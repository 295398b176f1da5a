package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

func TestIOSTrustpoolCommand(t *testing.T) {
	code, out, errs := certkit(t, nil, "ios", "trustpool", "../../testdata/ios/trustpool/ios_core.p7b")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Count(out, "BEGIN CERTIFICATE") != 3 || strings.Contains(out, "Trustpool Signing") || !strings.Contains(out, "crypto pki trustpool import terminal\n") {
		t.Errorf("want the 3 inner CAs, not the outer signer:\n%s", out)
	}
	if !strings.Contains(errs, `signed by CN=Example Trustpool Signing`) || !strings.Contains(errs, "the signature verifies") {
		t.Errorf("stderr does not report the outer signer: %s", errs)
	}
	code, out, errs = certkit(t, nil, "ios", "trustpool", "../../testdata/ios/trustpool/custom-ca.pem", "../../testdata/ios/trustpool/gateway.pem")
	if code != exitUsage || out != "" || !strings.Contains(errs, "CN=verybiggw is not a CA certificate") {
		t.Errorf("a leaf: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestIssuerForAnchorRoot(t *testing.T) {
	dir := "../../testdata/cisco/three/"
	code, out, errs := certkit(t, nil, "issuer-for", "--ios", "gw1", "--anchor-root", dir+"gateway.pem", dir+"issuing.pem", dir+"root.pem")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "! 1. the root CA in a trustpoint of its own") || !strings.Contains(out, " chain-validation continue gw1-root\n") {
		t.Errorf("stdout:\n%s", out)
	}
	// What Cisco does not document is said once, in the README.
	if strings.Contains(errs, "not confirmed") || strings.Contains(errs, "note:") {
		t.Errorf("stderr repeats what the README says once: %s", errs)
	}
	// Without the root in the files: exit 1, naming it.
	code, _, errs = certkit(t, nil, "issuer-for", "--ios", "gw1", "--anchor-root", dir+"gateway.pem", dir+"issuing.pem")
	if code != exitCheck || !strings.Contains(errs, "Example Voice Root CA") {
		t.Errorf("no root: exit %d, %s", code, errs)
	}
	// --anchor-root alone is a usage error.
	if code, _, _ := certkit(t, nil, "issuer-for", "--anchor-root", dir+"gateway.pem"); code != exitUsage {
		t.Errorf("--anchor-root without --ios: exit %d", code)
	}
}

// TestIOSTrustpoolChecks: ios trustpool says which CAs are expired or
// expiring at --at and exits 1; on cfssl's public bundle of roots (beside
// the repository; skipped without it) it names each expired root.
func TestIOSTrustpoolChecks(t *testing.T) {
	custom := "../../testdata/ios/trustpool/custom-ca.pem"
	code, out, errs := certkit(t, nil, "ios", "trustpool", "--at", "2126-01-01", custom)
	if code != exitCheck || !strings.Contains(out, "crypto pki trustpool import terminal") ||
		strings.Count(errs, "certkit: error: expired: ") != 2 || !strings.Contains(errs, `CN=Example Voice Root CA expired on 2125-01-01`) {
		t.Errorf("expired CAs: exit %d, stderr:\n%s", code, errs)
	}
	code, _, errs = certkit(t, nil, "ios", "trustpool", "--at", "2124-12-15", custom)
	if code != exitCheck || strings.Count(errs, "certkit: warning: expiring: ") != 2 {
		t.Errorf("expiring CAs: exit %d, stderr:\n%s", code, errs)
	}
	if code, _, errs := certkit(t, nil, "ios", "trustpool", "--at", "2124-12-15", "--warn-within", "7d", custom); code != exitOK {
		t.Errorf("--warn-within 7d: exit %d, stderr:\n%s", code, errs)
	}
	bundle := filepath.Join(testkit.PeerDir(t, "formats", "cfssl"), "bundler-ca-bundle.pem")
	code, _, errs = certkit(t, nil, "ios", "trustpool", "--at", "2030-01-01", bundle)
	if code != exitCheck || !strings.Contains(errs, `certkit: error: expired: CN=Baltimore CyberTrust Root expired on 2025-05-12`) {
		t.Errorf("cfssl's roots: exit %d, stderr:\n%s", code, errs)
	}
}
