package convert

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
)

// deferredAgrees checks what Decode with Options.Defer found in data
// against Decode without it: when the plain read succeeds, the deferred
// one does too, and its certificates, with every deferred one parsed,
// are the same certificates with the same notes, and no more are counted
// as duplicates. It returns how many were deferred.
func deferredAgrees(t *testing.T, name string, data []byte) int {
	t.Helper()
	plain, perr := Decode(data, Options{Password: testPassword})
	lazy, lerr := Decode(data, Options{Password: testPassword, Defer: true})
	if perr != nil {
		return 0 // a certificate Decode refuses may be deferred: it fails when parsed
	}
	if lerr != nil {
		t.Errorf("%s: Decode reads it, but with Defer: %v", name, lerr)
		return 0
	}
	got := append([]*x509.Certificate{}, lazy.Certificates...)
	notes := len(lazy.Notes)
	for i, d := range lazy.Deferred {
		c, ns, err := d.Parse()
		if err != nil {
			t.Errorf("%s: deferred certificate %d does not parse, though Decode read it: %v", name, i+1, err)
			continue
		}
		if !bytes.Equal(c.RawSubject, d.RawSubject) || !bytes.Equal(c.RawIssuer, d.RawIssuer) || !bytes.Equal(c.Raw, d.Raw) {
			t.Errorf("%s: deferred certificate %d: its names differ from the parsed certificate's", name, i+1)
		}
		got = append(got, c)
		notes += len(ns)
	}
	ders := func(cs []*x509.Certificate) []string {
		var out []string
		for _, c := range cs {
			out = append(out, string(c.Raw))
		}
		sort.Strings(out)
		return out
	}
	if diff := cmp.Diff(ders(plain.Certificates), ders(got)); diff != "" {
		t.Errorf("%s: certificates differ with Defer (%d vs %d)", name, len(plain.Certificates), len(got))
	}
	if notes != len(plain.Notes) {
		t.Errorf("%s: %d notes with Defer, %d without", name, notes, len(plain.Notes))
	}
	if lazy.Duplicates != plain.Duplicates {
		t.Errorf("%s: %d duplicates with Defer, %d without", name, lazy.Duplicates, plain.Duplicates)
	}
	return len(lazy.Deferred)
}

// TestDeferAgreesWithDecode runs every file under testdata/ through both.
func TestDeferAgreesWithDecode(t *testing.T) {
	deferred, files := 0, testkit.TestdataFiles(t)
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		deferred += deferredAgrees(t, p, data)
	}
	if deferred < 100 {
		t.Fatalf("only %d certificates deferred in %d files: Defer is not reading bundles", deferred, len(files))
	}
}

// TestDeferForms checks which forms Defer leaves unparsed: PEM blocks and
// PKCS#7 bundles (DER and BER) go to Deferred; a single DER certificate is
// parsed; a repeated certificate is counted once.
func TestDeferForms(t *testing.T) {
	pemChain := mustRead(t, "convert/chain.pem")
	p7 := mustRead(t, "samples/certnew.p7b")
	plain, err := Decode(pemChain, Options{})
	if err != nil || len(plain.Certificates) < 2 {
		t.Fatalf("chain.pem: %v, %d certificates", err, len(plain.Certificates))
	}
	der := plain.Certificates[0].Raw
	twice := append(append([]byte{}, pemChain...), pemChain...)
	for _, tc := range []struct {
		name             string
		data             []byte
		parsed, deferred int
		dups             int
	}{
		{"PEM", pemChain, 0, len(plain.Certificates), 0},
		{"PEM twice", twice, 0, len(plain.Certificates), len(plain.Certificates)},
		{"PKCS#7", p7, 0, 3, 0},
		{"PKCS#7 in BER", mustRead(t, "convert/chain-ber.p7b"), 0, len(plain.Certificates), 0},
		{"DER", der, 1, 0, 0},
	} {
		res, err := Decode(tc.data, Options{Defer: true})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(res.Certificates) != tc.parsed || len(res.Deferred) != tc.deferred || res.Duplicates != tc.dups {
			t.Errorf("%s: %d parsed, %d deferred, %d duplicates; want %d, %d, %d", tc.name,
				len(res.Certificates), len(res.Deferred), res.Duplicates, tc.parsed, tc.deferred, tc.dups)
		}
	}
	// Merge keeps each deferred certificate once across inputs.
	a, _ := Decode(pemChain, Options{Defer: true})
	b, _ := Decode(pemChain, Options{Defer: true})
	m := Merge(a, b)
	if len(m.Deferred) != len(a.Deferred) || m.Duplicates != len(a.Deferred) {
		t.Errorf("Merge: %d deferred, %d duplicates; want %d, %d", len(m.Deferred), m.Duplicates, len(a.Deferred), len(a.Deferred))
	}
}

// TestDeferredBrokenCertificate: a certificate whose structure is sound
// but whose contents neither crypto/x509 nor the lenient reading accept is
// deferred, and its Parse says what is wrong; one whose structure is not a
// certificate's is parsed at once, and Decode's error says where it is.
func TestDeferredBrokenCertificate(t *testing.T) {
	plain, err := Decode(mustRead(t, "convert/chain.pem"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, ok := splitCertificate(plain.Certificates[0].Raw)
	if !ok {
		t.Fatal("cannot split a good certificate")
	}
	// An SPKI that is no key at all: a SEQUENCE holding an INTEGER.
	p.spki = []byte{0x30, 0x03, 0x02, 0x01, 0x00}
	bad := p.encode()
	block := "-----BEGIN CERTIFICATE-----\n" + b64Lines(bad) + "-----END CERTIFICATE-----\n"
	res, err := Decode([]byte(block), Options{Defer: true})
	if err != nil || len(res.Deferred) != 1 {
		t.Fatalf("Decode with Defer: %v, %d deferred; want the certificate deferred", err, len(res.Deferred))
	}
	// The message is certkit's; crypto/x509's words are the detail.
	if _, _, err := res.Deferred[0].Parse(); err == nil || err.Error() != "convert: the certificate of CN=Example Convert Root CA,O=Example Voice,C=US is invalid" || !strings.HasPrefix(Detail(err), "x509: ") {
		t.Errorf("Parse of a broken certificate: %v (detail %q)", err, Detail(err))
	}
	// Cut short: not a certificate's structure.
	short := "-----BEGIN CERTIFICATE-----\n" + b64Lines(bad[:len(bad)-40]) + "-----END CERTIFICATE-----\n"
	if _, err := Decode([]byte(short), Options{Defer: true}); err == nil || !strings.Contains(err.Error(), "PEM block 1") {
		t.Errorf("Decode of a truncated certificate with Defer: %v; want an error naming the PEM block", err)
	}
}

// FuzzDecodeDeferred checks that Defer never panics, and agrees with
// Decode whenever Decode reads the input.
func FuzzDecodeDeferred(f *testing.F) {
	addSeeds(f, "convert/*", "samples/*", "lenient/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		deferredAgrees(t, "input", data)
	})
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// b64Lines is base64 in 64-character lines, as PEM has it.
func b64Lines(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 64 {
		out.WriteString(s[:64] + "\n")
		s = s[64:]
	}
	return out.String() + s + "\n"
}
