package csr

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/pavlo-v-chernykh/keystore-go/v4"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/convert"
	"software.sslmate.com/src/go-pkcs12"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testkit.Root(t), "testdata", "csr", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ecRequest makes a P-256 request in code; tests prefer these to RSA keys.
func ecRequest(t testing.TB, tmpl *x509.CertificateRequest) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, tmpl, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestParseTestdata(t *testing.T) {
	for _, tc := range []struct {
		file string
		cn   string
	}{
		{"vgw1.csr", "vgw1.example.com"},
		{"vgw1.der", "vgw1.example.com"},
		{"ios-capture.txt", "vgw1.example.com"},
		{"ios-capture-pem-crlf.txt", "vgw1.example.com"},
		{"ios-capture-utf16.txt", "vgw1.example.com"},
		{"ios-capture-redisplay.txt", "vgw1.example.com"},
		{"ios-capture-more.txt", "vgw1.example.com"},
		{"ios-capture-more-erased.txt", "vgw1.example.com"},
		{"cucm-ms.csr", "cucm-pub-ms.example.com"},
		{"sha1-1024.csr", "vgw2.example.com"},
		{"case-mismatch.csr", "VGW3.example.com"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			req, err := Parse(readTestdata(t, tc.file))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if req.Subject.CommonName != tc.cn {
				t.Errorf("CN = %q, want %q", req.Subject.CommonName, tc.cn)
			}
		})
	}
}

func TestParseTampered(t *testing.T) {
	req, err := Parse(readTestdata(t, "tampered.csr"))
	if !errors.Is(err, ErrBadSignature) {
		t.Fatalf("Parse(tampered.csr) error = %v, want ErrBadSignature", err)
	}
	var se *SignatureError
	if !errors.As(err, &se) || se.Algorithm != x509.SHA256WithRSA {
		t.Errorf("error %v is not a *SignatureError for SHA256-RSA", err)
	}
	// The verifier's words (crypto/rsa's) are the detail, not the message.
	if se != nil && (strings.Contains(err.Error(), "crypto/rsa") || !strings.Contains(se.Detail(), "crypto/rsa")) {
		t.Errorf("error %q, detail %q: want crypto/rsa's words in the detail only", err, se.Detail())
	}
	if req == nil || req.Subject.CommonName != "vgw1.example.com" {
		t.Fatalf("Parse(tampered.csr) returned request %v, want the request for lint", req)
	}
}

func TestCheckSignatureWeakHashes(t *testing.T) {
	for _, tc := range []struct {
		file string
		alg  x509.SignatureAlgorithm
	}{
		{"sha1-1024.csr", x509.SHA1WithRSA},
		{"md5.csr", x509.MD5WithRSA},
	} {
		t.Run(tc.file, func(t *testing.T) {
			req, err := Parse(readTestdata(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if req.SignatureAlgorithm != tc.alg {
				t.Fatalf("signature algorithm %v, want %v", req.SignatureAlgorithm, tc.alg)
			}
			if err := CheckSignature(req); err != nil {
				t.Errorf("CheckSignature(well-signed request) = %v, want nil", err)
			}
			// Flip a bit of the signature: now it must fail as bad.
			req.Signature[len(req.Signature)-1] ^= 1
			if err := CheckSignature(req); !errors.Is(err, ErrBadSignature) {
				t.Errorf("CheckSignature(tampered request) = %v, want ErrBadSignature", err)
			}
		})
	}
}

// TestParseText feeds one request in the shapes people paste it in.
func TestParseText(t *testing.T) {
	der := ecRequest(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "gw.example.com"}})
	pemText := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
	b64 := base64.StdEncoding.EncodeToString(der)
	var wrapped []string
	for s := b64; len(s) > 0; {
		n := min(64, len(s))
		wrapped = append(wrapped, s[:n])
		s = s[n:]
	}
	utf16BE := func(s string) []byte {
		var out []byte
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u>>8), byte(u))
		}
		return out
	}
	for name, in := range map[string][]byte{
		"pem":                []byte(pemText),
		"new label":          []byte(strings.ReplaceAll(pemText, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST")),
		"crlf and bom":       []byte("\uFEFF" + strings.ReplaceAll(pemText, "\n", "\r\n")),
		"cr only":            []byte(strings.ReplaceAll(pemText, "\n", "\r")),
		"indented":           []byte("    " + strings.ReplaceAll(pemText, "\n", "\n\t  ")),
		"chatter around pem": []byte("Router#show run\n% note: here it comes\n" + pemText + "Router#\n"),
		"ctrl-z at end":      []byte(pemText + "\x1a"),
		"pem on one line":    []byte(strings.ReplaceAll(pemText, "\n", " ")),
		"pem run together":   []byte(strings.ReplaceAll(pemText, "\n", "")),
		"bare base64":        []byte(b64),
		"bare unpadded":      []byte(strings.TrimRight(b64, "=")),
		"wrapped base64":     []byte(strings.Join(wrapped, "\n") + "\n"),
		"double spaced":      []byte("Certificate Request follows:\n\n" + strings.Join(wrapped, "\n\n") + "\n\n---End - This line not part of the certificate request---\n"),
		"yes line before":    []byte("Display Certificate Request to terminal? [yes/no]:\nyes\n\n" + strings.Join(wrapped, "\n") + "\n"),
		"utf16be no bom":     utf16BE(pemText),
		"utf16be bom":        utf16BE("\uFEFF" + pemText),
		"der":                der,
		// IOS's "Redisplay enrollment request?" answered yes.
		"redisplayed":   []byte(strings.Join(wrapped, "\n") + "\n\n---End - This line not part of the certificate request---\n\nRedisplay enrollment request? [yes/no]: yes\n" + strings.Join(wrapped, "\n") + "\n"),
		"pem twice":     []byte(pemText + pemText),
		"pager":         []byte(strings.Join(wrapped[:2], "\n") + "\n --More-- \n" + strings.Join(wrapped[2:], "\n") + "\n"),
		"pager in pem":  []byte(strings.Replace(pemText, "\n", "\n --More-- \n", 2)),
		"pager erased":  []byte(strings.Join(wrapped[:2], "\n") + "\n --More-- " + strings.Repeat("\b", 10) + strings.Repeat(" ", 10) + strings.Repeat("\b", 10) + strings.Join(wrapped[2:], "\n") + "\n"),
		"pager cr":      []byte(strings.Join(wrapped[:2], "\n") + "\n --More-- \r          \r" + strings.Join(wrapped[2:], "\n") + "\n"),
		"pager no room": []byte(strings.Join(wrapped[:2], "\n") + "\n--More--" + strings.Join(wrapped[2:], "\n") + "\n"),
	} {
		t.Run(name, func(t *testing.T) {
			req, err := Parse(in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !bytes.Equal(req.Raw, der) {
				t.Errorf("Parse returned a different request, CN %q", req.Subject.CommonName)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	der := ecRequest(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "gw.example.com"}})
	pemText := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
	cert := readTestdata(t, "vgw1.crt")
	capture := strings.Split(string(readTestdata(t, "ios-capture.txt")), "\n")
	lineMissing := strings.Join(append(capture[:12:12], capture[13:]...), "\n")
	otherDER := ecRequest(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "gw2.example.com"}})
	otherPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: otherDER})
	for _, tc := range []struct {
		name     string
		in       []byte
		notFound bool // errors.Is(err, ErrNoRequest)
	}{
		{"empty", nil, true},
		{"blank", []byte(" \r\n\n"), true},
		{"chatter only", []byte("% Start certificate enrollment ..\nyes\n"), true},
		{"certificate", cert, true},
		{"certificate der", certDER(t, cert), true},
		{"certificate base64", []byte(base64.StdEncoding.EncodeToString(certDER(t, cert))), true},
		{"capture missing a line", []byte(lineMissing), false},
		{"der trailing data", append(append([]byte(nil), der...), 0, 0), false},
		{"der truncated", der[:len(der)-10], false},
		{"pem without end", pemText[:len(pemText)-35], false},
		{"pem mismatched end", bytes.Replace(pemText, []byte("END CERTIFICATE REQUEST"), []byte("END CERTIFICATE"), 1), false},
		{"pem bad base64", bytes.Replace(pemText, []byte("-----\n"), []byte("-----\n!"), 1), false},
		{"two requests", append(append([]byte(nil), pemText...), otherPEM...), false},
		{"two requests in base64", []byte(base64.StdEncoding.EncodeToString(der) + "\n% next\n" + base64.StdEncoding.EncodeToString(otherDER) + "\n"), false},
		{"pem of a truncated request", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der[:len(der)-10]}), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse succeeded with CN %q, want an error", req.Subject.CommonName)
			}
			if req != nil {
				t.Errorf("Parse returned a request with error %v", err)
			}
			if errors.Is(err, ErrNoRequest) != tc.notFound {
				t.Errorf("errors.Is(%v, ErrNoRequest) = %v, want %v", err, !tc.notFound, tc.notFound)
			}
			if !strings.HasPrefix(err.Error(), "csr: ") {
				t.Errorf("error %q lacks the csr: prefix", err)
			}
		})
	}
}

// TestParseOtherFiles gives Parse the files people mistake for a request:
// it must say what each one is, never pass on a raw ASN.1 error.
func TestParseOtherFiles(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var certs []*x509.Certificate
	for i, cn := range []string{"Root", "Issuing", "gw.example.com"} {
		der, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
			SerialNumber: big.NewInt(int64(i + 1)), Subject: pkix.Name{CommonName: cn},
			NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1<<32, 0),
		}, &x509.Certificate{Subject: pkix.Name{CommonName: cn}}, key.Public(), key)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		certs = append(certs, c)
	}
	p7, err := convert.Encode(certs, convert.EncodeOptions{Format: convert.FormatPKCS7})
	if err != nil {
		t.Fatal(err)
	}
	p7pem, err := convert.Encode(certs, convert.EncodeOptions{Format: convert.FormatPKCS7PEM})
	if err != nil {
		t.Fatal(err)
	}
	p12, err := pkcs12.Modern.Encode(key, certs[2], certs[:2], "changeit")
	if err != nil {
		t.Fatal(err)
	}
	p12open, err := pkcs12.Passwordless.Encode(key, certs[2], nil, "")
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	// A JKS keystore under the empty password, which Parse opens.
	ks := keystore.New()
	if err := ks.SetTrustedCertificateEntry("root", keystore.TrustedCertificateEntry{Certificate: keystore.Certificate{Type: "X.509", Content: certs[0].Raw}}); err != nil {
		t.Fatal(err)
	}
	var jks bytes.Buffer
	if err := ks.Store(&jks, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want string // what the error says the input is
	}{
		{"pkcs7 der", p7, "a PKCS#7 bundle holding 3 certificates"},
		{"pkcs7 base64", []byte(base64.StdEncoding.EncodeToString(p7)), "a PKCS#7 bundle holding 3 certificates"},
		{"pkcs7 pem", p7pem, "a PKCS#7 bundle holding 3 certificates"},
		{"pkcs12 with password", p12, "a PKCS#12 file"},
		{"pkcs12 without password", p12open, "a PKCS#12 file"},
		{"jks", jks.Bytes(), "a Java keystore (JKS) holding a certificate"},
		{"certificate der", certs[2].Raw, `the certificate CN=gw.example.com`},
		{"private key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), "a private key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := Parse(tc.in)
			if req != nil || !errors.Is(err, ErrNoRequest) {
				t.Fatalf("Parse = %v, %v; want ErrNoRequest", req, err)
			}
			if want := "the input is " + tc.want + ", not a certificate request"; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
			if strings.Contains(err.Error(), "asn1:") {
				t.Errorf("error %q passes on a raw ASN.1 error", err)
			}
		})
	}
	// A keystore under a password Parse is not given is still named for
	// what it is, without claiming the user gave no password.
	for _, name := range []string{"keystore.jks", "keystore.jceks"} {
		data, err := os.ReadFile(filepath.Join(testkit.Root(t), "testdata", "convert", name))
		if err != nil {
			t.Fatal(err)
		}
		kind := strings.ToUpper(strings.TrimPrefix(filepath.Ext(name), "."))
		req, err := Parse(data)
		want := "csr: no certificate signing request found: the input is a Java keystore (" + kind + "), not a certificate request"
		if req != nil || !errors.Is(err, ErrNoRequest) || err.Error() != want {
			t.Errorf("%s: Parse = %v, %v; want %q", name, req, err, want)
		}
	}
	// The real damage is reported when a request is damaged, and the
	// ASN.1 detail stays behind Unwrap.
	der := ecRequest(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "gw.example.com"}})
	bad := append([]byte(nil), der...)
	bad[4] ^= 0x40 // the TBS SEQUENCE's length no longer fits
	_, err = Parse(bad)
	var syntaxErr asn1.SyntaxError
	var structErr asn1.StructuralError
	if err == nil || errors.Is(err, ErrNoRequest) || strings.Contains(err.Error(), "asn1:") || !(errors.As(err, &syntaxErr) || errors.As(err, &structErr)) {
		t.Errorf("damaged request: error %v; want a plain message wrapping the asn1 error", err)
	}
}

func TestSubjectEscaping(t *testing.T) {
	der := ecRequest(t, &x509.CertificateRequest{Subject: pkix.Name{
		CommonName:   " lead, \"quoted\" + more;",
		Organization: []string{"#Zürich"},
	}})
	req, err := x509.ParseCertificateRequest(der)
	if err != nil {
		t.Fatal(err)
	}
	// What openssl req -noout -subject -nameopt RFC2253 prints for it.
	want := `CN=\ lead\, \"quoted\" \+ more\;,O=\#Z\C3\BCrich`
	if got := x509text.RequestSubject(req); got != want {
		t.Errorf("Subject = %s, want %s", got, want)
	}
}

func certDER(t *testing.T, pemData []byte) []byte {
	t.Helper()
	b, _ := pem.Decode(pemData)
	if b == nil {
		t.Fatal("no PEM block")
	}
	return b.Bytes
}

// TestParseSaysWhatElse: a PEM of something with no name in identify's
// list still says what it holds.
func TestParseSaysWhatElse(t *testing.T) {
	in := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{0x30, 0}})
	_, err := Parse(in)
	if !errors.Is(err, ErrNoRequest) || !strings.Contains(err.Error(), "PUBLIC KEY") {
		t.Errorf("Parse(PUBLIC KEY PEM) = %v, want ErrNoRequest naming the PUBLIC KEY", err)
	}
}
