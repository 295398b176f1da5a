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
	files, _, err := ReadFiles(os.DirFS(dir))
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
	tree, err := ReadTree(os.DirFS(filepath.Join(siteDir, "stores")))
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
	if diff := cmp.Diff(wantStores, rep.Stores); diff != "" {
		t.Errorf("stores (-want +got):\n%s", diff)
	}
	wantFindings := []string{"listed-not-given CAPF-trust/", "unused-ca tomcat-trust/Example_Directory_Root_CA.pem"}
	if diff := cmp.Diff(wantFindings, findingsOf(rep)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, act := range rep.Actions {
		if (act.Code == CodeReplacedByCA) != (act.Successor != nil) {
			t.Errorf("%s %s: successor %v", act.File, act.Code, act.Successor)
		}
	}
	// One self-signature check per store certificate and one issuer
	// check per other certificate: nothing pairwise.
	if n := a.checks.Load(); n > int64(2*len(a.certs)) {
		t.Errorf("%d signature checks for %d certificates", n, len(a.certs))
	}
}
