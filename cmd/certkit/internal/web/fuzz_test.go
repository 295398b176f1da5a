package web

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzAnalyze sends any bytes, under any name (a path in a dropped
// folder, which may make it a trust store's file), with any trustpoint,
// trunk subject and CUCM audit role, through what the page asks for: the
// view and every download. None may panic, and the view must be JSON.
func FuzzAnalyze(f *testing.F) {
	for _, p := range []string{"samples/certnew.p7b", "convert/chain.pem", "convert/chain-ber.p7b", "convert/leaf-and-key.pem",
		"csr/ios-capture.txt", "adcs/certnew.p7b", "roles/v1-chain.pem"} {
		data, err := os.ReadFile(filepath.Join("../../../../testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "fuzz.bin", "vgw1", "vgw1.example.com")
		f.Add(data, "stores/CallManager-trust/x.pem", "gateways", "")
	}
	for _, p := range []string{"site/show-cert-list-trust.txt", "site/stores/CallManager-trust/vgw01.example.com.pem", "rekey/CallManager-trust/Example_Voice_Root_CA.pem"} {
		data, err := os.ReadFile(filepath.Join("../../../../testdata/cucm", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, p, "own", "")
		f.Add(data, "downloads/x.der", "tomcat-trust", "")
	}
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), "", "", "")
	f.Fuzz(func(t *testing.T, data []byte, name, tp, trunk string) {
		req := &request{
			Files: []upload{{name, data}},
			Choices: Choices{Trustpoint: tp, Hostname: tp, TrunkSubject: trunk, Passwords: map[string]string{"0": "certkit-test"},
				CUCMRoles: map[string]string{group(name): tp}},
		}
		a, files, err := analyze(context.Background(), req, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return // Order refused the set; the API answers 400
		}
		if _, err := json.Marshal(a.view(files)); err != nil {
			t.Fatalf("the view is not JSON: %v", err)
		}
		for _, make := range []func() ([]byte, error){a.splitZip, a.caOnly, a.chainPEM, a.cucmZip, a.cucmAuditCSV} {
			if b, err := make(); err == nil && len(b) == 0 {
				t.Fatal("a download is empty without an error")
			}
		}
	})
}
