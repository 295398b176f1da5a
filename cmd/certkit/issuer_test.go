package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type issuerOut struct {
	Issuer *struct {
		SHA256     string `json:"sha256"`
		Subject    string `json:"subject"`
		CommonName string `json:"common_name"`
		NotAfter   string `json:"not_after"`
	} `json:"issuer"`
	Missing *struct {
		Issuer         string   `json:"issuer"`
		AuthorityKeyID string   `json:"authority_key_id"`
		AIA            []string `json:"aia"`
	} `json:"missing"`
}

func TestIssuerForOwnFile(t *testing.T) {
	// The .p7b holds the gateway, its issuing CA (both copies) and the
	// root; the issuer is the copy whose key signed the gateway.
	code, out, errOut := certkit(t, nil, "issuer-for", "--json", chainData("adcs-renewed.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got issuerOut
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	res := chainDecodeFile(t, chainData("adcs-renewed.p7b"))
	newCA := res.Certificates[3]
	if got.Issuer == nil || got.Missing != nil || got.Issuer.SHA256 != sha256Hex(newCA) || got.Issuer.NotAfter != "2125-01-01T00:00:00Z" {
		t.Errorf("issuer-for --json = %s", out)
	}
	if !strings.Contains(out, `"role": "intermediate"`) {
		t.Errorf("issuer-for --json gives the issuer no role (the same fields as order --json):\n%s", out)
	}

	code, out, errOut = certkit(t, nil, "issuer-for", chainData("adcs-renewed.pem"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if diff := cmp.Diff([]string{"Example Voice Issuing CA"}, chainPEMNames(t, out)); diff != "" {
		t.Errorf("PEM (-want +got):\n%s", diff)
	}
	for _, want := range []string{"Fingerprint MD5: ", "Fingerprint SHA1: ", "2125-01-01"} {
		if !chainContains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestIssuerForCandidates(t *testing.T) {
	dir := t.TempDir()
	res := chainDecodeFile(t, chainData("adcs-renewed.p7b"))
	gw := dir + "/gw.pem"
	chainWritePEM(t, gw, res.Certificates[1])
	code, out, errOut := certkit(t, nil, "issuer-for", gw, chainData("adcs-renewed.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := chainPEMNames(t, out); len(got) != 1 || got[0] != "Example Voice Issuing CA" {
		t.Errorf("issuer %q", got)
	}
	if out != string(chainMustPEM(t, res.Certificates[3])) {
		t.Error("issuer-for printed the old copy of the issuing CA, not the one that signed the gateway")
	}
}

func TestIssuerForMissing(t *testing.T) {
	code, out, errOut := certkit(t, nil, "issuer-for", "--json", chainData("vgw2.pem"), chainData("adcs-renewed.p7b"))
	if code != exitCheck {
		t.Fatalf("exit %d, want %d: %s", code, exitCheck, errOut)
	}
	var got issuerOut
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Issuer != nil || got.Missing == nil || got.Missing.Issuer != "CN=Example Voice Issuing CA 2,O=Example Voice,C=US" ||
		!cmp.Equal(got.Missing.AIA, []string{"http://pki.example.com/issuing-ca-2.crt"}) {
		t.Errorf("issuer-for --json = %s", out)
	}
	if !chainContains(errOut, "http://pki.example.com/issuing-ca-2.crt") {
		t.Errorf("stderr does not say where to get the issuer:\n%s", errOut)
	}
	code, out, _ = certkit(t, nil, "issuer-for", chainData("vgw2.pem"))
	if code != exitCheck || out != "" {
		t.Errorf("exit %d, stdout %q; want %d and nothing", code, out, exitCheck)
	}
}

func TestIssuerForUsage(t *testing.T) {
	for _, args := range [][]string{
		{"issuer-for"},
		{"issuer-for", t.TempDir() + "/absent.pem"},
		{"issuer-for", chainData("vgw2.pem"), t.TempDir() + "/absent.pem"},
	} {
		if code, out, _ := certkit(t, nil, args...); code != exitUsage || out != "" {
			t.Errorf("%q: exit %d, stdout %q", args, code, out)
		}
	}
}
