package main

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
)

func chainData(name string) string { return filepath.Join("..", "..", "testdata", "chain", name) }

// pemNames returns the common names of the PEM certificates in s, in order.
func chainPEMNames(t *testing.T, s string) []string {
	t.Helper()
	var names []string
	rest := []byte(s)
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, c.Subject.CommonName)
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		t.Errorf("stdout has more than PEM: %q", rest)
	}
	return names
}

// orderOut decodes order --json output; its field names are the contract.
type orderOut struct {
	Chains []struct {
		Complete     bool  `json:"complete"`
		Verified     *bool `json:"verified"`
		Certificates []struct {
			Role       string `json:"role"`
			SHA256     string `json:"sha256"`
			Subject    string `json:"subject"`
			CommonName string `json:"common_name"`
			NotAfter   string `json:"not_after"`
		} `json:"certificates"`
		Missing *struct {
			Issuer         string   `json:"issuer"`
			AuthorityKeyID string   `json:"authority_key_id"`
			AIA            []string `json:"aia"`
		} `json:"missing"`
		Warnings []struct {
			Severity string `json:"severity"`
			Code     string `json:"code"`
			Message  string `json:"message"`
			SHA256   string `json:"sha256"`
			Subject  string `json:"subject"`
		} `json:"warnings"`
	} `json:"chains"`
}

func decodeOrder(t *testing.T, s string) orderOut {
	t.Helper()
	var o orderOut
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		t.Fatalf("order --json: %v\n%s", err, s)
	}
	return o
}

// paths lists each chain as "role:CN" strings, root first.
func (o orderOut) paths() [][]string {
	out := [][]string{}
	for _, ch := range o.Chains {
		p := []string{}
		for _, c := range ch.Certificates {
			p = append(p, c.Role+":"+c.CommonName)
		}
		out = append(out, p)
	}
	return out
}

func TestOrderPEM(t *testing.T) {
	code, out, errOut := certkit(t, nil, "order", chainData("adcs-renewed.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := []string{
		"Example Voice Root CA", "Example Voice Issuing CA",
		"Example Voice Root CA", "Example Voice Issuing CA", "vgw1.example.com",
	}
	if diff := cmp.Diff(want, chainPEMNames(t, out)); diff != "" {
		t.Errorf("PEM (-want +got):\n%s", diff)
	}

	code, out, _ = certkit(t, nil, "order", chainData("adcs-renewed.pem"), "--leaf-first")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	want = []string{
		"Example Voice Issuing CA", "Example Voice Root CA",
		"vgw1.example.com", "Example Voice Issuing CA", "Example Voice Root CA",
	}
	if diff := cmp.Diff(want, chainPEMNames(t, out)); diff != "" {
		t.Errorf("--leaf-first PEM (-want +got):\n%s", diff)
	}
}

func TestOrderJSON(t *testing.T) {
	code, out, errOut := certkit(t, nil, "order", "--json", chainData("adcs-renewed.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	o := decodeOrder(t, out)
	want := [][]string{
		{"root:Example Voice Root CA", "intermediate:Example Voice Issuing CA"},
		{"root:Example Voice Root CA", "intermediate:Example Voice Issuing CA", "leaf:vgw1.example.com"},
	}
	if diff := cmp.Diff(want, o.paths()); diff != "" {
		t.Errorf("chains (-want +got):\n%s", diff)
	}
	for _, ch := range o.Chains {
		if !ch.Complete || ch.Verified != nil || ch.Missing != nil || ch.Warnings == nil {
			t.Errorf("chain: complete %v verified %v missing %v warnings %v", ch.Complete, ch.Verified, ch.Missing, ch.Warnings)
		}
	}
	leaf := o.Chains[1].Certificates[2]
	if leaf.Subject != "CN=vgw1.example.com,O=Example Voice,C=US" || leaf.NotAfter != "2125-01-01T00:00:00Z" || len(leaf.SHA256) != 64 {
		t.Errorf("leaf fields: %+v", leaf)
	}
	// The raw JSON carries "verified": null and "missing": null.
	var raw map[string][]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if v := string(raw["chains"][0]["verified"]); v != "null" {
		t.Errorf(`"verified" = %s, want null`, v)
	}
}

func TestOrderIncomplete(t *testing.T) {
	code, out, errOut := certkit(t, nil, "order", "--json", chainData("vgw2.pem"))
	if code != exitCheck {
		t.Fatalf("exit %d, want %d: %s", code, exitCheck, errOut)
	}
	o := decodeOrder(t, out)
	if len(o.Chains) != 1 || o.Chains[0].Complete || o.Chains[0].Missing == nil {
		t.Fatalf("want one incomplete chain with missing, got %+v", o)
	}
	m := o.Chains[0].Missing
	if m.Issuer != "CN=Example Voice Issuing CA 2,O=Example Voice,C=US" ||
		!cmp.Equal(m.AIA, []string{"http://pki.example.com/issuing-ca-2.crt"}) || len(m.AuthorityKeyID) != 40 {
		t.Errorf("missing: %+v", m)
	}
}

func TestOrderVerifyWithTrust(t *testing.T) {
	dir := t.TempDir()
	// Trust only the root, in a file of its own.
	res := chainDecodeFile(t, chainData("adcs-renewed.p7b"))
	root := filepath.Join(dir, "root.pem")
	chainWritePEM(t, root, res.Certificates[2])
	code, out, errOut := certkit(t, nil, "order", "--json", "--verify", "--trust", root, "--at", "2030-01-01T00:00:00Z", chainData("adcs-renewed.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, ch := range decodeOrder(t, out).Chains {
		if ch.Verified == nil || !*ch.Verified {
			t.Errorf("chain not verified: %s", errOut)
		}
	}
	// In 2101 the old issuing CA has expired: its chain no longer verifies.
	code, out, _ = certkit(t, nil, "order", "--json", "--verify", "--at", "2101-01-01T00:00:00Z", chainData("adcs-renewed.p7b"))
	if code != exitCheck {
		t.Errorf("exit %d, want %d", code, exitCheck)
	}
	o := decodeOrder(t, out)
	if v := o.Chains[0].Verified; v == nil || *v {
		t.Errorf("old chain verified %v in 2101", v)
	}
	if len(o.Chains[0].Warnings) == 0 {
		t.Error("no warning about the expired issuing CA")
	}
	for _, w := range o.Chains[0].Warnings {
		// An expired certificate is an error (a device refuses it).
		if (w.Severity != "warning" && w.Severity != "error") || w.Code == "" || w.Message == "" || len(w.SHA256) != 64 || w.Subject == "" {
			t.Errorf("warning %+v lacks one of severity, code, message, sha256, subject", w)
		}
	}
}

// Duplicates across files and formats count once: PEM, DER and .p7b.
func TestOrderDuplicatesAcrossFormats(t *testing.T) {
	dir := t.TempDir()
	certs := chainDecodeFile(t, chainData("adcs-renewed.p7b")).Certificates
	gw, root, ica := certs[1], certs[2], certs[3]
	chainWritePEM(t, filepath.Join(dir, "gw.pem"), gw, ica)
	if err := os.WriteFile(filepath.Join(dir, "ica.cer"), ica.Raw, 0o644); err != nil {
		t.Fatal(err)
	}
	p7, err := convert.Encode([]*x509.Certificate{root, ica}, convert.EncodeOptions{Format: convert.FormatPKCS7})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "chain.p7b"), p7, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := certkit(t, nil, "order", "--json",
		filepath.Join(dir, "gw.pem"), filepath.Join(dir, "ica.cer"), filepath.Join(dir, "chain.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := [][]string{{"root:Example Voice Root CA", "intermediate:Example Voice Issuing CA", "leaf:vgw1.example.com"}}
	if diff := cmp.Diff(want, decodeOrder(t, out).paths()); diff != "" {
		t.Errorf("chains (-want +got):\n%s", diff)
	}
}

func TestOrderStdin(t *testing.T) {
	data, err := os.ReadFile(chainData("reissued.pem"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := certkit(t, data, "order", "--json", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := [][]string{{"root:Example Voice Root CA", "intermediate:Example Voice Issuing CA", "leaf:vgw1.example.com"}}
	if diff := cmp.Diff(want, decodeOrder(t, out).paths()); diff != "" {
		t.Errorf("chains (-want +got):\n%s", diff)
	}
	if !bytes.Contains([]byte(errOut), []byte("not in any chain")) {
		t.Errorf("stderr does not name the certificate outside every chain:\n%s", errOut)
	}
}

func TestOrderUsage(t *testing.T) {
	for _, args := range [][]string{
		{"order"},
		{"order", "--at", "yesterday", chainData("vgw2.pem")},
		{"order", "--no-such-flag", chainData("vgw2.pem")},
		{"order", filepath.Join(t.TempDir(), "absent.pem")},
		{"order", "--trust", filepath.Join(t.TempDir(), "absent.pem"), chainData("vgw2.pem")},
		{"order", "../../go.mod"},
	} {
		if code, out, _ := certkit(t, nil, args...); code != exitUsage || out != "" {
			t.Errorf("%q: exit %d, stdout %q; want %d and nothing", args, code, out, exitUsage)
		}
	}
	if code, _, _ := certkit(t, nil, "order", "-h"); code != exitOK {
		t.Errorf("order -h: exit %d", code)
	}
}

func chainDecodeFile(t *testing.T, path string) *convert.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func chainWritePEM(t *testing.T, path string, certs ...*x509.Certificate) {
	t.Helper()
	b, err := convert.Encode(certs, convert.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkOrderCommand runs certkit order --json on a DER .p7b of 5,000
// certificates (40 roots, 2 issuing CAs each, the rest gateways), as a user
// would; compare with BenchmarkParseAndCheck in pkg/chain.
func BenchmarkOrderCommand(b *testing.B) {
	p7 := chainBenchStore(b, 5000)
	path := filepath.Join(b.TempDir(), "store.p7b")
	if err := os.WriteFile(path, p7, 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var out, errOut bytes.Buffer
		if code := run([]string{"order", "--json", path}, nil, &out, &errOut); code != exitOK {
			b.Fatalf("exit %d: %s", code, errOut.String())
		}
	}
}

// benchStore makes a shuffled DER .p7b of n certificates: 40 roots with 2
// issuing CAs each, the rest gateway certificates.
func chainBenchStore(b *testing.B, n int) []byte {
	b.Helper()
	certs, err := testkit.BenchStore(n, 40)
	if err != nil {
		b.Fatal(err)
	}
	p7, err := convert.Encode(certs, convert.EncodeOptions{Format: convert.FormatPKCS7})
	if err != nil {
		b.Fatal(err)
	}
	return p7
}

func chainContains(s, sub string) bool { return bytes.Contains([]byte(s), []byte(sub)) }

func chainMustPEM(t *testing.T, c *x509.Certificate) []byte {
	t.Helper()
	b, err := convert.Encode([]*x509.Certificate{c}, convert.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOrderTrustOtherRoot: --trust names the root the engineer trusts; a
// bundle whose chain ends at another root of the same name is complete but
// not what was asked, so order says so and exits 1.
func TestOrderTrustOtherRoot(t *testing.T) {
	ours := filepath.Join("..", "..", "testdata", "cisco", "three", "root.pem")
	bundle := filepath.Join("..", "..", "testdata", "samples", "certnew.p7b")
	code, out, errOut := certkit(t, nil, "order", "--trust", ours, bundle)
	if code != exitCheck {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitCheck, errOut)
	}
	if !strings.Contains(errOut, "NOT at a trust anchor") || !strings.Contains(errOut, "none of the trust anchors given") {
		t.Errorf("stderr does not say the chain misses the anchor:\n%s", errOut)
	}
	if !strings.Contains(out, "BEGIN CERTIFICATE") {
		t.Errorf("the chain was not printed:\n%s", out)
	}
}
