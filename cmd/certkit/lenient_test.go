package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicepki/certkit/pkg/finding"
)

// The defect certificates of testdata/lenient, each signed by root.pem,
// and the note certkit prints for each.
var lenientFiles = map[string]string{
	"negative-serial":     "negative serial number: serial -77A1C5E83BFD649F",
	"crldp-dirname":       "CRL distribution point with a directoryName: CN=CRL1,O=Example Voice",
	"crldp-relative":      "CRL distribution point with a nameRelativeToCRLIssuer",
	"duplicate-extension": "duplicate extension: extension keyUsage (2.5.29.15) appears more than once; the first is read",
	"malformed-san":       "malformed SAN entry: IP address of 5 bytes",
	"printablestring":     `PrintableString with characters outside its set: subject CN "gw_1@example.net"`,
	"time-no-seconds":     `time not in RFC 5280 form: notBefore UTCTime "2501010000Z" has no seconds`,
	"time-offset":         `time not in RFC 5280 form: notBefore UTCTime "250101010000+0100" has an offset instead of Z`,
	"time-no-zone":        `time not in RFC 5280 form: notBefore GeneralizedTime "20250101000000" has no time zone; read as UTC`,
}

func lenientPath(name string) string {
	return filepath.Join("..", "..", "testdata", "lenient", name+".pem")
}

// TestLenientCommands runs split, convert, inspect and order on each
// certificate crypto/x509 refuses: each reads it, names the defect, and
// order links it to its root by signature.
func TestLenientCommands(t *testing.T) {
	root := lenientPath("root")
	for name, note := range lenientFiles {
		t.Run(name, func(t *testing.T) {
			f := lenientPath(name)
			code, out, errs := certkit(t, nil, "order", "--json", f, root)
			if code != exitOK {
				t.Fatalf("order: exit %d: %s", code, errs)
			}
			if !strings.Contains(errs, "certkit: note: "+f+": ") || !strings.Contains(errs, note) {
				t.Errorf("order's stderr does not name the defect %q:\n%s", note, errs)
			}
			var o orderJSON
			if err := json.Unmarshal([]byte(out), &o); err != nil {
				t.Fatal(err)
			}
			if len(o.Chains) != 1 || !o.Chains[0].Complete || len(o.Chains[0].Certificates) != 2 ||
				o.Chains[0].Certificates[0].CommonName != "Lenient Test Root" {
				t.Fatalf("order: %+v", o.Chains)
			}

			code, pemOut, errs := certkit(t, nil, "convert", f)
			if code != exitOK || !strings.Contains(errs, note) {
				t.Fatalf("convert: exit %d: %s", code, errs)
			}
			orig, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if pemOut != string(orig) {
				t.Error("convert --to pem changed the certificate")
			}

			dir := t.TempDir()
			if code, _, errs := certkit(t, nil, "split", "-o", dir, f, root); code != exitOK {
				t.Fatalf("split: exit %d: %s", code, errs)
			}
			written, _ := filepath.Glob(filepath.Join(dir, "*.pem"))
			if len(written) != 2 || !strings.Contains(written[0], "01-root-") || !strings.Contains(written[1], "02-leaf-") {
				t.Errorf("split wrote %q", written)
			}

			ic := inspectOneCert(t, f)
			if len(ic.Defects) == 0 || !strings.HasPrefix(ic.Defects[0].Message, note) || ic.Defects[0].Severity != finding.Warning {
				t.Errorf("inspect --json defects %+v, want %q first", ic.Defects, note)
			}
		})
	}
}

// TestLenientCleanHasNoDefects keeps the defects list of a clean
// certificate empty, not missing.
func TestLenientCleanHasNoDefects(t *testing.T) {
	_, out, _ := certkit(t, nil, "inspect", "--json", lenientPath("root"))
	if !strings.Contains(out, `"defects": []`) {
		t.Errorf("inspect --json of a clean certificate:\n%s", out)
	}
	if code, _, errs := certkit(t, nil, "order", lenientPath("root")); code != exitOK || strings.Contains(errs, "note") {
		t.Errorf("order of a clean root: exit %d: %s", code, errs)
	}
}

// TestLenientDSAChain: order links a gateway signed by a CA whose DSA key
// inherits its root's parameters, split writes all three, and the CA's
// defect is named. The DSA signatures and the root's 1024-bit DSA key are
// warned about, so order exits 1.
func TestLenientDSAChain(t *testing.T) {
	files := []string{lenientPath("dsa-leaf"), lenientPath("dsa-inherited"), lenientPath("dsa-root")}
	code, out, errs := certkit(t, nil, append([]string{"order", "--json"}, files...)...)
	var o orderJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil || code != exitCheck || len(o.Chains) != 1 || !o.Chains[0].Complete || len(o.Chains[0].Certificates) != 3 {
		t.Fatalf("order: exit %d, %+v: %s", code, o.Chains, errs)
	}
	if !strings.Contains(errs, `CN=DSA Inherited CA: inherited DSA parameters`) || !strings.Contains(errs, `warning: CN=DSA Inherited CA is signed with DSA`) {
		t.Errorf("stderr:\n%s", errs)
	}
	dir := t.TempDir()
	if code, _, errs := certkit(t, nil, append([]string{"split", "-o", dir}, files...)...); code != exitOK {
		t.Fatalf("split: exit %d: %s", code, errs)
	}
	written, _ := filepath.Glob(filepath.Join(dir, "*.pem"))
	if len(written) != 3 || !strings.Contains(written[1], "02-intermediate-DSA-Inherited-CA") {
		t.Errorf("split wrote %q", written)
	}
}
