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
	"encoding/pem"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestDecodeIOSCaptures reads every IOS enrollment capture the generator
// writes: each holds vgw1's one request, whatever the terminal added.
func TestDecodeIOSCaptures(t *testing.T) {
	want := readTestdata(t, "csr/vgw1.der")
	for _, tc := range []struct {
		file string
		dups int
	}{
		{"ios-capture.txt", 0},
		{"ios-capture-pem-crlf.txt", 0},
		{"ios-capture-utf16.txt", 0},
		{"ios-capture-more.txt", 0},
		{"ios-capture-more-erased.txt", 0},
		{"ios-capture-redisplay.txt", 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res, err := Decode(readTestdata(t, "csr/"+tc.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Requests) != 1 || !bytes.Equal(res.Requests[0].Raw, want) || len(res.Certificates) != 0 {
				t.Fatalf("%d requests, %d certificates; want vgw1's request alone", len(res.Requests), len(res.Certificates))
			}
			if res.DuplicateRequests != tc.dups {
				t.Errorf("DuplicateRequests = %d, want %d", res.DuplicateRequests, tc.dups)
			}
		})
	}
}

func testRequest(t testing.TB, cn string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func wrap64(s string) []string {
	var out []string
	for len(s) > 0 {
		n := min(64, len(s))
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// TestDecodeTerminalText feeds a request and a certificate in the shapes
// a terminal leaves them: the pager's prompt in every form, double-spaced
// lines, a redisplay.
func TestDecodeTerminalText(t *testing.T) {
	req := testRequest(t, "gw.example.com")
	cert := testCert(t, "gw.example.com", false)
	for _, obj := range []struct {
		name  string
		der   []byte
		label string
	}{{"request", req, "CERTIFICATE REQUEST"}, {"certificate", cert.Raw, "CERTIFICATE"}} {
		w := wrap64(base64.StdEncoding.EncodeToString(obj.der))
		pemText := string(pem.EncodeToMemory(&pem.Block{Type: obj.label, Bytes: obj.der}))
		erase := strings.Repeat("\b", 10) + strings.Repeat(" ", 10) + strings.Repeat("\b", 10)
		for name, in := range map[string]string{
			"pager":            strings.Join(w[:2], "\n") + "\n --More-- \n" + strings.Join(w[2:], "\n") + "\n",
			"pager in pem":     strings.Replace(pemText, "\n", "\n --More-- \n", 2),
			"pager erased":     strings.Join(w[:2], "\n") + "\n --More-- " + erase + strings.Join(w[2:], "\n") + "\n",
			"pager erased pem": strings.Replace(pemText, "\n", "\n --More-- "+erase, 2),
			"pager cr":         strings.Join(w[:2], "\r\n") + "\r\n --More-- \r          \r" + strings.Join(w[2:], "\r\n") + "\r\n",
			"pager no room":    strings.Join(w[:2], "\n") + "\n--More--" + strings.Join(w[2:], "\n") + "\n",
			"double spaced":    "Certificate follows:\n\n" + strings.Join(w, "\n\n") + "\n\n---End - This line not part of the certificate request---\n",
			"redisplayed": strings.Join(w, "\n") + "\n\n---End - This line not part of the certificate request---\n\nRedisplay enrollment request? [yes/no]: yes\n" +
				strings.Join(w, "\n") + "\n\n---End - This line not part of the certificate request---\n",
		} {
			t.Run(obj.name+"/"+name, func(t *testing.T) {
				res, err := Decode([]byte(in), Options{})
				if err != nil {
					t.Fatal(err)
				}
				var got [][]byte
				for _, r := range res.Requests {
					got = append(got, r.Raw)
				}
				for _, c := range res.Certificates {
					got = append(got, c.Raw)
				}
				if len(got) != 1 || !bytes.Equal(got[0], obj.der) {
					t.Fatalf("found %d objects, want the one %s", len(got), obj.name)
				}
				if dups := res.Duplicates + res.DuplicateRequests; dups != strings.Count(name, "redisplayed") {
					t.Errorf("%d duplicates", dups)
				}
			})
		}
	}
}

// TestDecodeTwoBlocksOneBlankLine keeps two blocks apart that only a
// blank line separates when joining them does not decode: the first ends
// in a full line with "=" padding, so the two look like one block whose
// base64 is broken in the middle, and each alone decodes.
func TestDecodeTwoBlocksOneBlankLine(t *testing.T) {
	var first []byte
	for n := 1; first == nil && n < 2000; n++ {
		der := testRequest(t, strings.Repeat("a", n%60+1)+".example.com")
		if len(der)%3 != 0 && (len(der)+2)/3*4%64 == 0 {
			first = der
		}
	}
	if first == nil {
		t.Fatal("no request of a fitting length")
	}
	second := testCert(t, "b.example.com", false)
	in := strings.Join(wrap64(base64.StdEncoding.EncodeToString(first)), "\n") + "\n\n" +
		strings.Join(wrap64(base64.StdEncoding.EncodeToString(second.Raw)), "\n") + "\n"
	res, err := Decode([]byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Requests) != 1 || !bytes.Equal(res.Requests[0].Raw, first) || len(res.Certificates) != 1 || !bytes.Equal(res.Certificates[0].Raw, second.Raw) {
		t.Errorf("%d requests and %d certificates, want the request and the certificate", len(res.Requests), len(res.Certificates))
	}
}

// TestDecodeTruncatedRequest: a CSR cut short is called a CSR, wherever
// it comes from, and a damaged one keeps the parser's error behind Unwrap.
func TestDecodeTruncatedRequest(t *testing.T) {
	req := testRequest(t, "gw.example.com")
	short := req[:len(req)-40]
	b64 := strings.Join(wrap64(base64.StdEncoding.EncodeToString(short)), "\n")
	for name, in := range map[string][]byte{
		"der":     short,
		"base64":  []byte("Certificate Request follows:\n\n" + b64 + "\n\n---End - This line not part of the certificate request---\n"),
		"pem":     pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: short}),
		"pem crt": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: short}),
	} {
		_, err := Decode(in, Options{})
		if !errors.Is(err, ErrTruncated) {
			t.Errorf("%s: error %v, want ErrTruncated", name, err)
			continue
		}
		if !strings.Contains(err.Error(), "DER CSR ends after") || strings.Contains(err.Error(), "certificate ends") {
			t.Errorf("%s: error %q does not call the request a CSR", name, err)
		}
	}
	bad := append([]byte(nil), req...)
	bad[4] ^= 0x40 // the CertificationRequestInfo's length no longer fits
	_, err := Decode(bad, Options{})
	var syntax encasn1.SyntaxError
	var structural encasn1.StructuralError
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "a CSR that is not valid") || !(errors.As(err, &syntax) || errors.As(err, &structural)) {
		t.Errorf("damaged request: error %v; want ErrMalformed naming a CSR, wrapping the asn1 error", err)
	}
	// A version 1 certificate, which also starts with an INTEGER, is not
	// taken for a request.
	if looksLikeRequest(testCert(t, "x", false).Raw[4:]) {
		t.Error("a certificate looks like a request")
	}
}

// TestBase64RunsJoin joins blocks that blank lines alone separate, and
// keeps apart those that text separates.
func TestBase64RunsJoin(t *testing.T) {
	full := strings.Repeat("A", 64)
	for _, tc := range []struct {
		name string
		in   string
		want []int // the length of each run
	}{
		{"double spaced", full + "\n\n" + full + "\n\n" + "AAAA\n", []int{132}},
		{"text between", full + "\n" + full + "\n\nHello, world!\n\n" + full + "\n" + full + "\n", []int{128, 128}},
		{"text right after", full + "\n" + full + "\nHello, world!\n\n" + full + "\n" + full + "\n", []int{128, 128}},
		{"closed block", full + "\n" + "AAAA\n\n" + full + "\n" + full + "\n", []int{68, 128}},
		{"wider next", "AAAA\n\n" + full + "\n" + full + "\n", []int{128}},
	} {
		var got []int
		for _, r := range base64Runs([]byte(tc.in)) {
			got = append(got, len(r.text))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: runs of %v characters, want %v", tc.name, got, tc.want)
		}
	}
}
