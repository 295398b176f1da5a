package convert

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"encoding/base64"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/input"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

const testPassword = "certkit-test" // the generator's PKCS#12 password

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func names(certs []*x509.Certificate) []string {
	var out []string
	for _, c := range certs {
		out = append(out, c.Subject.CommonName)
	}
	return out
}

var (
	rootCN  = "Example Convert Root CA"
	interCN = "Example Convert Issuing CA"
	leafCN  = "cube1.example.com"
)

func TestDecodeEncodings(t *testing.T) {
	fileOrder := []string{rootCN, interCN, leafCN}
	p7Order := []string{leafCN, rootCN, interCN}
	for _, tc := range []struct {
		file     string
		want     []string
		encoding string
		keys     int
	}{
		{"chain.pem", fileOrder, encPEM, 0},
		{"leaf.der", []string{leafCN}, encDER, 0},
		{"leaf.cer", []string{leafCN}, encPEM, 0},
		{"chain.p7b", p7Order, encPKCS7DER, 0},
		{"chain-p7b.pem", p7Order, encPKCS7DER, 0},
		{"chain-p7b-signed-data.pem", p7Order, encPKCS7DER, 0},
		{"certnew-cert-label.p7b", p7Order, encPKCS7DER, 0},
		{"chain-ber.p7b", p7Order, encPKCS7BER, 0},
		{"chain-padded.p7b", p7Order, encPKCS7DER, 0},
		{"chain-p7b.b64", p7Order, encBase64, 0},
		{"chain-ber.b64", p7Order, encPKCS7BER, 0},
		{"leaf-oneline.b64", []string{leafCN}, encBase64, 0},
		{"messy.pem", fileOrder, encPEM, 0},
		{"spaced-body.pem", []string{leafCN}, encPEM, 0},
		{"spaced-oneline.pem", []string{leafCN}, encPEM, 0},
		{"quoted.pem", fileOrder, encPEM, 0},
		{"cr-only.pem", fileOrder, encPEM, 0},
		{"bom-utf8.pem", fileOrder, encUTF8BOM, 0},
		{"utf16le.pem", fileOrder, encUTF16LE, 0},
		{"utf16be.pem", fileOrder, encUTF16BE, 0},
		{"x509-label.pem", []string{leafCN}, encPEM, 0},
		{"trusted.pem", []string{rootCN}, encPEM, 0},
		{"leaf-and-key.pem", []string{leafCN}, encPEM, 1},
		{"chain-modern.p12", []string{leafCN, interCN, rootCN}, encPKCS12, 1},
		{"chain-legacy-rc2.p12", []string{leafCN, interCN, rootCN}, encPKCS12, 1},
		{"chain-legacy-3des.p12", []string{leafCN, interCN, rootCN}, encPKCS12, 1},
		{"leaf-nopassword.p12", []string{leafCN}, encPKCS12, 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			pw := ""
			if filepath.Ext(tc.file) == ".p12" && tc.file != "leaf-nopassword.p12" {
				pw = testPassword
			}
			res, err := Decode(readTestdata(t, "convert/"+tc.file), Options{Password: pw})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if diff := cmp.Diff(tc.want, names(res.Certificates)); diff != "" {
				t.Errorf("certificates (-want +got):\n%s", diff)
			}
			if !containsEncoding(res.Encodings, tc.encoding) {
				t.Errorf("Encodings = %q, want it to include %q", res.Encodings, tc.encoding)
			}
			if res.KeyCount != tc.keys {
				t.Errorf("KeyCount = %d, want %d", res.KeyCount, tc.keys)
			}
			if len(res.Keys) != 0 {
				t.Errorf("Keys returned without KeepKeys: %d", len(res.Keys))
			}
		})
	}
}

func containsEncoding(list []string, e string) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

func TestDecodeRequests(t *testing.T) {
	for _, f := range []string{"request.csr", "request-new.csr"} {
		res, err := Decode(readTestdata(t, "convert/"+f), Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(res.Requests) != 1 || res.Requests[0].Subject.CommonName != leafCN {
			t.Errorf("%s: requests = %d, want one for %s", f, len(res.Requests), leafCN)
		}
	}
}

func TestDecodeKeepKeys(t *testing.T) {
	for _, tc := range []struct {
		file, pw string
	}{{"leaf-and-key.pem", ""}, {"chain-modern.p12", testPassword}} {
		res, err := Decode(readTestdata(t, "convert/"+tc.file), Options{Password: tc.pw, KeepKeys: true})
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if len(res.Keys) != 1 {
			t.Fatalf("%s: %d keys, want 1", tc.file, len(res.Keys))
		}
		k, ok := res.Keys[0].(*ecdsa.PrivateKey)
		if !ok || !k.PublicKey.Equal(res.Certificates[0].PublicKey) {
			t.Errorf("%s: the key does not match the leaf certificate", tc.file)
		}
	}
}

func TestDecodePKCS12Password(t *testing.T) {
	data := readTestdata(t, "convert/chain-modern.p12")
	for _, pw := range []string{"", "wrong"} {
		res, err := Decode(data, Options{Password: pw})
		if !errors.Is(err, ErrIncorrectPassword) {
			t.Errorf("password %q: err = %v, want ErrIncorrectPassword", pw, err)
		}
		if res != nil {
			t.Errorf("password %q: a result came back with the error", pw)
		}
	}
}

// TestDecodePKCS12PasswordlessWithPassword: a password given for other
// inputs does not stop a passwordless PKCS#12 (no MAC) from being read, as
// with openssl.
func TestDecodePKCS12PasswordlessWithPassword(t *testing.T) {
	data := readTestdata(t, "convert/leaf-nopassword.p12")
	for _, pw := range []string{"", testPassword, "x"} {
		res, err := Decode(data, Options{Password: pw})
		if err != nil {
			t.Errorf("password %q: %v", pw, err)
			continue
		}
		if diff := cmp.Diff([]string{leafCN}, names(res.Certificates)); diff != "" {
			t.Errorf("password %q: (-want +got):\n%s", pw, diff)
		}
		if res.KeyCount != 1 {
			t.Errorf("password %q: KeyCount = %d, want 1", pw, res.KeyCount)
		}
	}
}

// TestDecodeErrorsAreOurs: a PKCS#12 that go-pkcs12 cannot read is
// reported in convert's words, without go-pkcs12's own prefix.
func TestDecodeErrorsAreOurs(t *testing.T) {
	data := bytes.Clone(readTestdata(t, "convert/leaf-nopassword.p12"))
	// The authSafe's content type, id-data, becomes id-signedData, which
	// go-pkcs12 does not implement.
	idData := []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01}
	i := bytes.Index(data, idData)
	if i < 0 || i > 16 {
		t.Fatal("no authSafe content type near the start of leaf-nopassword.p12")
	}
	data[i+len(idData)-1] = 0x02
	_, err := Decode(data, Options{})
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
	var de *DecodeError
	if !errors.As(err, &de) || !strings.HasPrefix(de.Found, "PKCS#12 ") {
		t.Errorf("err = %v, want a *DecodeError that says PKCS#12", err)
	}
	if foreignPrefix(err) {
		t.Errorf("err = %q carries another package's prefix", err)
	}
}

// foreignPrefix reports whether err's text carries another package's
// words (its prefix, or go-pkcs12's "error reading"), which a certkit user
// should never see: they belong in the detail (Detail).
func foreignPrefix(err error) bool {
	for _, p := range []string{"pkcs12:", "x509:", "asn1:", "pkcs7:", "error reading"} {
		if strings.Contains(err.Error(), p) {
			return true
		}
	}
	return false
}

func TestDecodeBadInput(t *testing.T) {
	for _, tc := range []struct {
		file string
		want error
	}{
		{"bad/empty.bin", ErrUnrecognized},
		{"bad/random.bin", ErrUnrecognized},
		{"bad/image.png", ErrUnrecognized},
		{"bad/nested-ber.bin", ErrMalformed},
		{"bad/notes.txt", ErrUnrecognized},
		{"truncated.der", ErrTruncated},
		{"truncated.pem", ErrTruncated},
		{"truncated.p7b", ErrTruncated},
		{"key-only.pem", ErrNoCertificates},
		{"crl.pem", ErrNoCertificates},
		{"crl-only.p7c", ErrNoCertificates},
		{"empty.p7b", ErrNoCertificates},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data := readTestdata(t, "convert/"+tc.file)
			_, err := Decode(data, Options{})
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.Found == "" {
				t.Errorf("err %v is not a *DecodeError saying what was found", err)
			}
			t.Log(err)
		})
	}
}

// TestDecodeSaysWhatWasFound checks the words of the errors the CLI shows.
func TestDecodeSaysWhatWasFound(t *testing.T) {
	p7 := readTestdata(t, "convert/chain.p7b")
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"zeros", make([]byte, 1<<20), "1 MiB of zero bytes"},
		{"png", readTestdata(t, "convert/bad/image.png"), "PNG image, not a certificate"},
		{"key", readTestdata(t, "convert/key-only.pem"), "a private key but no certificate"},
		{"empty p7", readTestdata(t, "convert/empty.p7b"), "PKCS#7 signed-data holding no certificates"},
		{"crl p7", readTestdata(t, "convert/crl-only.p7c"), "PKCS#7 signed-data holding a CRL but no certificates"},
		{"truncated p7", p7[:855], "PKCS#7 ends after 855 of " + itoa(len(p7)) + " bytes"},
	} {
		_, err := Decode(tc.data, Options{})
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: err = %v, want a *DecodeError", tc.name, err)
			continue
		}
		if de.Found != tc.want {
			t.Errorf("%s: Found = %q, want %q", tc.name, de.Found, tc.want)
		}
	}
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

func TestDecodeNoCertificatesStillReports(t *testing.T) {
	res, err := Decode(readTestdata(t, "convert/crl-only.p7c"), Options{})
	if !errors.Is(err, ErrNoCertificates) {
		t.Fatalf("err = %v, want ErrNoCertificates", err)
	}
	if res == nil || len(res.CRLs) != 1 {
		t.Fatalf("result with ErrNoCertificates should list the CRL; got %+v", res)
	}
}

func TestDecodeTooLarge(t *testing.T) {
	big := make([]byte, input.MaxSize+1)
	if _, err := Decode(big, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Decode of %d bytes: err = %v, want ErrTooLarge", len(big), err)
	}
	if _, err := input.ReadAll(bytes.NewReader(big)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadAll of %d bytes: err = %v, want ErrTooLarge", len(big), err)
	}
}

func TestDecodeHugeZerosIsFast(t *testing.T) {
	zeros := make([]byte, input.MaxSize)
	start := time.Now()
	_, err := Decode(zeros, Options{})
	if !errors.Is(err, ErrUnrecognized) {
		t.Fatalf("err = %v, want ErrUnrecognized", err)
	}
	var de *DecodeError
	if errors.As(err, &de) && de.Found != "64 MiB of zero bytes" {
		t.Errorf("Found = %q, want %q", de.Found, "64 MiB of zero bytes")
	}
	// Not a timing test: a generous bound that only catches a hang.
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("64 MiB of zeros took %v", d)
	}
}

func TestDecodeDuplicatesAndMerge(t *testing.T) {
	pemRes, err := Decode(readTestdata(t, "convert/chain.pem"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p7Res, err := Decode(readTestdata(t, "convert/chain.p7b"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := Merge(pemRes, nil, p7Res)
	if diff := cmp.Diff([]string{rootCN, interCN, leafCN}, names(m.Certificates)); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	if m.Duplicates != 3 {
		t.Errorf("Duplicates = %d, want 3", m.Duplicates)
	}
	twice := append(readTestdata(t, "convert/chain.pem"), readTestdata(t, "convert/chain.pem")...)
	res, err := Decode(twice, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Certificates) != 3 || res.Duplicates != 3 {
		t.Errorf("same chain twice: %d certificates, %d duplicates; want 3 and 3", len(res.Certificates), res.Duplicates)
	}
}

// TestMergeNilCertificate: a nil certificate in a Result is skipped, not
// dereferenced.
func TestMergeNilCertificate(t *testing.T) {
	res, err := Decode(readTestdata(t, "convert/chain.pem"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := Merge(&Result{Certificates: []*x509.Certificate{nil, res.Certificates[0], nil}}, res)
	if diff := cmp.Diff([]string{rootCN, interCN, leafCN}, names(m.Certificates)); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	if m.Duplicates != 1 {
		t.Errorf("Duplicates = %d, want 1", m.Duplicates)
	}
}

// TestDecodeBOMFirstBlock is the bug encoding/pem has: the first block
// after a UTF-8 BOM must not be lost.
func TestDecodeBOMFirstBlock(t *testing.T) {
	c := testCert(t, "bom", true)
	data := append([]byte("\xef\xbb\xbf"), mustEncode(t, []*x509.Certificate{c}, FormatPEM)...)
	res, err := Decode(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"bom"}, names(res.Certificates)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// testCert makes a small self-signed P-256 certificate named cn.
func testCert(t testing.TB, cn string, isCA bool) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
		BasicConstraintsValid: true,
		IsCA:                  isCA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustEncode(t testing.TB, certs []*x509.Certificate, f Format) []byte {
	t.Helper()
	b, err := Encode(certs, EncodeOptions{Format: f})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeLatin1Chatter: text around the blocks in an 8-bit encoding
// (a German mail saved as Latin-1) is still chatter, not binary.
func TestDecodeLatin1Chatter(t *testing.T) {
	c := testCert(t, "latin1", true)
	data := append([]byte("Zertifikat f\xfcr den Gateway:\r\n"), mustEncode(t, []*x509.Certificate{c}, FormatPEM)...)
	res, err := Decode(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"latin1"}, names(res.Certificates)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestDecodePKCS12IterationBomb: a PKCS#12 asking for a billion key
// derivation rounds is refused before any is run.
func TestDecodePKCS12IterationBomb(t *testing.T) {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(3)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1})
			b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1OctetString(nil)
			})
		})
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(*cryptobyte.Builder) {})
			b.AddASN1OctetString([]byte("salt"))
			b.AddASN1Int64(1_000_000_000)
		})
	})
	start := time.Now()
	_, err := Decode(b.BytesOrPanic(), Options{Password: "x"})
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v: the iterations ran", d)
	}
	t.Log(err)
}

// TestDecodeOneLinePEM: blocks whose line breaks were lost, two on a line,
// with chatter around them.
func TestDecodeOneLinePEM(t *testing.T) {
	a, b := testCert(t, "one", true), testCert(t, "two", false)
	flat := func(c *x509.Certificate) string {
		return strings.ReplaceAll(string(mustEncode(t, []*x509.Certificate{c}, FormatPEM)), "\n", "")
	}
	data := []byte("cert: " + flat(a) + " " + flat(b) + " (end)\n")
	res, err := Decode(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"one", "two"}, names(res.Certificates)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestDecodeMangledLineBreaks: PEM and bare base64 whose line breaks
// became spaces or tabs, or that an email reply quoted, nested or not.
func TestDecodeMangledLineBreaks(t *testing.T) {
	c := testCert(t, "mangled", false)
	block := strings.TrimSpace(string(mustEncode(t, []*x509.Certificate{c}, FormatPEM)))
	lines := strings.Split(block, "\n")
	body := lines[1 : len(lines)-1]
	quote := func(prefix string, ls []string) string {
		return prefix + strings.Join(ls, "\n"+prefix) + "\n"
	}
	for name, text := range map[string]string{
		"body on one line":        lines[0] + "\n" + strings.Join(body, " ") + "\n" + lines[len(lines)-1] + "\n",
		"tabs and double spaces":  lines[0] + "\r\n" + strings.Join(body, " \t ") + "\r\n" + lines[len(lines)-1],
		"all on one line":         strings.Join(lines, " "),
		"END on its own line":     strings.Join(lines[:len(lines)-1], " ") + "\n" + lines[len(lines)-1] + "\n",
		"quoted":                  quote("> ", lines),
		"quoted twice":            quote(">> ", lines),
		"quoted with spaces":      quote("> > ", lines),
		"quoted bare base64":      "Enter the base 64 encoded certificate.\n" + quote("> ", body) + "quit\n",
		"quoted and one line":     "> " + strings.Join(lines, " ") + "\n",
		"non-breaking space body": lines[0] + "\n" + strings.Join(body, "\u00a0") + "\n" + lines[len(lines)-1] + "\n",
	} {
		res, err := Decode([]byte(text), Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if diff := cmp.Diff([]string{"mangled"}, names(res.Certificates)); diff != "" {
			t.Errorf("%s: (-want +got):\n%s", name, diff)
		}
	}
	// A request too: CSR and certificate share the reader.
	csrDER := readTestdata(t, "convert/request.csr")
	flat := strings.ReplaceAll(strings.TrimSpace(string(csrDER)), "\n", " ")
	res, err := Decode([]byte(flat), Options{})
	if err != nil {
		t.Fatalf("CSR on one line: %v", err)
	}
	if len(res.Requests) != 1 {
		t.Errorf("CSR on one line: %d requests, want 1", len(res.Requests))
	}
}

// TestDecodeBase64AmongText: certificates pasted as IOS takes them, base64
// without armour, among prompts and words that happen to be base64.
func TestDecodeBase64AmongText(t *testing.T) {
	a, b := testCert(t, "pasted-one", true), testCert(t, "pasted-two", false)
	body := func(c *x509.Certificate) string {
		lines := strings.Split(strings.TrimSpace(string(mustEncode(t, []*x509.Certificate{c}, FormatPEM))), "\n")
		return strings.Join(lines[1:len(lines)-1], "\r\n")
	}
	data := []byte("router(config)#crypto pki authenticate tp\r\n" +
		"Enter the base 64 encoded CA certificate.\r\n" +
		"End with a blank line or the word \"quit\" on a line by itself\r\n\r\n" +
		"Regards\r\n" + body(a) + "\r\nquit\r\n\r\nand the other one:\r\n" + body(b) + "\r\n")
	res, err := Decode(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"pasted-one", "pasted-two"}, names(res.Certificates)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !containsEncoding(res.Encodings, encBase64) {
		t.Errorf("Encodings = %q, want base64", res.Encodings)
	}
}

// TestDecodeBase64FullLastLine: a block whose last line is full, followed
// by a word on the next line.
func TestDecodeBase64FullLastLine(t *testing.T) {
	for n := 1; n < 200; n++ {
		// The name's length moves the DER's length a byte at a time.
		c := testCert(t, strings.Repeat("x", n), true)
		b64 := base64.StdEncoding.EncodeToString(c.Raw)
		if len(c.Raw)%48 != 0 { // no padding: "quit" would decode too
			continue
		}
		var lines []string
		for len(b64) > 0 {
			lines = append(lines, b64[:64])
			b64 = b64[64:]
		}
		data := []byte(strings.Join(lines, "\n") + "\nquit\n")
		res, err := Decode(data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Certificates) != 1 {
			t.Fatalf("%d certificates, want 1", len(res.Certificates))
		}
		return
	}
	t.Fatal("made no certificate whose base64 is a multiple of 64 characters long")
}

func TestDecodeDERTrailing(t *testing.T) {
	der := readTestdata(t, "convert/leaf.der")
	for _, tc := range []struct {
		name  string
		trail string
		want  error
	}{
		{"zero padding", "\x00\x00\x00\x00", nil},
		{"line end", "\r\n", nil},
		{"garbage", "\x01\x02garbage", ErrMalformed},
	} {
		_, err := Decode(append(bytes.Clone(der), tc.trail...), Options{})
		if !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestDecodeJavaKeyStore: a keystore is named by its magic number, not
// "binary data", even when it cannot be read: a truncated JKS or JCEKS,
// or a JCEKS of a version the library does not read, is ErrJavaKeyStore,
// no longer an ErrUnrecognized.
func TestDecodeJavaKeyStore(t *testing.T) {
	check := func(name string, data []byte, want string, kind error) {
		t.Helper()
		_, err := Decode(data, Options{Password: "password"})
		if !errors.Is(err, ErrJavaKeyStore) || !errors.Is(err, kind) || errors.Is(err, ErrUnrecognized) || err.Error() != want {
			t.Errorf("%s: %v; want %q", name, err, want)
		}
	}
	// The header keytool writes: magic, version 2, one entry.
	check("JKS", []byte("\xfe\xed\xfe\xed\x00\x00\x00\x02\x00\x00\x00\x01"),
		"convert: a Java keystore (JKS) that ends within entry 1 of the 1 it declares (12 bytes)", ErrTruncated)
	check("JCEKS", []byte("\xce\xce\xce\xce\x00\x00\x00\x02\x00\x00\x00\x01"),
		"convert: a Java keystore (JCEKS) that ends within entry 1 of the 1 it declares (12 bytes)", ErrTruncated)
	check("JCEKS version 1", []byte("\xce\xce\xce\xce\x00\x00\x00\x01\x00\x00\x00\x01"),
		"convert: a Java keystore (JCEKS) of version 1, which certkit cannot read: the library it reads JCEKS with reads version 2 only", ErrJavaKeyStore)
	if _, err := Decode([]byte("\xfe\xed\xfe\xed\x00\x00\x00\x07"), Options{}); errors.Is(err, ErrJavaKeyStore) {
		t.Errorf("a keystore version 7: %v; want it unrecognised", err)
	}
}

// TestDecodeLowerLibraryWords: a lower library's error (go-pkcs12's,
// encoding/asn1's, crypto/x509's) is worded in certkit's terms, and kept
// whole as the detail (Detail, errors.Unwrap), never in the message. The
// PKCS#12 is the one FuzzDecode found: a PFX whose content has a length
// too large for encoding/asn1.
func TestDecodeLowerLibraryWords(t *testing.T) {
	pfx := []byte("\x30\x0e\x02\x01\x03\x30\x09\x06\x01\x00\xa0\x84\xff\xff\xff\xff")
	_, err := Decode(pfx, Options{})
	if !errors.Is(err, ErrMalformed) || err.Error() != "convert: PKCS#12 that could not be read: its structure is damaged" {
		t.Errorf("PKCS#12: %v", err)
	}
	if d := Detail(err); !strings.Contains(d, "asn1: structure error: length too large") {
		t.Errorf("PKCS#12: detail %q; want go-pkcs12's message", d)
	}
	// A certificate crypto/x509 and the lenient reading both refuse: the
	// detail is crypto/x509's error, reachable with errors.As too.
	der := readTestdata(t, "convert/leaf.der")
	bad := bytes.Replace(der, []byte{0x02, 0x01, 0x02}, []byte{0x02, 0x01, 0x09}, 1) // version 10
	_, err = Decode(bad, Options{})
	if err == nil || foreignPrefix(err) || !strings.HasPrefix(Detail(err), "x509: ") {
		t.Errorf("bad certificate: %v (detail %q)", err, Detail(err))
	}
	if Detail(errors.New("plain")) != "" || Detail(nil) != "" {
		t.Error("Detail of an error without one is not empty")
	}
}
