package cucm

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/convert"
)

// siteDir is the generated site, testdata/cucm/site.
var siteDir = filepath.Join("..", "..", "..", "testdata", "cucm", "site")

// readCerts decodes every file of a testdata folder.
func readCerts(t testing.TB, dir string) []*x509.Certificate {
	t.Helper()
	files, _, err := readFiles(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []*x509.Certificate
	for _, f := range files {
		res, err := convert.Decode(f.Data, convert.Options{})
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out = append(out, res.Certificates...)
	}
	return out
}

// TestAuditSite audits the generated site and checks each file's action
// against expected.txt, which the generator wrote from what it made.
func TestAuditSite(t *testing.T) {
	tree, err := readTree(os.DirFS(filepath.Join(siteDir, "stores")))
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(siteDir, "show-cert-list-trust.txt"))
	if err != nil {
		t.Fatal(err)
	}
	list, err := ParseTrustList(text)
	if err != nil {
		t.Fatal(err)
	}
	rep, a, err := audit(tree.Stores, Options{
		At:       testAt,
		Gateways: readCerts(t, filepath.Join(siteDir, "gateways")),
		Own:      readCerts(t, filepath.Join(siteDir, "own")),
		List:     list,
	})
	if err != nil {
		t.Fatal(err)
	}
	expected, err := os.ReadFile(filepath.Join(siteDir, "expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(expected)), "\n") {
		if file, code, _ := strings.Cut(line, " "); code != "keep" {
			want = append(want, file+" "+code)
		}
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, actionsOf(rep)); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	wantStores := []StoreSummary{
		{Name: "CallManager-trust", Before: 54, After: 2, Files: 54},
		{Name: "tomcat-trust", Before: 4, After: 4, Files: 4},
		{Name: "CAPF-trust", Before: 2, After: 2},
	}
	if diff := cmp.Diff(wantStores, rep.Stores, ignoreLines); diff != "" {
		t.Errorf("stores (-want +got):\n%s", diff)
	}
	wantFindings := []string{"listed-not-given CAPF-trust/", "unused-ca tomcat-trust/Example_Directory_Root_CA.pem"}
	if diff := cmp.Diff(wantFindings, findingsOf(rep)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, act := range rep.Actions {
		if (act.Code == codeReplacedByCA) != (act.Successor != nil) {
			t.Errorf("%s %s: successor %v", act.File, act.Code, act.Successor)
		}
	}
	// One self-signature check per store certificate and one issuer
	// check per other certificate: nothing pairwise.
	if n := a.checks.Load(); n > int64(2*len(a.certs)) {
		t.Errorf("%d signature checks for %d certificates", n, len(a.certs))
	}
}

// TestAuditIOSStore audits the CallManager-trust of issue 17, filled as
// IOS fills it (testdata/cucm/ios-store: 20 gateways' self-signed
// certificates with CA:TRUE, 5 default CAs, the new root and issuing CA,
// Cisco Licensing Root CA), three ways, and checks each file's action
// against the column of expected.txt the generator wrote: with the 20
// gateways' new certificates (28 → 8), with their hostnames alone (28 →
// 8, all self-signed-device), and with nothing else (only those under
// IOS's own CN are known to be devices'). The SHA-1 self-signatures
// (Cisco Root CA 2048, half the gateways) are never weak signatures; the
// SHA-1 signature on Cisco Manufacturing CA is.
func TestAuditIOSStore(t *testing.T) {
	dir := filepath.Join(siteDir, "..", "ios-store")
	expected, err := os.ReadFile(filepath.Join(dir, "expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	devices, err := os.ReadFile(filepath.Join(dir, "devices.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for col, tc := range []struct {
		name  string
		opts  Options
		after int
	}{
		{"gateways", Options{Gateways: readCerts(t, filepath.Join(dir, "gateways"))}, 8},
		{"hostnames", Options{Devices: strings.Fields(string(devices))}, 8},
		{"alone", Options{}, 22},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.At = testAt
			rep, err := AuditSite([]Source{{Store: "CallManager-trust", FS: os.DirFS(filepath.Join(dir, "CallManager-trust"))}}, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, line := range strings.Split(strings.TrimSpace(string(expected)), "\n") {
				f := strings.Fields(line)
				if len(f) != 4 {
					t.Fatalf("expected.txt: %q", line)
				}
				if f[1+col] != "keep" {
					want = append(want, f[0]+" "+f[1+col])
				}
			}
			sort.Strings(want)
			if diff := cmp.Diff(want, actionsOf(rep)); diff != "" {
				t.Errorf("actions (-want +got):\n%s", diff)
			}
			if s := rep.Stores[0]; s.Before != 28 || s.After != tc.after {
				t.Errorf("%s: %d → %d, want 28 → %d", s.Name, s.Before, s.After, tc.after)
			}
			var weak []string
			maybe := 0
			for _, f := range rep.Findings {
				switch f.Code {
				case "weak-signature":
					weak = append(weak, f.File)
				case codeMaybeDevice:
					maybe++
				}
			}
			if diff := cmp.Diff([]string{"Cisco_Manufacturing_CA.pem"}, weak); diff != "" {
				t.Errorf("weak-signature findings (-want +got):\n%s", diff)
			}
			if wantMaybe := map[string]int{"alone": 1}[tc.name]; maybe != wantMaybe {
				t.Errorf("%d maybe-device findings, want %d", maybe, wantMaybe)
			}
		})
	}
}
