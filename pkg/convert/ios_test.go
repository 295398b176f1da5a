package convert

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/input"
	"github.com/voicepki/certkit/internal/testkit"
)

// iosExpect is one entry of testdata/ios/config/manifest.json: what the
// generator put in a configuration.
type iosExpect struct {
	Certificates []iosWant `json:"certificates"`
	References   []iosRef  `json:"references"`
	Mismatch     []string  `json:"serial_mismatch"`
	Error        string    `json:"error"`
}

type iosWant struct {
	SHA256     string `json:"sha256"`
	Trustpoint string `json:"trustpoint"`
	Role       string `json:"role"`
}

type iosRef struct {
	Trustpoint string `json:"trustpoint"`
	Role       string `json:"role"`
	Serial     string `json:"serial"`
	Location   string `json:"location"`
}

func iosManifest(t *testing.T) map[string]iosExpect {
	t.Helper()
	var m map[string]iosExpect
	if err := json.Unmarshal(readTestdata(t, "ios/config/manifest.json"), &m); err != nil {
		t.Fatal(err)
	}
	if len(m) < 20 {
		t.Fatalf("manifest lists %d configurations, want every variant", len(m))
	}
	return m
}

func sha256Of(c *x509.Certificate) string {
	s := sha256.Sum256(c.Raw)
	return hex.EncodeToString(s[:])
}

// TestDecodeIOSConfigs decodes every generated configuration and checks
// the certificates it yields by sha256, trustpoint and role, the
// references it reports, and the errors it gives for broken hex.
func TestDecodeIOSConfigs(t *testing.T) {
	for name, want := range iosManifest(t) {
		t.Run(name, func(t *testing.T) {
			res, err := Decode(readTestdata(t, "ios/config/"+name), Options{})
			switch want.Error {
			case "malformed", "truncated":
				sentinel := map[string]error{"malformed": ErrMalformed, "truncated": ErrTruncated}[want.Error]
				var de *DecodeError
				if !errors.As(err, &de) || !errors.Is(err, sentinel) {
					t.Fatalf("err = %v, want a *DecodeError wrapping %v", err, sentinel)
				}
				if !strings.Contains(err.Error(), "trustpoint verybiggw") {
					t.Errorf("error %q does not name the trustpoint", err)
				}
				return
			case "no-certificates":
				if !errors.Is(err, ErrNoCertificates) || res == nil {
					t.Fatalf("err = %v, res = %v; want ErrNoCertificates with a result", err, res)
				}
				if !strings.Contains(err.Error(), "by reference only") || !strings.Contains(err.Error(), want.References[0].Trustpoint) {
					t.Errorf("error %q does not say the certificate is shown by reference, naming the trustpoint", err)
				}
			case "":
				if err != nil {
					t.Fatal(err)
				}
			}
			var got []iosWant
			var mismatch []string
			for _, c := range res.IOS {
				got = append(got, iosWant{sha256Of(c.Certificate), c.Trustpoint, string(c.Role)})
				if c.SerialMismatch() {
					mismatch = append(mismatch, c.HeaderSerial)
				}
			}
			if diff := cmp.Diff(want.Certificates, got); diff != "" {
				t.Errorf("certificates (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want.Mismatch, mismatch); diff != "" {
				t.Errorf("serial mismatches (-want +got):\n%s", diff)
			}
			var refs []iosRef
			for _, r := range res.IOSReferences {
				refs = append(refs, iosRef{r.Trustpoint, string(r.Role), r.Serial, r.Location})
				if !strings.Contains(r.String(), "crypto pki export "+r.Trustpoint+" pem terminal") {
					t.Errorf("reference %q does not say how to capture the certificate", r)
				}
			}
			if diff := cmp.Diff(want.References, refs); diff != "" {
				t.Errorf("references (-want +got):\n%s", diff)
			}
			// Every certificate IOS lists is in Certificates too, once.
			all := map[string]bool{}
			for _, c := range res.Certificates {
				all[sha256Of(c)] = true
			}
			for _, w := range want.Certificates {
				if !all[w.SHA256] {
					t.Errorf("certificate %s of %s is missing from Certificates", w.SHA256[:12], w.Trustpoint)
				}
			}
			if len(res.IOS) > 0 && !containsEncoding(res.Encodings, encIOS) && !strings.HasPrefix(name, "export") {
				t.Errorf("Encodings %v lack %q", res.Encodings, encIOS)
			}
		})
	}
}

// TestDecodeIOSErrorsSayWhat checks the words of each refusal: what is
// wrong and on which line.
func TestDecodeIOSErrorsSayWhat(t *testing.T) {
	for name, want := range map[string]string{
		"bad/odd-length.txt":        "odd number of digits",
		"bad/non-hex.txt":           "not hex",
		"bad/no-quit.txt":           "no quit before line",
		"bad/no-quit-crypto.txt":    "no quit before line",
		"bad/not-a-certificate.txt": "not one DER certificate",
		"bad/truncated.txt":         "ends before the quit",
	} {
		_, err := Decode(readTestdata(t, "ios/config/"+name), Options{})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "(line ") {
			t.Errorf("%s: err = %v, want it to say %q and give the line", name, err, want)
		}
	}
}

// TestIOSRoundTrip writes every certificate of the test data as IOS hex
// and reads it back: the same DER, trustpoint and role come out.
func TestIOSRoundTrip(t *testing.T) {
	res, err := Decode(readTestdata(t, "cisco/four/certnew.p7b"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, lower := range []bool{false, true} {
		var cfg strings.Builder
		for i, c := range res.Certificates {
			fmt.Fprintf(&cfg, "crypto pki certificate chain tp%d\n certificate ca %X\n%s  \tquit\n", i, c.SerialNumber, testkit.HexLines(c.Raw, lower))
		}
		got, err := Decode([]byte(cfg.String()), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.IOS) != len(res.Certificates) {
			t.Fatalf("read %d certificates back, wrote %d", len(got.IOS), len(res.Certificates))
		}
		for i, c := range got.IOS {
			if !bytes.Equal(c.Certificate.Raw, res.Certificates[i].Raw) || c.Trustpoint != fmt.Sprintf("tp%d", i) || c.Role != input.IOSCA || c.SerialMismatch() {
				t.Errorf("certificate %d came back as %s/%s, mismatch %v, same DER %v", i, c.Trustpoint, c.Role,
					c.SerialMismatch(), bytes.Equal(c.Certificate.Raw, res.Certificates[i].Raw))
			}
		}
	}
}

// TestIOSSameCAInTwoTrustpoints: a CA certificate held by two trustpoints
// is one certificate, listed under both.
func TestIOSSameCAInTwoTrustpoints(t *testing.T) {
	res, err := Decode(readTestdata(t, "cisco/three/issuing.pem"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Certificates[0]
	cfg := fmt.Sprintf("crypto pki certificate chain a\n certificate ca %X\n%s  \tquit\ncrypto pki certificate chain b\n certificate ca %X\n%s  \tquit\n",
		c.SerialNumber, testkit.HexLines(c.Raw, false), c.SerialNumber, testkit.HexLines(c.Raw, false))
	got, err := Decode([]byte(cfg), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tps []string
	for _, x := range got.IOS {
		tps = append(tps, x.Trustpoint)
	}
	if len(got.Certificates) != 1 || got.Duplicates != 1 || strings.Join(tps, ",") != "a,b" {
		t.Errorf("got %d certificates (%d duplicates) in trustpoints %v; want 1 in a and b", len(got.Certificates), got.Duplicates, tps)
	}
}

// TestIOSTextNotMistakenForIOS: a text that mentions certificates but is
// no IOS configuration is read as before.
func TestIOSTextNotMistakenForIOS(t *testing.T) {
	pem := readTestdata(t, "cisco/three/root.pem")
	text := append([]byte("certificate for the root, as requested:\ncertificate ca\n"), pem...)
	res, err := Decode(text, Options{})
	if err != nil || len(res.Certificates) != 1 || len(res.IOS) != 0 {
		t.Fatalf("res = %+v, err = %v", res, err)
	}
}

func TestIOSManifestCoversEveryFile(t *testing.T) {
	m := iosManifest(t)
	var missing []string
	for _, glob := range []string{"*", "bad/*"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "ios", "config", glob))
		for _, f := range files {
			rel, _ := filepath.Rel(filepath.Join("..", "..", "testdata", "ios", "config"), f)
			if st, err := os.Stat(f); err != nil || st.IsDir() || rel == "manifest.json" {
				continue
			}
			if _, ok := m[filepath.ToSlash(rel)]; !ok {
				missing = append(missing, rel)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("files without a manifest entry: %v", missing)
	}
}

// FuzzDecodeIOS fuzzes the IOS hex reader from the generated
// configurations: no panic, only *DecodeError, every certificate it ties to
// a trustpoint is in Certificates, and a configuration written back out
// from what it read reads back the same.
func FuzzDecodeIOS(f *testing.F) {
	addSeeds(f, "ios/config/*.txt", "ios/config/*.log", "ios/config/bad/*", "ios/fleet/*.cfg")
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Decode(data, Options{})
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T) is not a *DecodeError", err, err)
			}
			return
		}
		if len(res.IOS) == 0 {
			return
		}
		var cfg strings.Builder
		for _, c := range res.IOS {
			if c.Trustpoint == "" || strings.ContainsAny(c.Trustpoint, " \t") {
				continue
			}
			fmt.Fprintf(&cfg, "crypto pki certificate chain %s\n certificate %s\n%s  \tquit\n", c.Trustpoint, "01", testkit.HexLines(c.Certificate.Raw, false))
		}
		if cfg.Len() == 0 {
			return
		}
		again, err := Decode([]byte(cfg.String()), Options{})
		if err != nil {
			t.Fatalf("re-reading what was read: %v", err)
		}
		n := 0
		for _, c := range res.IOS {
			if c.Trustpoint != "" && !strings.ContainsAny(c.Trustpoint, " \t") {
				if !bytes.Equal(again.IOS[n].Certificate.Raw, c.Certificate.Raw) {
					t.Fatalf("certificate %d differs after a round trip", n)
				}
				n++
			}
		}
	})
}

// TestDecodeSignedBundle reads a bundle shaped as Cisco's ios_core.p7b:
// the inner CAs and the outer signer's certificates, the signer named and
// its signature checked.
func TestDecodeSignedBundle(t *testing.T) {
	res, err := Decode(readTestdata(t, "ios/trustpool/ios_core.p7b"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Example Voice Root CA", "Example Voice Issuing CA", "Cisco Licensing Root CA",
		"Example Trustpool Signing", "Example Trustpool Root CA"}, names(res.Certificates)); diff != "" {
		t.Errorf("certificates (-want +got):\n%s", diff)
	}
	if len(res.SignedBundles) != 1 {
		t.Fatalf("%d signed bundles, want 1", len(res.SignedBundles))
	}
	b := res.SignedBundles[0]
	if len(b.Inner) != 3 || len(b.Outer) != 2 || b.Signer == nil || b.Signer.Subject.CommonName != "Example Trustpool Signing" || b.SignatureError != nil {
		t.Errorf("bundle: %d inner, %d outer, signer %v, signature error %v", len(b.Inner), len(b.Outer), b.Signer, b.SignatureError)
	}
	bad, err := Decode(readTestdata(t, "ios/trustpool/ios_core-bad-signature.p7b"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad.SignedBundles) != 1 || bad.SignedBundles[0].SignatureError == nil || len(bad.Certificates) != 5 {
		t.Errorf("a broken signature: %d bundles, %d certificates, error %v", len(bad.SignedBundles), len(bad.Certificates), bad.SignedBundles)
	}
	// A plain certificates-only PKCS#7 is no signed bundle.
	plain, err := Decode(readTestdata(t, "cisco/three/certnew.p7b"), Options{})
	if err != nil || len(plain.SignedBundles) != 0 {
		t.Errorf("certnew.p7b: %v, %d bundles", err, len(plain.SignedBundles))
	}
}

// TestIOSConfigAndRequestInOneLog: a session log holding a configuration's
// hex and a request crypto pki enroll printed as bare base64 gives both.
func TestIOSConfigAndRequestInOneLog(t *testing.T) {
	log := append(readTestdata(t, "ios/config/basic.txt"), readTestdata(t, "csr/ios-capture.txt")...)
	res, err := Decode(log, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.IOS) != 2 || len(res.Requests) != 1 {
		t.Errorf("%d IOS certificates and %d requests, want 2 and 1", len(res.IOS), len(res.Requests))
	}
}

// TestDecodeShowOutput: show crypto pki output describes certificates
// without holding them; Decode says what it is (ErrShowOutput, still an
// ErrUnrecognized), naming the command when the prompt shows it and what
// it describes, where it said "text with no PEM block" before. A capture
// without its prompt, as ntc-templates keeps them, is recognised too.
func TestDecodeShowOutput(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"certificates.txt", "IOS show crypto pki certificates output: details of 4 certificates, not the certificates themselves"},
		{"certificates-verbose.txt", "IOS show crypto pki certificates output: details of 4 certificates, not the certificates themselves"},
		{"certificates-verbose-spacing.txt", "IOS show crypto pki certificates output: details of 4 certificates, not the certificates themselves"},
		{"trustpoints.txt", "IOS show crypto pki trustpoints output: details of 3 trustpoints, not the certificates themselves"},
		{"trustpoints-status.txt", "IOS show crypto pki trustpoints output: details of 3 trustpoints, not the certificates themselves"},
		{"trustpool.txt", "IOS show crypto pki trustpool output: details of 2 certificates, not the certificates themselves"},
	} {
		data := readTestdata(t, "ios/show/"+tc.file)
		_, err := Decode(data, Options{})
		var de *DecodeError
		if !errors.Is(err, ErrShowOutput) || !errors.Is(err, ErrUnrecognized) || !errors.As(err, &de) || de.Found != tc.want {
			t.Errorf("%s: %v; want ErrShowOutput saying %q", tc.file, err, tc.want)
		}
		// Without the prompt line, as ntc-templates keeps captures.
		_, body, _ := bytes.Cut(data, []byte("\n"))
		_, err = Decode(body, Options{})
		if !errors.Is(err, ErrShowOutput) || !strings.HasPrefix(err.Error(), "convert: IOS show crypto pki output: details of ") {
			t.Errorf("%s without its prompt: %v", tc.file, err)
		}
	}
	// Prose that names a certificate is not show output.
	prose := []byte("Certificate\nStatus of the request: pending\nTrustpoint vgw1:\nplease renew\n")
	if _, err := Decode(prose, Options{}); errors.Is(err, ErrShowOutput) || !errors.Is(err, ErrUnrecognized) {
		t.Errorf("prose: %v; want ErrUnrecognized, not ErrShowOutput", err)
	}
}

// TestShowCommand: the prompt names the command in any abbreviation IOS
// takes.
func TestShowCommand(t *testing.T) {
	for l, want := range map[string]string{
		"vgw1#show crypto pki certificates verbose": " certificates",
		"vgw1#sh cry pki cert":                      " certificates",
		"vgw1>sh crypto pki trustpoints status":     " trustpoints",
		"vgw1#show crypto pki trustpool":            " trustpool",
		"vgw1#show crypto pki trustp":               "",
		"vgw1#show running-config":                  "",
		"cn=vgw1#2":                                 "",
	} {
		if got := showCommand(l); got != want {
			t.Errorf("showCommand(%q) = %q, want %q", l, got, want)
		}
	}
}
