package main

import (
	"strings"
	"testing"
)

func TestIOSTrustpoolCommand(t *testing.T) {
	code, out, errs := certkit(t, nil, "ios", "trustpool", "../../testdata/ios/trustpool/ios_core.p7b")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Count(out, "BEGIN CERTIFICATE") != 3 || strings.Contains(out, "Trustpool Signing") || !strings.Contains(out, "crypto pki trustpool import terminal\n") {
		t.Errorf("want the 3 inner CAs, not the outer signer:\n%s", out)
	}
	if !strings.Contains(errs, `signed by "Example Trustpool Signing"`) || !strings.Contains(errs, "the signature verifies") {
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
