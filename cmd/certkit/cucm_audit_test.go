package main

import (
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/x509text"
)

// updateAuditGolden rewrites the golden files of cucm audit from the
// current output: CERTKIT_UPDATE_GOLDEN=1 go test -run CUCMAudit.
var updateAuditGolden = os.Getenv("CERTKIT_UPDATE_GOLDEN") != ""

// site names a file of the generated site, testdata/cucm/site.
func site(rel string) string { return filepath.Join("..", "..", "testdata", "cucm", "site", rel) }

// siteArgs is the README's audit of the generated site.
func siteArgs(extra ...string) []string {
	return append(append([]string{"cucm", "audit", "--at", "2030-01-01",
		"--gateways", site("gateways"), "--own", site("own"), "--list", site("show-cert-list-trust.txt")}, extra...), site("stores"))
}

// auditGolden compares got with the golden file name under testdata/, or
// rewrites it when updateAuditGolden is set.
func auditGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateAuditGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run CERTKIT_UPDATE_GOLDEN=1 go test -run %s once to write it)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", path, diff)
	}
}

// TestCUCMAuditSiteGolden audits the generated site: CallManager-trust
// goes from 54 to 2 certificates (the 5 gateways whose IOS-made
// certificate names no host among them), and the text and JSON are as
// recorded.
func TestCUCMAuditSiteGolden(t *testing.T) {
	code, out, errs := certkit(t, nil, siteArgs()...)
	if code != exitCheck {
		t.Fatalf("exit %d, want 1 (actions recommended); stderr:\n%s", code, errs)
	}
	if !strings.Contains(out, "\nCallManager-trust: 54 → 2 certificates (5 self-signed-device among them: move those devices to the CA first)\n") {
		t.Errorf("no 54 → 2 summary line:\n%s", out)
	}
	auditGolden(t, "cucm-audit-site.txt", out)

	code, out, errs = certkit(t, nil, siteArgs("--json")...)
	if code != exitCheck {
		t.Fatalf("--json: exit %d; stderr:\n%s", code, errs)
	}
	auditGolden(t, "cucm-audit-site.json", out)

	var got auditJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Stores[0] != (auditStoreJSON{Name: "CallManager-trust", Before: 54, After: 2}) {
		t.Errorf("stores[0] = %+v", got.Stores[0])
	}
	// Every action has the code expected.txt gives its file, and the
	// JSON carries every field of the contract.
	expected, err := os.ReadFile(site("expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(expected)), "\n") {
		file, code, _ := strings.Cut(line, " ")
		if code != "keep" {
			want[file] = code
		}
	}
	gotCodes := map[string]string{}
	for _, a := range got.Actions {
		gotCodes[a.Store+"/"+a.File] = a.Code
		if len(a.SHA256) != 64 || a.Subject == "" || a.NotAfter == "" || a.Reason == "" {
			t.Errorf("action %+v lacks a field", a)
		}
		if (a.Code == "replaced-by-ca") != (a.SuccessorSHA256 != nil) {
			t.Errorf("%s %s: successor_sha256 %v", a.File, a.Code, a.SuccessorSHA256)
		}
	}
	if diff := cmp.Diff(want, gotCodes); diff != "" {
		t.Errorf("codes by file (-want +got):\n%s", diff)
	}
	// successor_sha256 is null, not absent, when there is none.
	if !strings.Contains(out, `"successor_sha256": null`) {
		t.Error(`no "successor_sha256": null in the JSON`)
	}
}

// siteFile is the file of the site's CallManager-trust that expected.txt
// gives the action code.
func siteFile(t *testing.T, code string) string {
	t.Helper()
	expected, err := os.ReadFile(site("expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(expected), "\n") {
		if f, c, _ := strings.Cut(line, " "); c == code {
			return strings.TrimPrefix(f, "CallManager-trust/")
		}
	}
	t.Fatalf("no %s in expected.txt", code)
	return ""
}

// TestCUCMAuditStore audits plain files with --store, and a clean store
// exits 0. vgw07's self-signed certificate carries CA:TRUE, as IOS makes
// them all: named with --hostname, it is a device's.
func TestCUCMAuditStore(t *testing.T) {
	dir := site("stores/CallManager-trust")
	old := siteFile(t, "expired")
	code, out, errs := certkit(t, nil, "cucm", "audit", "--store", "callmanager-trust",
		filepath.Join(dir, "Example_Voice_Root_CA_2026.pem"), filepath.Join(dir, "Example_Voice_Issuing_CA_2026.pem"))
	if code != exitOK {
		t.Fatalf("exit %d, want 0 for a store with nothing to delete; stderr:\n%s\n%s", code, errs, out)
	}
	if out != "CallManager-trust: 2 → 2 certificates\n" {
		t.Errorf("output:\n%s", out)
	}
	code, out, _ = certkit(t, nil, "cucm", "audit", "--store", "CallManager-trust", "--hostname", "vgw07",
		filepath.Join(dir, "vgw07.example.com.pem"), filepath.Join(dir, old))
	if code != exitCheck || !strings.Contains(out, "CallManager-trust: 2 → 0 certificates") ||
		!strings.Contains(out, "  expired  "+old+"\n") || !strings.Contains(out, "  self-signed-device  vgw07.example.com.pem\n") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	// Without the name, nothing says it is a device's: kept, with the
	// maybe-device hint.
	code, out, _ = certkit(t, nil, "cucm", "audit", "--store", "CallManager-trust", filepath.Join(dir, "vgw07.example.com.pem"))
	if code != exitOK || !strings.Contains(out, "CallManager-trust: 1 → 1 certificates") || !strings.Contains(out, "maybe-device (info)") {
		t.Errorf("unnamed: exit %d:\n%s", code, out)
	}
	// A file without --store, a store name that is not one.
	if code, _, errs := certkit(t, nil, "cucm", "audit", filepath.Join(dir, "vgw07.example.com.pem")); code != exitUsage || !strings.Contains(errs, "--store NAME") {
		t.Errorf("a file without --store: exit %d, %s", code, errs)
	}
	if code, _, errs := certkit(t, nil, "cucm", "audit", "--store", "CallManager", dir); code != exitUsage || !strings.Contains(errs, "not a trust store name") {
		t.Errorf("--store CallManager: exit %d, %s", code, errs)
	}
}

// TestCUCMAuditList checks that --list gives CUCM's file names and says
// which listed certificates were not given.
func TestCUCMAuditList(t *testing.T) {
	tmp := t.TempDir()
	store := filepath.Join(tmp, "CallManager-trust")
	if err := os.Mkdir(store, 0o755); err != nil {
		t.Fatal(err)
	}
	// Downloaded as DER under another extension.
	src, err := os.ReadFile(site("stores/CallManager-trust/vgw01.example.com.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(store, "VGW01.EXAMPLE.COM.der"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "cucm", "audit", "--list", site("show-cert-list-trust.txt"), "--hostname", "vgw01", "--json", store)
	if code != exitCheck {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got auditJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Actions) != 1 || got.Actions[0].File != "vgw01.example.com.pem" || got.Actions[0].Code != "self-signed-device" {
		t.Errorf("actions: want CUCM's name vgw01.example.com.pem: %+v", got.Actions)
	}
	wantStores := []auditStoreJSON{{"CallManager-trust", 54, 53}, {"tomcat-trust", 4, 4}, {"CAPF-trust", 2, 2}}
	if diff := cmp.Diff(wantStores, got.Stores); diff != "" {
		t.Errorf("stores (-want +got):\n%s", diff)
	}
	var codes []string
	for _, f := range got.Findings {
		codes = append(codes, string(f.Code)+" "+f.Store)
	}
	if diff := cmp.Diff([]string{"listed-not-given CallManager-trust", "listed-not-given tomcat-trust", "listed-not-given CAPF-trust"}, codes); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// A list that is not one is unreadable input.
	if code, _, errs := certkit(t, nil, "cucm", "audit", "--list", site("gateways/vgw01.pem"), store); code != exitUsage || !strings.Contains(errs, "show cert list trust") {
		t.Errorf("bad list: exit %d, %s", code, errs)
	}
}

// TestCUCMAuditCSV checks -o: the CSV has one row per action, and an
// existing file is never overwritten without --force.
func TestCUCMAuditCSV(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ticket")
	code, _, errs := certkit(t, nil, siteArgs("-o", dir)...)
	if code != exitCheck {
		t.Fatalf("exit %d: %s", code, errs)
	}
	path := filepath.Join(dir, auditCSV)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 53 || rows[0][0] != "store" || rows[1][9] != "set cert delete "+rows[1][0]+" "+rows[1][1] {
		t.Errorf("%d rows (want a header and 52 actions); first rows %q", len(rows), rows[:2])
	}
	before, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, siteArgs("-o", dir)...)
	if code != exitUsage || !strings.Contains(errs, "already exists") || out != "" {
		t.Errorf("existing CSV: exit %d, stdout %q, stderr %s", code, out, errs)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Error("the CSV was overwritten without --force")
	}
	if code, _, errs := certkit(t, nil, siteArgs("-o", dir, "--force")...); code != exitCheck {
		t.Errorf("--force: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(path); string(b) != string(before) {
		t.Error("--force did not write the same CSV")
	}
}

// TestCUCMAuditUnreadable checks exit 2 for a store file that is not a
// certificate, naming the file.
func TestCUCMAuditUnreadable(t *testing.T) {
	store := filepath.Join(t.TempDir(), "tomcat-trust")
	if err := os.Mkdir(store, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(store, "notes.pem"), []byte("not a certificate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "cucm", "audit", store)
	if code != exitUsage || out != "" || !strings.Contains(errs, filepath.Join(store, "notes.pem")) {
		t.Errorf("exit %d, stdout %q, stderr %s", code, out, errs)
	}
	// In a folder of stores, the file's path names its store's folder as
	// it is spelled on disk.
	if code, _, errs := certkit(t, nil, "cucm", "audit", filepath.Dir(store)); code != exitUsage || !strings.Contains(errs, "certkit: "+filepath.Join(store, "notes.pem")+": ") {
		t.Errorf("a folder of stores: exit %d, stderr %s; want the file's path %s", code, errs, filepath.Join(store, "notes.pem"))
	}
	if code, _, errs := certkit(t, nil, "cucm", "audit", filepath.Join(t.TempDir())); code != exitUsage || !strings.Contains(errs, "trust store") {
		t.Errorf("a folder with no store: exit %d, %s", code, errs)
	}
}

// TestCUCMStoreDirRekeyed is the upload plan checked against the store:
// CallManager-trust holds the root and the old copy of the issuing CA
// that AD CS re-keyed; the plan uploads the new copy under the same name.
// Both start on 2025-01-01, so CUCM keeps the old one: delete it first.
func TestCUCMStoreDirRekeyed(t *testing.T) {
	store := filepath.Join("..", "..", "testdata", "cucm", "rekey", "CallManager-trust")
	renewed := filepath.Join("..", "..", "testdata", "chain", "adcs-renewed.p7b")
	code, out, errs := certkit(t, nil, "cucm", "--json", "--store-dir", store, "--service", "CallManager-ECDSA", renewed)
	if code != exitCheck {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var plan cucmJSON
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	var collision string
	for _, w := range plan.Warnings {
		if w.Code == "subject-collision" && strings.Contains(w.Message, "Example_Voice_Issuing_CA.pem") {
			collision = w.Message
		}
	}
	if !strings.Contains(collision, "so CUCM keeps Example_Voice_Issuing_CA.pem and does not upload step 2: delete Example_Voice_Issuing_CA.pem from CallManager-trust before step 2") {
		t.Errorf("no collision with the store's old copy saying what to delete first; warnings %+v", plan.Warnings)
	}
	present := false
	for _, n := range plan.Notes {
		present = present || strings.HasPrefix(n, "already-present: step 1, CN=Example Voice Root CA, is already in CallManager-trust as Example_Voice_Root_CA.pem")
	}
	if !present {
		t.Errorf("no already-present note for the root; notes %q", plan.Notes)
	}
	// The folder of another store is refused.
	if code, _, errs := certkit(t, nil, "cucm", "--store-dir", site("stores/tomcat-trust"), renewed); code != exitUsage || !strings.Contains(errs, "plan uploads to CallManager-trust") {
		t.Errorf("another store: exit %d: %s", code, errs)
	}
}

// TestADCSNamesCUCMAudit checks that the audit prints AD CS names (DC=,
// emailAddress, unstructuredName) as openssl does, in text and JSON.
func TestADCSNamesCUCMAudit(t *testing.T) {
	args := []string{"cucm", "audit", "--store", "CallManager-trust", adcsFile("root.pem"), adcsFile("gateway.pem")}
	code, out, errs := certkit(t, nil, args...)
	if code != exitCheck {
		t.Fatalf("exit %d, want 1 (the gateway's CA is not in the store): %s", code, errs)
	}
	wantNames(t, "subject lines", []string{"subject  " + adcsGateway}, linesWith(out, "subject  "))
	wantNames(t, "reason", []string{"reason   an end-entity certificate issued by " + adcsIssuing +
		", which is not in CallManager-trust, so it anchors no chain; CUCM trusts a CA-signed device through its CA: upload the CA instead, if it is still needed"},
		linesWith(out, "reason "))
	noOIDs(t, "cucm audit", out, errs)

	code, out, errs = certkit(t, nil, append(args, "--json")...)
	if code != exitCheck {
		t.Fatalf("--json: exit %d: %s", code, errs)
	}
	wantNames(t, "--json subjects", []string{adcsGateway}, jsonValues(t, out, "subject"))
	noOIDs(t, "cucm audit --json", out, errs)
}

// TestCUCMAuditGatewaysFromIOSConfig gives --gateways a gateway's running
// configuration, as convert reads it: the new certificate it holds (IOS
// hex under crypto pki certificate chain) replaces the self-signed one.
func TestCUCMAuditGatewaysFromIOSConfig(t *testing.T) {
	dir := site("stores/CallManager-trust")
	gw := loadCert(t, site("gateways/vgw01.pem"))
	var cfg strings.Builder
	cfg.WriteString("hostname vgw01\n!\ncrypto pki trustpoint vgw01\n enrollment terminal\n!\ncrypto pki certificate chain vgw01\n certificate " + strings.ToUpper(gw.SerialNumber.Text(16)) + "\n")
	h := strings.ToUpper(hex.EncodeToString(gw.Raw))
	for len(h) > 0 {
		line := h[:min(64, len(h))]
		h = h[len(line):]
		var groups []string
		for len(line) > 0 {
			groups = append(groups, line[:min(8, len(line))])
			line = line[len(groups[len(groups)-1]):]
		}
		cfg.WriteString("  " + strings.Join(groups, " "))
		if len(h) > 0 {
			cfg.WriteString(" ")
		}
		cfg.WriteString("\n")
	}
	cfg.WriteString("  \tquit\n!\nend\n")
	path := filepath.Join(t.TempDir(), "vgw01-running-config.txt")
	if err := os.WriteFile(path, []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "cucm", "audit", "--json", "--gateways", path, "--store", "CallManager-trust",
		filepath.Join(dir, "vgw01.example.com.pem"), filepath.Join(dir, "Example_Voice_Root_CA_2026.pem"), filepath.Join(dir, "Example_Voice_Issuing_CA_2026.pem"))
	if code != exitCheck {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got auditJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Actions) != 1 || got.Actions[0].Code != "replaced-by-ca" || *got.Actions[0].SuccessorSHA256 != x509text.SHA256(gw) {
		t.Errorf("actions %+v, want vgw01.example.com.pem replaced-by-ca by the configuration's certificate", got.Actions)
	}
}

// TestCUCMAuditIOSStore is issue 17's store from the command line: a
// CallManager-trust with 20 IOS self-signed gateway certificates (all
// CA:TRUE, as IOS makes them), 5 default CAs, the new root and issuing CA
// and Cisco Licensing Root CA. With the gateways' new certificates it
// goes from 28 to 8, the 20 replaced-by-ca; with their hostnames alone,
// the 20 are self-signed-device.
func TestCUCMAuditIOSStore(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "cucm", "ios-store")
	store := filepath.Join(dir, "CallManager-trust")
	names, err := os.ReadFile(filepath.Join(dir, "devices.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code string
	}{
		{[]string{"--gateways", filepath.Join(dir, "gateways")}, "replaced-by-ca"},
		{[]string{"--hostname", strings.Join(strings.Fields(string(names)), ",")}, "self-signed-device"},
	} {
		code, out, errs := certkit(t, nil, append(append([]string{"cucm", "audit", "--at", "2030-01-01", "--json"}, tc.args...), store)...)
		if code != exitCheck {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errs)
		}
		var got auditJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range got.Actions {
			if a.Code == tc.code {
				n++
			}
		}
		if len(got.Stores) != 1 || got.Stores[0] != (auditStoreJSON{"CallManager-trust", 28, 8}) || n != 20 || len(got.Actions) != 20 {
			t.Errorf("%v: stores %+v, %d actions, %d %s", tc.args, got.Stores, len(got.Actions), n, tc.code)
		}
		for _, f := range got.Findings {
			if f.Code == "weak-signature" && f.File != "Cisco_Manufacturing_CA.pem" {
				t.Errorf("%v: weak-signature on %s: a self-signature is never one", tc.args, f.File)
			}
		}
	}
}

// TestCUCMAuditChecks: the certificates the plan keeps get every job's
// checks at --at: the root and issuing CA, which end on 2125-01-01, are
// expiring on 2124-12-15 (exit 1), not within --warn-within 7d (exit 0);
// a bad --warn-within is bad usage.
func TestCUCMAuditChecks(t *testing.T) {
	dir := site("stores/CallManager-trust")
	cas := []string{filepath.Join(dir, "Example_Voice_Root_CA_2026.pem"), filepath.Join(dir, "Example_Voice_Issuing_CA_2026.pem")}
	code, out, errs := certkit(t, nil, append([]string{"cucm", "audit", "--store", "CallManager-trust", "--at", "2124-12-15"}, cas...)...)
	if code != exitCheck || strings.Count(out, "expiring (warning): CallManager-trust/") != 2 {
		t.Errorf("exit %d, want 1 and two expiring findings:\n%s%s", code, out, errs)
	}
	code, out, errs = certkit(t, nil, append([]string{"cucm", "audit", "--store", "CallManager-trust", "--at", "2124-12-15", "--warn-within", "7d"}, cas...)...)
	if code != exitOK || strings.Contains(out, "expiring") {
		t.Errorf("--warn-within 7d: exit %d:\n%s%s", code, out, errs)
	}
	if code, _, errs := certkit(t, nil, append([]string{"cucm", "audit", "--store", "CallManager-trust", "--warn-within", "soon"}, cas...)...); code != exitUsage || !strings.Contains(errs, "--warn-within") {
		t.Errorf("--warn-within soon: exit %d, %s", code, errs)
	}
}
