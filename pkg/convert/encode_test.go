package convert

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEncodeRoundTrip(t *testing.T) {
	chain := []string{rootCN, interCN, leafCN}
	res, err := Decode(readTestdata(t, "convert/chain.pem"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{FormatPEM, FormatPKCS7, FormatPKCS7PEM} {
		out := mustEncode(t, res.Certificates, f)
		back, err := Decode(out, Options{})
		if err != nil {
			t.Fatalf("%s: decoding our own output: %v", f, err)
		}
		if diff := cmp.Diff(chain, names(back.Certificates)); diff != "" {
			t.Errorf("%s round trip (-want +got):\n%s", f, diff)
		}
	}
	// PEM is canonical: what we write is byte for byte the generator's.
	if got := mustEncode(t, res.Certificates, FormatPEM); !bytes.Equal(got, readTestdata(t, "convert/chain.pem")) {
		t.Error("PEM output is not canonical")
	}
}

func TestEncodeNoLeaf(t *testing.T) {
	res, err := Decode(readTestdata(t, "convert/chain.p7b"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Encode(res.Certificates, EncodeOptions{Format: FormatPKCS7, NoLeaf: true})
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{rootCN, interCN}, names(back.Certificates)); diff != "" {
		t.Errorf("NoLeaf (-want +got):\n%s", diff)
	}
	leafOnly := res.Certificates[:1]
	if _, err := Encode(leafOnly, EncodeOptions{NoLeaf: true}); !errors.Is(err, ErrNoCertificates) {
		t.Errorf("NoLeaf of a leaf alone: err = %v, want ErrNoCertificates", err)
	}
}

func TestEncodeDER(t *testing.T) {
	res, err := Decode(readTestdata(t, "convert/chain.pem"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Encode(res.Certificates, EncodeOptions{Format: FormatDER}); !errors.Is(err, ErrMultipleCertificates) {
		t.Errorf("DER of three: err = %v, want ErrMultipleCertificates", err)
	}
	der := mustEncode(t, res.Certificates[2:], FormatDER)
	if !bytes.Equal(der, readTestdata(t, "convert/leaf.der")) {
		t.Error("DER output differs from the leaf's DER")
	}
	if _, err := Encode(nil, EncodeOptions{}); !errors.Is(err, ErrNoCertificates) {
		t.Errorf("Encode(nil): err = %v, want ErrNoCertificates", err)
	}
	if _, err := Encode(res.Certificates, EncodeOptions{Format: "jks"}); err == nil {
		t.Error("unknown format: no error")
	}
}

// TestEncodePKCS7OpenSSL checks that openssl pkcs7 -print_certs reads our
// PKCS#7 back with the same certificates, in the same order.
func TestEncodePKCS7OpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed; skipping the cross-check of PKCS#7 output")
	}
	res, err := Decode(readTestdata(t, "convert/chain.pem"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := mustEncode(t, res.Certificates, FormatPEM)
	dir := t.TempDir()
	for _, tc := range []struct {
		f      Format
		inform string
	}{{FormatPKCS7, "DER"}, {FormatPKCS7PEM, "PEM"}} {
		p := filepath.Join(dir, string(tc.f))
		if err := os.WriteFile(p, mustEncode(t, res.Certificates, tc.f), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(openssl, "pkcs7", "-inform", tc.inform, "-in", p, "-print_certs").Output()
		if err != nil {
			t.Fatalf("openssl pkcs7 %s: %v", tc.f, err)
		}
		got, err := Decode(out, Options{})
		if err != nil {
			t.Fatalf("openssl's output: %v", err)
		}
		if g := mustEncode(t, got.Certificates, FormatPEM); !bytes.Equal(g, want) {
			t.Errorf("%s: openssl read back different certificates:\n%s", tc.f, out)
		}
		if !strings.Contains(string(out), "subject=") {
			t.Errorf("%s: openssl printed no subjects", tc.f)
		}
	}
}

// TestEncodeNil: a nil certificate is an error, never a panic, and no leaf.
func TestEncodeNil(t *testing.T) {
	ca := testCert(t, "nil-test CA", true)
	for _, certs := range [][]*x509.Certificate{{nil}, {ca, nil}} {
		for _, opts := range []EncodeOptions{{}, {Format: FormatDER}, {Format: FormatPKCS7}, {NoLeaf: true}} {
			out, err := Encode(certs, opts)
			if err == nil || out != nil {
				t.Errorf("Encode(%d certificates with a nil, %+v) = %d bytes, %v; want an error", len(certs), opts, len(out), err)
			}
		}
	}
}

// TestEncodeRawPEM holds the PEM that EncodeRaw writes to encoding/pem's,
// for every length around the line and base64 boundaries and for real
// certificates, and checks what it refuses.
func TestEncodeRawPEM(t *testing.T) {
	var ders [][]byte
	for n := range 200 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*7 + n)
		}
		ders = append(ders, b)
	}
	res, err := Decode(readTestdata(t, "convert/chain.pem"), Options{Defer: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Deferred {
		ders = append(ders, d.Raw)
	}
	var want bytes.Buffer
	for _, der := range ders {
		pem.Encode(&want, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	}
	got, err := EncodeRaw(ders, FormatPEM)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("EncodeRaw differs from encoding/pem:\n%s", cmp.Diff(want.String(), string(got)))
	}
	if cap(got) != len(got) {
		t.Errorf("EncodeRaw reserved %d bytes for %d", cap(got), len(got))
	}
	one, err := EncodeRaw(ders[len(ders)-1:], FormatDER)
	if err != nil || !bytes.Equal(one, ders[len(ders)-1]) {
		t.Errorf("EncodeRaw DER: %v", err)
	}
	if _, err := EncodeRaw(ders, FormatDER); !errors.Is(err, ErrMultipleCertificates) {
		t.Errorf("EncodeRaw DER of several: %v, want ErrMultipleCertificates", err)
	}
	if _, err := EncodeRaw(nil, FormatPEM); !errors.Is(err, ErrNoCertificates) {
		t.Errorf("EncodeRaw of nothing: %v, want ErrNoCertificates", err)
	}
	if _, err := EncodeRaw(ders, FormatPKCS7); err == nil {
		t.Error("EncodeRaw wrote a PKCS#7")
	}
}
