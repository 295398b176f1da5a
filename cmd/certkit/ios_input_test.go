package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandsTakeIOSConfigs: every command that reads certificates reads
// them out of an IOS configuration too.
func TestCommandsTakeIOSConfigs(t *testing.T) {
	cfg := "../../testdata/ios/config/full-config.txt"
	root := "../../testdata/ios/fleet/ca/root.pem"
	out := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"split", "-o", filepath.Join(out, "split"), cfg}, exitOK, "04-leaf-verybiggw.pem"},
		{[]string{"convert", "--to", "pem", "-o", "-", cfg}, exitOK, "-----BEGIN CERTIFICATE-----"},
		{[]string{"order", cfg, root}, exitOK, "-----BEGIN CERTIFICATE-----"},
		{[]string{"issuer-for", cfg}, exitOK, "-----BEGIN CERTIFICATE-----"},
		{[]string{"issuer-for", "--ios", "verybiggw", cfg}, exitOK, "crypto pki import verybiggw certificate"},
		{[]string{"cucm", "--trunk-subject", "verybiggw", cfg, root}, exitOK, "CallManager-trust"},
	} {
		code, stdout, stderr := certkit(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(stdout+stderr, tc.want) {
			t.Errorf("certkit %s: exit %d, want %d and %q:\n%s%s", strings.Join(tc.args, " "), code, tc.code, tc.want, stdout, stderr)
		}
	}
}

func TestInspectShowsTrustpoints(t *testing.T) {
	code, out, errs := certkit(t, nil, "inspect", "--json", "../../testdata/ios/config/several-chains.txt")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var files []inspectFile
	if err := json.Unmarshal([]byte(out), &files); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range files[0].Certificates {
		for _, x := range c.IOS {
			got = append(got, x.Trustpoint+"/"+x.Role)
		}
	}
	want := "TP-self-signed-3735928559/self-signed SLA-TrustPoint/ca verybiggw/device verybiggw/ca"
	if strings.Join(got, " ") != want {
		t.Errorf("trustpoints %v, want %s", got, want)
	}
}

// TestReferenceOnlyExits2: a configuration whose certificates are all
// references holds nothing to read: exit 2, naming the trustpoint and what
// to capture instead.
func TestReferenceOnlyExits2(t *testing.T) {
	code, _, errs := certkit(t, nil, "inspect", "../../testdata/ios/config/brief.txt")
	if code != exitUsage || !strings.Contains(errs, "trustpoints SLA-TrustPoint, verybiggw") || !strings.Contains(errs, "crypto pki export SLA-TrustPoint pem terminal") {
		t.Errorf("exit %d: %s", code, errs)
	}
	code, _, errs = certkit(t, nil, "order", "../../testdata/ios/config/reference-and-hex.txt", "../../testdata/ios/fleet/ca/root.pem")
	if code != exitOK || !strings.Contains(errs, "note:") || !strings.Contains(errs, "by reference only") {
		t.Errorf("a reference beside hex: exit %d: %s", code, errs)
	}
}

// TestSerialMismatchExits1: a header serial that is not the certificate's
// is a warning, and the commands that check exit 1 for it.
func TestSerialMismatchExits1(t *testing.T) {
	cfg := "../../testdata/ios/config/serial-mismatch.txt"
	root := "../../testdata/ios/fleet/ca/root.pem"
	for _, args := range [][]string{{"order", cfg, root}, {"issuer-for", cfg}} {
		code, _, errs := certkit(t, nil, args...)
		if code != exitCheck || !strings.Contains(errs, "warning:") || !strings.Contains(errs, "0BADC0DE") {
			t.Errorf("%v: exit %d: %s", args, code, errs)
		}
	}
	// inspect only reports.
	if code, _, errs := certkit(t, nil, "inspect", cfg); code != exitOK || !strings.Contains(errs, "0BADC0DE") {
		t.Errorf("inspect: exit %d: %s", code, errs)
	}
}
