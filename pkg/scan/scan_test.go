package scan_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
	"github.com/voicepki/certkit/pkg/scan"
)

// scanDir scans dir, opened as certkit scan opens it, with opts.
func scanDir(t *testing.T, dir string, opts scan.Options) *scan.Result {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	res, err := scan.Dirs(context.Background(), []scan.Dir{{Name: "d", FS: root.FS()}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func paths[T any](items []T, place func(T) scan.Place) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, place(it).Path)
	}
	sort.Strings(out)
	return out
}

func itemPlace(it *scan.Item) scan.Place { return it.Place }
func samePlace(p scan.Place) scan.Place  { return p }

// TestTestdata scans the generated folder of every format certkit reads
// and checks, by names, what belongs together.
func TestTestdata(t *testing.T) {
	res := scanDir(t, "../../testdata/scan", scan.Options{Password: "changeit", At: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)})

	type cert struct {
		Role          chain.Role
		IOS           bool
		Files, Keys   []string
		Requests      []string
		FoundInside   int
		FirstFoundDir string
	}
	got := map[string]cert{}
	for _, c := range res.Certificates {
		got[x509text.Describe(c.Cert)] = cert{
			Role: c.Role, IOS: c.IOS,
			Files:    paths(c.Found, samePlace),
			Keys:     paths(c.Keys, itemPlace),
			Requests: paths(c.Requests, itemPlace),
		}
	}
	none := []string{}
	want := map[string]cert{
		"CN=Example Scan Root CA": {Role: chain.RoleRoot, Files: []string{"ca/chain.p7b", "ca/root.cer", "cuc/tomcat.jceks", "cucm/tomcat.pfx", "mail/certnew.p7b", "uccx/keystore.jks"}, Keys: none, Requests: none},
		"CN=Example Scan Issuing CA": {Role: chain.RoleIntermediate, IOS: true, Files: []string{"ca/Copy of issuing.crt", "ca/chain.p7b", "ca/issuing.pem",
			"cuc/tomcat.jceks", "cucm/tomcat.pfx", "gateways/vgw1 show run.txt", "mail/certnew.p7b", "uccx/keystore.jks"}, Keys: none, Requests: none},
		"CN=vgw1": {Role: chain.RoleLeaf, IOS: true, Files: []string{"gateways/vgw1 show run.txt", "mail/certnew.p7b"},
			Keys: []string{"gateways/vgw1.key"}, Requests: []string{"gateways/vgw1.csr"}},
		// IOS sets CA:TRUE on its self-signed certificate; the device rule
		// makes it a device's.
		"CN=IOS-Self-Signed-Certificate-352977574": {Role: chain.RoleLeaf, IOS: true, Files: []string{"gateways/vgw1 show run.txt"}, Keys: none, Requests: none},
		"CN=cucm1.example.com":                     {Role: chain.RoleLeaf, Files: []string{"cucm/tomcat.pfx"}, Keys: []string{"cucm/tomcat.pfx"}, Requests: none},
		"CN=cuc1.example.com":                      {Role: chain.RoleLeaf, Files: []string{"cuc/tomcat.jceks"}, Keys: []string{"cuc/tomcat.jceks"}, Requests: none},
		"CN=uccx1.example.com":                     {Role: chain.RoleLeaf, Files: []string{"uccx/keystore.jks"}, Keys: []string{"uccx/keystore.jks"}, Requests: none},
		"CN=cube-old.example.com":                  {Role: chain.RoleLeaf, Files: []string{"old/cube-old.cer"}, Keys: none, Requests: none},
		"CN=phone-lab.example.com":                 {Role: chain.RoleLeaf, Files: []string{"old/phone-lab.pem"}, Keys: none, Requests: none},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("certificates (-want +got):\n%s", d)
	}
	// Soonest to end first: the expired one.
	if c := res.Certificates[0]; c.Cert.Subject.CommonName != "cube-old.example.com" {
		t.Errorf("first certificate %s, want the one that ended first", x509text.Describe(c.Cert))
	}

	if d := cmp.Diff([]string{"keys/old-lab.key"}, paths(res.KeysAlone, itemPlace)); d != "" {
		t.Errorf("keys without certificate (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"gateways/vgw2 enroll.log"}, paths(res.Unanswered, itemPlace)); d != "" {
		t.Errorf("unanswered CSRs (-want +got):\n%s", d)
	}
	var noKey []string
	for _, c := range res.KeyNotSeen {
		noKey = append(noKey, x509text.Describe(c.Cert))
	}
	sort.Strings(noKey)
	if d := cmp.Diff([]string{"CN=IOS-Self-Signed-Certificate-352977574", "CN=cube-old.example.com", "CN=phone-lab.example.com"}, noKey); d != "" {
		t.Errorf("certificates without key (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"mail/broken.pem"}, paths(res.Failed, samePlace)); d != "" {
		t.Fatalf("failed (-want +got):\n%s", d)
	}
	if !errors.Is(res.Failed[0].Err, convert.ErrTruncated) {
		t.Errorf("broken.pem: %v, want convert.ErrTruncated", res.Failed[0].Err)
	}
	if res.Files != 15 || res.Skipped != 2 || res.Links != 0 || res.Stopped != "" {
		t.Errorf("files %d, skipped %d, links %d, stopped %q; want 15, 2, 0, \"\"", res.Files, res.Skipped, res.Links, res.Stopped)
	}
	var codes []string
	for _, f := range res.Findings {
		codes = append(codes, string(f.Code)+" "+x509text.Describe(f.Certificate))
	}
	if d := cmp.Diff([]string{"expired CN=cube-old.example.com", "key-too-small CN=phone-lab.example.com"}, codes); d != "" {
		t.Errorf("findings, most urgent first (-want +got):\n%s", d)
	}
	if len(res.Chains) != 7 {
		t.Errorf("%d chains, want 7 (one per leaf)", len(res.Chains))
	}
	for _, ch := range res.Chains {
		if !ch.Complete {
			t.Errorf("chain of %s incomplete", x509text.Describe(ch.Certificates[len(ch.Certificates)-1]))
		}
	}
}

// TestPassword: without the password the PKCS#12 file and the keystores
// are listed as failed, each with convert.ErrIncorrectPassword, and the
// scan goes on.
func TestPassword(t *testing.T) {
	res := scanDir(t, "../../testdata/scan", scan.Options{})
	if d := cmp.Diff([]string{"cuc/tomcat.jceks", "cucm/tomcat.pfx", "mail/broken.pem", "uccx/keystore.jks"}, paths(res.Failed, samePlace)); d != "" {
		t.Fatalf("failed (-want +got):\n%s", d)
	}
	for _, p := range res.Failed {
		if p.Path != "mail/broken.pem" && !errors.Is(p.Err, convert.ErrIncorrectPassword) {
			t.Errorf("%s: %v, want convert.ErrIncorrectPassword", p.Path, p.Err)
		}
	}
	if len(res.Certificates) != 6 {
		t.Errorf("%d certificates, want 6", len(res.Certificates))
	}
}

// TestCaps: the walk stops at MaxFiles and at MaxBytes, and says so.
func TestCaps(t *testing.T) {
	res := scanDir(t, "../../testdata/scan", scan.Options{Password: "changeit", MaxFiles: 3})
	if res.Stopped == "" || res.Files+res.Skipped+len(res.Failed) != 3 {
		t.Errorf("MaxFiles 3: stopped %q after %d files", res.Stopped, res.Files+res.Skipped+len(res.Failed))
	}
	res = scanDir(t, "../../testdata/scan", scan.Options{Password: "changeit", MaxBytes: 1000})
	if res.Stopped == "" || res.Bytes > 1000 {
		t.Errorf("MaxBytes 1000: stopped %q after %d bytes", res.Stopped, res.Bytes)
	}
	if !strings.Contains(res.Stopped, "1000 bytes") {
		t.Errorf("stopped %q does not name the cap", res.Stopped)
	}
}

// TestZero: an empty folder and a Dir without FS give a result, not a
// panic; a cancelled context is the error.
func TestZero(t *testing.T) {
	res, err := scan.Dirs(context.Background(), []scan.Dir{{Name: "empty", FS: fstest.MapFS{}}, {Name: "nil"}}, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Certificates) != 0 || len(res.Failed) != 1 || res.Failed[0].Dir != "nil" {
		t.Errorf("got %d certificates, failed %+v", len(res.Certificates), res.Failed)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := scan.Dirs(ctx, []scan.Dir{{Name: "x", FS: fstest.MapFS{"a.pem": {Data: []byte("x")}}}}, scan.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}

// TestFindingsOrder: errors come before warnings.
func TestFindingsOrder(t *testing.T) {
	res := scanDir(t, "../../testdata/scan", scan.Options{Password: "changeit", WarnWithin: 200 * 365 * 24 * time.Hour,
		At: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)})
	last := finding.Error
	for _, f := range res.Findings {
		if f.Severity > last {
			t.Errorf("%s after a finding of lower severity", f.Message)
		}
		last = f.Severity
	}
	if len(res.Findings) < 9 {
		t.Errorf("%d findings with a 200-year window, want every certificate expiring", len(res.Findings))
	}
}

// TestPeerFiles scans the public real-world files beside the repository
// (testkit.PeerDir: the test files of certigo, cfssl and others): every regular file is read,
// skipped or listed as failed, every certificate has a role, and the
// files cut short are among the failed.
func TestPeerFiles(t *testing.T) {
	dir := testkit.PeerDir(t)
	regular := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			regular++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res := scanDir(t, dir, scan.Options{At: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)})
	if n := res.Files + res.Skipped + len(res.Failed); n != regular {
		t.Errorf("read %d + skipped %d + failed %d = %d files, want the %d there", res.Files, res.Skipped, len(res.Failed), n, regular)
	}
	if len(res.Certificates) < 1000 {
		t.Errorf("%d certificates, want the thousands of the peers' bundles", len(res.Certificates))
	}
	for _, c := range res.Certificates {
		if c.Role == "" {
			t.Errorf("%s has no role", x509text.Describe(c.Cert))
		}
	}
	failed := paths(res.Failed, samePlace)
	for _, f := range []string{"formats/cfssl/messedupcert.pem", "formats/cfssl/passwordpkcs12.p12"} {
		if _, ok := slices.BinarySearch(failed, f); !ok {
			t.Errorf("%s not among the failed: %q", f, failed)
		}
	}
}

// denyFS refuses to open the names in deny, as a file or folder without
// read permission does (the tests run as root, for whom chmod denies
// nothing).
// Only Open is offered, so every walk and read goes through it.
type denyFS struct {
	files fstest.MapFS
	deny  map[string]bool
}

func (d denyFS) Open(name string) (fs.File, error) {
	if d.deny[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.files.Open(name)
}

// TestUnreadable: a file and a folder that cannot be opened are each
// listed with why, and the scan reads everything else.
func TestUnreadable(t *testing.T) {
	pemOf := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("../../testdata/scan", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	fsys := denyFS{files: fstest.MapFS{
		"ca/issuing.pem":        {Data: pemOf("ca/issuing.pem")},
		"secret/tomcat.pem":     {Data: pemOf("ca/issuing.pem")},
		"private/vgw1.key":      {Data: []byte("never read")},
		"private/inner/old.pem": {Data: []byte("never read")},
		"old/phone-lab.pem":     {Data: pemOf("old/phone-lab.pem")},
	}, deny: map[string]bool{"secret/tomcat.pem": true, "private": true}}
	res, err := scan.Dirs(context.Background(), []scan.Dir{{Name: "mail", FS: fsys}}, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, p := range res.Failed {
		failed = append(failed, p.Path+": "+p.Err.Error())
		if !errors.Is(p.Err, fs.ErrPermission) {
			t.Errorf("%s: error %v does not wrap fs.ErrPermission", p.Path, p.Err)
		}
	}
	want := []string{"private: scan: permission denied", "secret/tomcat.pem: scan: permission denied"}
	if diff := cmp.Diff(want, failed); diff != "" {
		t.Errorf("failed (-want +got):\n%s", diff)
	}
	if res.Files != 2 || len(res.Certificates) != 2 {
		t.Errorf("read %d files and %d certificates, want the 2 readable files and their 2 certificates", res.Files, len(res.Certificates))
	}
}
