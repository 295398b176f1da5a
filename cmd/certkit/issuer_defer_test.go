package main

import (
	"bytes"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIssuerForNotesWhatItReads: among candidates holding certificates
// crypto/x509 refuses, issuer-for names the defects of the certificates
// it reads to answer (the target's file, the issuer and its issuers), and
// not those of the others, which it never parses.
func TestIssuerForNotesWhatItReads(t *testing.T) {
	dir := t.TempDir()
	bundle := filepath.Join(dir, "bundle.pem")
	var b []byte
	for _, n := range []string{"negative-serial", "crldp-dirname", "root", "time-offset"} {
		data, err := os.ReadFile(lenientPath(n))
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, data...)
	}
	if err := os.WriteFile(bundle, b, 0o644); err != nil {
		t.Fatal(err)
	}
	target := lenientPath("malformed-san")
	code, out, errs := certkit(t, nil, "issuer-for", target, bundle)
	if code != exitOK || !strings.Contains(out, "BEGIN CERTIFICATE") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "certkit: note: "+target+": ") || strings.Count(errs, "certkit: note:") != strings.Count(errs, "certkit: note: "+target+": ") {
		t.Errorf("want notes about the target's own defects only:\n%s", errs)
	}

	// The issuer's own defect is named, with its file.
	// Both are signed with DSA, a weak signature: exit 1 with that warning.
	code, _, errs = certkit(t, nil, "issuer-for", lenientPath("dsa-leaf"), lenientPath("dsa-inherited"), lenientPath("dsa-root"))
	if code != exitCheck || !strings.Contains(errs, "warning: weak-signature: ") || !strings.Contains(errs, "certkit: note: "+lenientPath("dsa-inherited")+": ") || !strings.Contains(errs, "inherited DSA parameters") {
		t.Errorf("issuer-for with a defective issuer: exit %d:\n%s", code, errs)
	}
}

// TestIssuerForUnreadableIssuer: a candidate named as the issuer that
// neither crypto/x509 nor the lenient reading accepts stops issuer-for,
// naming its file and subject; one not named is never read.
func TestIssuerForUnreadableIssuer(t *testing.T) {
	data, err := os.ReadFile(lenientPath("root"))
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(data)
	// Its key usage extension's value tagged NULL instead of OCTET
	// STRING: the certificate's names read, but not its extensions, in
	// any reader (openssl refuses it as an ASN.1 error too).
	der := bytes.Clone(blk.Bytes)
	i := bytes.Index(der, []byte{0x06, 0x03, 0x55, 0x1d, 0x0f, 0x01, 0x01, 0xff, 0x04})
	if i < 0 {
		t.Fatal("no key usage extension in root.pem")
	}
	der[i+8] = 0x05
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.pem")
	if err := os.WriteFile(broken, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "issuer-for", lenientPath("negative-serial"), broken)
	if code != exitUsage || out != "" || !strings.Contains(errs, "certkit: "+broken+": convert: the certificate of CN=Lenient Test Root") {
		t.Errorf("exit %d, stdout %q:\n%s", code, out, errs)
	}
}
