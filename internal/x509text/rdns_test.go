package x509text

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestReadRDNs: the quick path reads every subject and issuer of the
// test data exactly as encoding/asn1 does.
func TestReadRDNs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "*"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "*", "*"))
	n := 0
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var certs []*x509.Certificate
		if c, err := x509.ParseCertificate(data); err == nil {
			certs = append(certs, c)
		}
		for rest := data; ; {
			var b *pem.Block
			if b, rest = pem.Decode(rest); b == nil {
				break
			}
			if c, err := x509.ParseCertificate(b.Bytes); err == nil {
				certs = append(certs, c)
			}
		}
		for _, c := range certs {
			for _, der := range [][]byte{c.RawSubject, c.RawIssuer} {
				want, err := unmarshalRDNs(der)
				got, ok := readRDNs(der)
				if err == nil && (!ok || !reflect.DeepEqual(got, want)) {
					t.Errorf("%s: %s: quick %v %v, slow %v", f, c.Subject, ok, got, want)
				}
				n++
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d names checked", n)
	}
}

// FuzzReadRDNs: whatever the bytes, the quick path reads a name exactly
// as encoding/asn1 does, or leaves it to encoding/asn1.
func FuzzReadRDNs(f *testing.F) {
	for _, n := range []pkix.Name{
		{CommonName: "vgw1.example.com", Organization: []string{"Example Voice"}, Country: []string{"US"}},
		{CommonName: "AT&T <voice>", OrganizationalUnit: []string{"a", "b"}},
		{},
	} {
		der, err := asn1.Marshal(n.ToRDNSequence())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(der)
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		got, ok := readRDNs(der)
		want, err := unmarshalRDNs(der)
		if ok && err != nil {
			t.Fatalf("quick path read what encoding/asn1 refuses (%v)", err)
		}
		if ok && !reflect.DeepEqual(got, want) {
			t.Fatalf("quick %v, slow %v", got, want)
		}
	})
}
