package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The names of testdata/adcs, as openssl x509 -noout -subject -nameopt
// RFC2253 prints them.
const (
	adcsRoot    = "emailAddress=pki@verybigco.local,CN=VeryBigCo-ROOT-CA,DC=verybigco,DC=local"
	adcsIssuing = "emailAddress=pki@verybigco.local,CN=VeryBigCo-Issuing-CA,DC=verybigco,DC=local"
	adcsGateway = "unstructuredName=vgw1.verybigco.local,CN=vgw1.verybigco.local"
)

func adcsFile(name string) string { return filepath.Join("..", "..", "testdata", "adcs", name) }

// oidInName is an attribute written as a dotted OID, the bug these tests
// keep away: 0.9.2342.19200300.100.1.25=#13... where openssl says DC=.
var oidInName = regexp.MustCompile(`(^|[,+ "])[0-9]+\.[0-9]+\.[0-9.]+=`)

// noOIDs fails if any output names an attribute by its OID.
func noOIDs(t *testing.T, what string, outputs ...string) {
	t.Helper()
	for _, o := range outputs {
		if oidInName.MatchString(o) || strings.Contains(o, "=#") {
			t.Errorf("%s prints an attribute as an OID:\n%s", what, o)
		}
	}
}

// jsonValues returns the string values of every field named key in the
// JSON text: arrays in order, an object's own field first, then its other
// fields by name.
func jsonValues(t *testing.T, text, key string) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, text)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			if s, ok := v[key].(string); ok {
				out = append(out, s)
			}
			for _, k := range slices.Sorted(maps.Keys(v)) {
				if k != key {
					walk(v[k])
				}
			}
		}
	}
	walk(v)
	return out
}

// linesWith returns the lines of text that contain sub, trimmed.
func linesWith(text, sub string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return out
}

func wantNames(t *testing.T, what string, want, got []string) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

func TestADCSNamesSplit(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := certkit(t, nil, "split", "-o", dir, adcsFile("certnew.p7b"))
	if code != exitOK {
		t.Fatalf("split: exit %d: %s", code, errs)
	}
	want := filepath.Join(dir, "01-root-VeryBigCo-ROOT-CA.pem") + "\t" + adcsRoot + "\n" +
		filepath.Join(dir, "02-intermediate-VeryBigCo-Issuing-CA.pem") + "\t" + adcsIssuing + "\n" +
		filepath.Join(dir, "03-leaf-vgw1.verybigco.local.pem") + "\t" + adcsGateway + "\n"
	if out != want {
		t.Errorf("split stdout:\n%s\nwant:\n%s", out, want)
	}
	code, out, errs = certkit(t, nil, "split", "--json", "-o", t.TempDir(), adcsFile("certnew.p7b"))
	if code != exitOK {
		t.Fatalf("split --json: exit %d: %s", code, errs)
	}
	wantNames(t, "split --json subjects", []string{adcsRoot, adcsIssuing, adcsGateway}, jsonValues(t, out, "subject"))
	noOIDs(t, "split", out, errs)
}

func TestADCSNamesInspect(t *testing.T) {
	code, out, errs := certkit(t, nil, "inspect", adcsFile("certnew.p7b"), adcsFile("vgw1.csr"))
	if code != exitOK {
		t.Fatalf("inspect: exit %d: %s", code, errs)
	}
	wantNames(t, "inspect subject lines", []string{
		"subject:          " + adcsIssuing,
		"subject:          " + adcsGateway,
		"subject:          " + adcsRoot,
		"subject:          " + adcsGateway, // the request
	}, linesWith(out, "subject:"))
	wantNames(t, "inspect issuer lines", []string{
		"issuer:           " + adcsRoot,
		"issuer:           " + adcsIssuing,
		"issuer:           " + adcsRoot,
	}, linesWith(out, "issuer:"))
	code, out, errs = certkit(t, nil, "inspect", "--json", adcsFile("certnew.p7b"), adcsFile("vgw1.csr"))
	if code != exitOK {
		t.Fatalf("inspect --json: exit %d: %s", code, errs)
	}
	wantNames(t, "inspect --json subjects", []string{adcsIssuing, adcsGateway, adcsRoot, adcsGateway}, jsonValues(t, out, "subject"))
	wantNames(t, "inspect --json issuers", []string{adcsRoot, adcsIssuing, adcsRoot}, jsonValues(t, out, "issuer"))
	noOIDs(t, "inspect", out, errs)
}

func TestADCSNamesOrder(t *testing.T) {
	code, out, errs := certkit(t, nil, "order", "--json", adcsFile("certnew.p7b"))
	if code != exitOK {
		t.Fatalf("order --json: exit %d: %s", code, errs)
	}
	wantNames(t, "order --json subjects", []string{adcsRoot, adcsIssuing, adcsGateway}, jsonValues(t, out, "subject"))
	noOIDs(t, "order", out, errs)

	// The gateway alone: the missing issuer is named as openssl names it.
	missing := `certkit: chain 1: issuer of CN=vgw1.verybigco.local is missing: ` + adcsIssuing +
		" (key id 17E678334BFD507AAC651BDBB5863ACD62CE7BF6); get it from http://pki.verybigco.local/CertEnroll/VeryBigCo-Issuing-CA.crt"
	code, out, errs = certkit(t, nil, "order", adcsFile("gateway.pem"))
	if code != exitCheck {
		t.Errorf("order gateway.pem: exit %d, want 1", code)
	}
	wantNames(t, "order missing-issuer message", []string{missing}, linesWith(errs, "is missing"))
	noOIDs(t, "order", out, errs)
	code, out, _ = certkit(t, nil, "order", "--json", adcsFile("gateway.pem"))
	if code != exitCheck {
		t.Errorf("order --json gateway.pem: exit %d, want 1", code)
	}
	wantNames(t, "order --json missing issuer", []string{adcsIssuing}, jsonValues(t, out, "issuer"))
}

func TestADCSNamesIssuerFor(t *testing.T) {
	code, out, errs := certkit(t, nil, "issuer-for", adcsFile("gateway.pem"), adcsFile("certnew.p7b"))
	if code != exitOK {
		t.Fatalf("issuer-for: exit %d: %s", code, errs)
	}
	wantNames(t, "issuer-for subject line", []string{"subject:          " + adcsIssuing}, linesWith(errs, "subject:"))
	if issuing, err := os.ReadFile(adcsFile("issuing.pem")); err != nil || out != string(issuing) {
		t.Errorf("issuer-for stdout is not issuing.pem (%v):\n%s", err, out)
	}
	noOIDs(t, "issuer-for", errs)

	code, out, errs = certkit(t, nil, "issuer-for", "--json", adcsFile("gateway.pem"), adcsFile("certnew.p7b"))
	if code != exitOK {
		t.Fatalf("issuer-for --json: exit %d: %s", code, errs)
	}
	wantNames(t, "issuer-for --json subject", []string{adcsIssuing}, jsonValues(t, out, "subject"))

	missing := `certkit: issuer of CN=vgw1.verybigco.local is missing: ` + adcsIssuing +
		" (key id 17E678334BFD507AAC651BDBB5863ACD62CE7BF6); get it from http://pki.verybigco.local/CertEnroll/VeryBigCo-Issuing-CA.crt\n"
	code, out, errs = certkit(t, nil, "issuer-for", adcsFile("gateway.pem"), adcsFile("root.pem"))
	if code != exitCheck || errs != missing || out != "" {
		t.Errorf("issuer-for without the issuing CA: exit %d, stdout %q, stderr\n%s\nwant exit 1, no output and\n%s", code, out, errs, missing)
	}
	code, out, _ = certkit(t, nil, "issuer-for", "--json", adcsFile("gateway.pem"), adcsFile("root.pem"))
	if code != exitCheck {
		t.Errorf("issuer-for --json without the issuing CA: exit %d, want 1", code)
	}
	wantNames(t, "issuer-for --json missing issuer", []string{adcsIssuing}, jsonValues(t, out, "issuer"))

	// --ios: the paste session, and the notes and warnings about it.
	code, out, errs = certkit(t, nil, "issuer-for", "--ios", "vgw1", adcsFile("certnew.p7b"))
	if code != exitOK {
		t.Errorf("issuer-for --ios: exit %d, want 0 (the trustpoint's name is free; the CN is the FQDN)", code)
	}
	// The CN is vgw1.verybigco.local and the trustpoint vgw1: the name
	// rule matches, so no note; the intermediate CA needs none either.
	wantNames(t, "issuer-for --ios messages", nil, append(linesWith(errs, "note:"), linesWith(errs, "warning:")...))
	if !strings.HasPrefix(out, "crypto pki authenticate vgw1\n") {
		t.Errorf("issuer-for --ios stdout starts %q", out[:min(len(out), 40)])
	}
	noOIDs(t, "issuer-for --ios", out, errs)
}

func TestADCSNamesCUCM(t *testing.T) {
	code, out, errs := certkit(t, nil, "cucm", "--trunk-subject", "vgw1.verybigco.local cn=vgw1.verybigco.local", adcsFile("certnew.p7b"))
	if code != exitOK {
		t.Errorf("cucm: exit %d, want 0 (the gateway's .p7b is fine: its certificate is not uploaded)", code)
	}
	wantNames(t, "cucm step lines", []string{
		"1. purpose CallManager-trust " + adcsRoot,
		"2. purpose CallManager-trust " + adcsIssuing,
	}, linesWith(out, "purpose"))
	wantNames(t, "cucm trunk names", []string{
		"vgw1.verybigco.local     matches the CN",
		"cn=vgw1.verybigco.local  matches the CN",
	}, linesWith(out, "matches"))
	noOIDs(t, "cucm", out, errs)

	code, out, errs = certkit(t, nil, "cucm", "--json", adcsFile("certnew.p7b"))
	if code != exitOK {
		t.Errorf("cucm --json: exit %d, want 0 (a .p7b holding the leaf is a note)", code)
	}
	// The three steps; the .p7b holding the gateway is a note, which has
	// no subject field.
	wantNames(t, "cucm --json subjects", []string{adcsRoot, adcsIssuing, adcsGateway}, jsonValues(t, out, "subject"))
	noOIDs(t, "cucm --json", out, errs)
}

func TestADCSNamesCSR(t *testing.T) {
	code, out, errs := certkit(t, nil, "csr", adcsFile("vgw1.csr"))
	if code != exitOK {
		t.Fatalf("csr: exit %d: %s", code, errs)
	}
	wantNames(t, "csr subject line", []string{"subject:             " + adcsGateway}, linesWith(out, "subject:"))
	wantNames(t, "csr unstructuredName finding", []string{
		`info    unstructured-name: IOS added unstructuredName=vgw1.verybigco.local to the subject; CAs may drop it, and "fqdn none" under the trustpoint leaves it out`,
	}, linesWith(out, "unstructured-name"))
	code, out, errs = certkit(t, nil, "csr", "--json", adcsFile("vgw1.csr"))
	if code != exitOK {
		t.Fatalf("csr --json: exit %d: %s", code, errs)
	}
	wantNames(t, "csr --json subject", []string{adcsGateway}, jsonValues(t, out, "subject"))
	noOIDs(t, "csr", out, errs)
}

func TestADCSNamesConvert(t *testing.T) {
	// convert names certificates by their CN in its notes.
	code, out, errs := certkit(t, nil, "convert", "--no-leaf", adcsFile("certnew.p7b"))
	if code != exitOK {
		t.Fatalf("convert --no-leaf: exit %d: %s", code, errs)
	}
	if want := "certkit: note: left out the leaf certificate CN=vgw1.verybigco.local\n"; errs != want {
		t.Errorf("convert --no-leaf stderr %q, want %q", errs, want)
	}
	noOIDs(t, "convert", errs)
	_ = out
}
