package main

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/cisco/ios"
)

func TestInspectText(t *testing.T) {
	code, out, errs := certkit(t, nil, "inspect", convertData("samples/certnew.p7b"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"pkcs7-der; 3 certificate(s)",
		"certificate 1 (intermediate)", "certificate 2 (leaf)", "certificate 3 (root)",
		"subject:          CN=vgw1.example.com,O=Example Voice,C=US",
		"issuer:           CN=Example Voice Issuing CA,O=Example Voice,C=US",
		"SANs:             DNS:vgw1.example.com",
		"key:              RSA 2048",
		"signature:        SHA256-RSA",
		"not after:        2125-01-01T00:00:00Z\n",
		"self-signed:      yes",
		"Fingerprint MD5:  ",
		"Fingerprint SHA1: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestInspectJSON(t *testing.T) {
	code, out, errs := certkit(t, nil, "inspect", "--json", convertData("convert/leaf-and-key.pem"), convertData("convert/request.csr"), convertData("convert/crl-only.p7c"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var files []inspectFile
	if err := json.Unmarshal([]byte(out), &files); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(files) != 3 {
		t.Fatalf("%d files, want 3", len(files))
	}
	leaf := files[0].Certificates[0]
	if leaf.Subject != "CN=cube1.example.com,O=Example Voice,C=US" || leaf.Key != "ECDSA P-256" || leaf.CA || leaf.SelfSigned ||
		leaf.Validity != "valid" || leaf.AKI == "" || len(leaf.SHA256) != 64 {
		t.Errorf("leaf: %+v", leaf)
	}
	if diff := cmp.Diff([]string{"DNS:cube1.example.com"}, leaf.SANs); diff != "" {
		t.Errorf("SANs (-want +got):\n%s", diff)
	}
	if files[0].PrivateKeys != 1 {
		t.Errorf("private keys = %d, want 1", files[0].PrivateKeys)
	}
	if len(files[1].Requests) != 1 || files[1].Requests[0].Subject != "CN=cube1.example.com" {
		t.Errorf("CSR file: %+v", files[1])
	}
	if len(files[2].CRLs) != 1 || files[2].Error == "" || files[2].CRLs[0].Revoked != 1 {
		t.Errorf("CRL-only file: %+v", files[2])
	}
	if !strings.Contains(errs, "certkit: "+convertData("convert/crl-only.p7c")+": ") {
		t.Errorf("no diagnostic for the CRL-only file: %q", errs)
	}
}

// TestInspectIOSFingerprints checks the fingerprints against pkg/cisco,
// which formats them as IOS does.
func TestInspectIOSFingerprints(t *testing.T) {
	code, out, _ := certkit(t, nil, "inspect", "--json", convertData("convert/leaf.der"))
	if code != exitOK {
		t.Fatal(code)
	}
	var files []inspectFile
	if err := json.Unmarshal([]byte(out), &files); err != nil {
		t.Fatal(err)
	}
	c := loadConvertCert(t, "convert/leaf.der")
	got := files[0].Certificates[0]
	if got.IOSMD5 != ios.FingerprintMD5(c) || got.IOSSHA1 != ios.FingerprintSHA1(c) {
		t.Errorf("fingerprints %q %q", got.IOSMD5, got.IOSSHA1)
	}
	if len(strings.Fields(got.IOSMD5)) != 4 || len(strings.Fields(got.IOSSHA1)) != 5 || got.IOSMD5 != strings.ToUpper(got.IOSMD5) {
		t.Errorf("not as IOS prints them: %q %q", got.IOSMD5, got.IOSSHA1)
	}
}

func TestInspectExitCodes(t *testing.T) {
	for _, tc := range []struct {
		files []string
		code  int
	}{
		{[]string{"convert/bad/image.png"}, exitUsage},
		{[]string{"convert/bad/image.png", "convert/key-only.pem"}, exitUsage},
		{[]string{"convert/bad/image.png", "convert/leaf.der"}, exitOK},
		{[]string{"convert/request-new.csr"}, exitOK},
	} {
		args := []string{"inspect"}
		for _, f := range tc.files {
			args = append(args, convertData(f))
		}
		if code, _, errs := certkit(t, nil, args...); code != tc.code {
			t.Errorf("%q: exit %d, want %d: %s", tc.files, code, tc.code, errs)
		}
	}
	if code, _, _ := certkit(t, nil, "inspect"); code != exitUsage {
		t.Errorf("no files: exit %d", code)
	}
}

func loadConvertCert(t *testing.T, rel string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(convertData(rel))
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// negativeSerialCert writes a self-signed certificate whose serial number
// is -0x11D4C214, as some old CAs issued (EC-ACC has one), and returns the
// file's path. Go refuses to create one, so the test creates the serial
// 0x6E2B3DEC and sets its top bit in the DER, which makes it the two's
// complement -0x11D4C214; the signature no longer matches, which inspect
// only reports as "self-signed: no".
func negativeSerialCert(t *testing.T) string {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(0x6E2B3DEC),
		Subject:      pkix.Name{CommonName: "Negative Serial CA"},
		NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der := testkit.SelfSignedDER(t, tmpl)
	serial := []byte{0x02, 0x04, 0x6E, 0x2B, 0x3D, 0xEC}
	if bytes.Count(der, serial) != 1 {
		t.Fatal("the serial number is not once in the DER")
	}
	i := bytes.Index(der, serial)
	der[i+2] |= 0x80
	return testkit.WriteCertPEM(t, "negative.pem", der)
}

func TestInspectNegativeSerial(t *testing.T) {
	path := negativeSerialCert(t)
	code, out, errs := certkit(t, nil, "inspect", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := "serial:           -11:D4:C2:14\n"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	got := inspectOneCert(t, path)
	if got.Serial != "-11:D4:C2:14" {
		t.Errorf("--json serial = %q, want %q", got.Serial, "-11:D4:C2:14")
	}
}

// TestInspectSANKinds: inspect lists every kind of subject alternative
// name in the extension's order, those Go leaves out included (DigiCert
// intermediates carry a directoryName, a Venezuelan root an otherName).
func TestInspectSANKinds(t *testing.T) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(2).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("suscerte.gob.ve")) })
		b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{2, 16, 862, 2, 2})
			b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("RIF-G-20004036-0")) })
			})
		})
		b.AddASN1(cbasn1.Tag(4).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			name, err := asn1.Marshal(pkix.Name{CommonName: "DigiCertPKI-3-44"}.ToRDNSequence())
			if err != nil {
				t.Fatal(err)
			}
			b.AddBytes(name)
		})
		b.AddASN1(cbasn1.Tag(8).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte{0x2a, 0x03, 0x04}) }) // 1.2.3.4
		b.AddASN1(cbasn1.Tag(7).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte{192, 0, 2, 1}) })
		b.AddASN1(cbasn1.Tag(1).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("pki@example.com")) })
		b.AddASN1(cbasn1.Tag(6).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("https://example.com/pki")) })
	})
	san, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:    big.NewInt(1),
		Subject:         pkix.Name{CommonName: "SAN Kinds CA"},
		NotBefore:       time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:        time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 17}, Value: san}},
	}
	der := testkit.SelfSignedDER(t, tmpl)
	path := testkit.WriteCertPEM(t, "sans.pem", der)
	want := []string{"DNS:suscerte.gob.ve", "othername:2.16.862.2.2", "DirName:CN=DigiCertPKI-3-44", "RID:1.2.3.4",
		"IP:192.0.2.1", "email:pki@example.com", "URI:https://example.com/pki"}

	code, out, errs := certkit(t, nil, "inspect", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if line := "SANs:             " + strings.Join(want, ", ") + "\n"; !strings.Contains(out, line) {
		t.Errorf("output lacks %q:\n%s", line, out)
	}
	got := inspectOneCert(t, path)
	if diff := cmp.Diff(want, got.SANs); diff != "" {
		t.Errorf("--json sans (-want +got):\n%s", diff)
	}
}

// TestInspectKeyAndCRLOnly: a file holding only a key, or only a CRL, is
// described first (the key's type and size, the CRL's issuer and entry
// count), then exits 2, as the help says: it holds no certificate or
// request.
func TestInspectKeyAndCRLOnly(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
		err  string
	}{
		{"key-only.pem", []string{"1 private key(s)", "\nprivate key 1\n  key:              ECDSA P-256\n"}, "convert: a private key but no certificate"},
		{"crl-only.p7c", []string{"1 CRL(s)", "\nCRL 1\n  issuer:           CN=Example Convert Issuing CA,O=Example Voice,C=US\n", "  revoked:          1\n"}, "holding a CRL but no certificates"},
	} {
		path := filepath.Join("..", "..", "testdata", "convert", tc.file)
		code, out, errs := certkit(t, nil, "inspect", path)
		if code != exitUsage {
			t.Errorf("%s: exit %d, want %d", tc.file, code, exitUsage)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: stdout lacks %q:\n%s", tc.file, w, out)
			}
		}
		if !strings.Contains(errs, "certkit: "+path+": ") || !strings.Contains(errs, tc.err) {
			t.Errorf("%s: stderr %q", tc.file, errs)
		}
	}
	code, out, _ := certkit(t, nil, "inspect", "--json", filepath.Join("..", "..", "testdata", "convert", "key-only.pem"))
	if code != exitUsage || !strings.Contains(out, `"private_key_types": [
      "ECDSA P-256"
    ]`) {
		t.Errorf("inspect --json key-only: exit %d:\n%s", code, out)
	}
	// The help says so.
	_, help, _ := certkit(t, nil, "inspect", "-h")
	if !strings.Contains(help, "A file holding only\nkeys or CRLs is described") {
		t.Errorf("inspect -h does not say what a key-only file does:\n%s", help)
	}
}

// An unencrypted DSA private key is named a DSA key, by inspect and by
// match, never "encrypted"; certkit notes it and never prints it.
func TestDSAKeyNamed(t *testing.T) {
	for _, name := range []string{"dsa-root.key", "dsa-root-traditional.key", "dsa-root-key.der"} {
		key := testdataPath("lenient", name)
		code, out, _ := certkit(t, nil, "inspect", key)
		if code != exitUsage || !strings.Contains(out, "\nprivate key 1\n  key:              DSA (certkit does not read DSA keys; it notes them, never prints them)\n") {
			t.Errorf("inspect %s: exit %d:\n%s", name, code, out)
		}
		code, out, errs := certkit(t, nil, "match", testdataPath("lenient", "dsa-root.pem"), key)
		want := "certkit: " + key + ": holds a DSA private key, which certkit does not read (it compares RSA, ECDSA and Ed25519 keys)\n"
		if code != exitUsage || out != "" || errs != want {
			t.Errorf("match %s: exit %d, stdout %q, stderr %q; want %q", name, code, out, errs, want)
		}
	}
	_, out, _ := certkit(t, nil, "inspect", "--json", testdataPath("lenient", "dsa-root.key"))
	var files []inspectFile
	if err := json.Unmarshal([]byte(out), &files); err != nil || len(files) != 1 || !cmp.Equal(files[0].KeyKinds, []string{"DSA"}) || len(files[0].KeyTypes) != 0 {
		t.Errorf("inspect --json: %v\n%s", err, out)
	}
}

// --json keeps a lower library's words apart: "error" is certkit's,
// "detail" the library's (go-pkcs12's, crypto/x509's).
func TestJSONErrorDetail(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.p12")
	if err := os.WriteFile(bad, []byte("\x30\x0e\x02\x01\x03\x30\x09\x06\x01\x00\xa0\x84\xff\xff\xff\xff"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := certkit(t, nil, "inspect", "--json", bad)
	var files []inspectFile
	if err := json.Unmarshal([]byte(out), &files); err != nil || len(files) != 1 {
		t.Fatalf("inspect --json: %v\n%s", err, out)
	}
	f := files[0]
	if code != exitUsage || f.Error != "convert: PKCS#12 that could not be read: its structure is damaged" ||
		f.Detail != "pkcs12: error reading P12 data: asn1: structure error: length too large" {
		t.Errorf("inspect --json: exit %d, error %q, detail %q", code, f.Error, f.Detail)
	}
	if !strings.Contains(errs, "certkit: "+bad+": convert: PKCS#12 that could not be read: its structure is damaged\n") || strings.Contains(errs, "asn1") {
		t.Errorf("stderr %q: want certkit's words only", errs)
	}

	// order --verify: crypto/x509's reason is the chain's verify_detail.
	code, out, errs = certkit(t, nil, "order", "--json", "--verify", "--at", "2101-01-01T00:00:00Z", testdataPath("chain", "adcs-renewed.p7b"))
	var o struct {
		Chains []struct {
			VerifyError  string `json:"verify_error"`
			VerifyDetail string `json:"verify_detail"`
		} `json:"chains"`
	}
	if err := json.Unmarshal([]byte(out), &o); err != nil || len(o.Chains) == 0 {
		t.Fatalf("order --json: exit %d, %v\n%s", code, err, out)
	}
	c := o.Chains[0]
	if c.VerifyError != `chain: CN=Example Voice Issuing CA expired on 2100-01-01 (checked at 2101-01-01T00:00:00Z)` ||
		!strings.HasPrefix(c.VerifyDetail, "x509: certificate has expired or is not yet valid") || strings.Contains(errs, "x509:") {
		t.Errorf("order --json: verify_error %q, verify_detail %q, stderr %q", c.VerifyError, c.VerifyDetail, errs)
	}
}
