package main

import (
	"crypto/x509"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
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
	if got.Issuer == nil || got.Missing != nil || got.Issuer.SHA256 != x509text.SHA256(newCA) || got.Issuer.NotAfter != "2125-01-01T00:00:00Z" {
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

// twoLeafBundle writes a DER .p7b holding CUCM's certificate, then the
// gateway's (gw1), then their CAs, as a CA hands out everything it issued,
// and returns its path.
func twoLeafBundle(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "everything.p7b")
	code, _, errs := certkit(t, nil, "convert", "--to", "p7b", "-o", path,
		ciscoData("three/cucm-pub.pem"), ciscoData("three/gateway.pem"), ciscoData("three/certnew.p7b"))
	if code != exitOK {
		t.Fatalf("convert: exit %d: %s", code, errs)
	}
	return path
}

// TestIssuerForPicksLeafByName: with two device certificates in one
// .p7b, the gateway's is the one whose CN is --hostname, else the
// trustpoint; the first in the file is never taken for being first.
func TestIssuerForPicksLeafByName(t *testing.T) {
	bundle := twoLeafBundle(t)
	golden, err := os.ReadFile(ciscoData("three/paste.golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"issuer-for", "--ios", "gw1", bundle},
		{"issuer-for", "--ios", "gw1", "--hostname", "gw1", bundle},
	} {
		code, out, errs := certkit(t, nil, args...)
		if code != exitOK || out != string(golden) {
			t.Errorf("%q: exit %d, stderr:\n%s\nstdout is not gw1's paste session:\n%s", args, code, errs, out)
		}
	}
	// --hostname picks the gateway under a trustpoint named otherwise.
	code, out, errs := certkit(t, nil, "issuer-for", "--ios", "voice", "--hostname", "gw1", bundle)
	if code != exitOK || !strings.Contains(out, "crypto pki import voice certificate\n") || !strings.Contains(out, leafPEMBody(t, ciscoData("three/gateway.pem"))) {
		t.Errorf("--ios voice --hostname gw1: exit %d, stderr:\n%s\nstdout:\n%s", code, errs, out)
	}
	// Without --ios, --hostname picks CUCM's certificate just as well.
	code, _, errs = certkit(t, nil, "issuer-for", "--hostname", "cucm-pub.example.com", bundle)
	if code != exitOK || !strings.HasPrefix(errs, `issuer of CN=cucm-pub.example.com:`) {
		t.Errorf("--hostname cucm-pub.example.com: exit %d, stderr:\n%s", code, errs)
	}
}

// leafPEMBody returns the base64 of the PEM file at path.
func leafPEMBody(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimPrefix(string(b), "-----BEGIN CERTIFICATE-----\n")
	return s[:strings.Index(s, "-----END")]
}

// TestIssuerForAmbiguousLeaf: when no name picks exactly one device
// certificate, nothing is printed on stdout (no paste session importing
// the wrong certificate): exit 2, with the list and the flag that picks.
func TestIssuerForAmbiguousLeaf(t *testing.T) {
	bundle := twoLeafBundle(t)
	list := "" +
		`  CN "cucm-pub.example.com"   until 2125-01-01  SANs DNS:cucm-pub.example.com, DNS:cucm-sub1.example.com` + "\n" +
		`  CN "gw1"                    until 2125-01-01  SANs DNS:gw1.example.com` + "\n" +
		"certkit: hint: pick one with --hostname CN, the CN exactly as listed\n"
	for _, tc := range []struct {
		args []string
		head string
	}{
		{[]string{"issuer-for", "--ios", "verybiggw", bundle},
			`certkit: ` + bundle + `: chain: none of the 2 device certificates (CN=cucm-pub.example.com, CN=gw1) has the CN "verybiggw"`},
		{[]string{"issuer-for", "--ios", "voice", "--hostname", "GW1", bundle},
			`certkit: ` + bundle + `: chain: none of the 2 device certificates (CN=cucm-pub.example.com, CN=gw1) has the CN "GW1" or "voice"`},
		{[]string{"issuer-for", bundle},
			`certkit: ` + bundle + `: chain: the certificates hold 2 device certificates (CN=cucm-pub.example.com, CN=gw1); pick one by its CN`},
	} {
		code, out, errs := certkit(t, nil, tc.args...)
		if code != exitUsage || out != "" {
			t.Errorf("%q: exit %d, stdout %q; want %d and nothing", tc.args, code, out, exitUsage)
		}
		if want := tc.head + "\n" + list; errs != want {
			t.Errorf("%q: stderr\n%s\nwant\n%s", tc.args, errs, want)
		}
	}
}

// TestIssuerForCATargetAmongManyCAs: issuer-for with a CA first and
// cfssl's 1,385 intermediates and 348 roots after it answers for the
// device certificate that ordering every certificate finds among all the
// inputs (the one certificate of the bundles that is no CA), as it did
// before it stopped ordering them all: the same issuer missing, exit 1.
func TestIssuerForCATargetAmongManyCAs(t *testing.T) {
	dir := testkit.PeerDir(t, "formats", "cfssl")
	intFile, caFile := filepath.Join(dir, "bundler-int-bundle.pem"), filepath.Join(dir, "bundler-ca-bundle.pem")
	var all []*x509.Certificate
	for _, f := range []string{intFile, caFile} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := convert.Decode(b, convert.Options{})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, res.Certificates...)
	}
	var target *x509.Certificate
	for _, c := range all {
		if c.Subject.CommonName == "EC-GENCAT" {
			target = c
		}
	}
	if target == nil {
		t.Fatal("no EC-GENCAT among cfssl's intermediates")
	}
	targetFile := filepath.Join(t.TempDir(), "target.pem")
	pemData, err := convert.Encode([]*x509.Certificate{target}, convert.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(targetFile, pemData, 0o644); err != nil {
		t.Fatal(err)
	}
	// What ordering them all finds: the one device certificate.
	chains, err := chain.Order(append([]*x509.Certificate{target}, all...), chain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	device, err := chain.PickLeaf(chains)
	if err != nil {
		t.Fatalf("ordering them all: %v", err)
	}

	code, out, errs := certkit(t, nil, "issuer-for", "--json", targetFile, intFile, caFile)
	if code != exitCheck {
		t.Fatalf("exit %d, want %d: %s", code, exitCheck, errs)
	}
	var got issuerJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Issuer != nil || got.Missing == nil || got.Missing.Issuer != x509text.Issuer(device) {
		t.Errorf("issuer-for answers %s; ordering them all picks %q, whose issuer %q is missing", out, device.Subject.CommonName, x509text.Issuer(device))
	}
}
