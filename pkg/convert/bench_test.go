package convert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"
)

// bundle5000 is 5,000 distinct certificates issued by one P-256 CA, made
// once per test binary.
var bundle5000 = sync.OnceValue(func() []*x509.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	issuer := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Bench CA"},
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
		BasicConstraintsValid: true, IsCA: true,
	}
	certs := make([]*x509.Certificate, 5000)
	for i := range certs {
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(int64(i + 2)),
			Subject:      pkix.Name{CommonName: fmt.Sprintf("host%d.example.com", i), Organization: []string{"Example Voice"}},
			DNSNames:     []string{fmt.Sprintf("host%d.example.com", i)},
			NotBefore:    issuer.NotBefore, NotAfter: issuer.NotAfter,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, &key.PublicKey, key)
		if err != nil {
			panic(err)
		}
		if certs[i], err = x509.ParseCertificate(der); err != nil {
			panic(err)
		}
	}
	return certs
})

func benchDecode(b *testing.B, format Format) {
	certs := bundle5000()
	data, err := Encode(certs, EncodeOptions{Format: format})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		res, err := Decode(data, Options{})
		if err != nil || len(res.Certificates) != len(certs) {
			b.Fatalf("Decode: %v", err)
		}
	}
}

// BenchmarkDecodePKCS7DER5000 decodes a 5,000-certificate DER .p7b.
func BenchmarkDecodePKCS7DER5000(b *testing.B) { benchDecode(b, FormatPKCS7) }

// BenchmarkDecodePEM5000 decodes the same certificates as PEM.
func BenchmarkDecodePEM5000(b *testing.B) { benchDecode(b, FormatPEM) }

// BenchmarkDecodePKCS7BER5000 decodes them as BER with indefinite lengths,
// which goes through the BER to DER conversion.
func BenchmarkDecodePKCS7BER5000(b *testing.B) {
	der, err := Encode(bundle5000(), EncodeOptions{Format: FormatPKCS7})
	if err != nil {
		b.Fatal(err)
	}
	data := berIndefinite(der)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseCertificate5000 is the baseline: x509.ParseCertificate on
// each certificate's DER.
func BenchmarkParseCertificate5000(b *testing.B) {
	certs := bundle5000()
	ders := make([][]byte, len(certs))
	n := 0
	for i, c := range certs {
		ders[i] = c.Raw
		n += len(c.Raw)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, d := range ders {
			if _, err := x509.ParseCertificate(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// berIndefinite rewrites the outer ContentInfo, its [0], the SignedData and
// its certificate set with indefinite lengths, as NSS and Windows do.
func berIndefinite(der []byte) []byte {
	var walk func(b []byte, depth int) []byte
	walk = func(b []byte, depth int) []byte {
		var out []byte
		for len(b) > 0 {
			h, err := readHeader(b)
			if err != nil {
				panic(err)
			}
			end := h.hdrLen + h.length
			if !h.constructed || depth >= 4 {
				out = append(out, b[:end]...)
			} else {
				out = append(out, b[0], 0x80)
				out = append(out, walk(b[h.hdrLen:end], depth+1)...)
				out = append(out, 0, 0)
			}
			b = b[end:]
		}
		return out
	}
	return walk(der, 0)
}

func TestBERIndefiniteBundle(t *testing.T) {
	var certs []*x509.Certificate
	for i := range 50 {
		certs = append(certs, testCert(t, fmt.Sprintf("ber%d", i), false))
	}
	der, err := Encode(certs, EncodeOptions{Format: FormatPKCS7})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Decode(berIndefinite(der), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Certificates) != 50 || !containsEncoding(res.Encodings, encPKCS7BER) {
		t.Errorf("BER bundle: %d certificates, encodings %q", len(res.Certificates), res.Encodings)
	}
}
