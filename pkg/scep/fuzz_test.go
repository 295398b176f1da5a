package scep_test

import (
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/pkg/scep"
)

// seeds adds the files of testdata/fuzz/DIR to f, failing when there are
// none.
func seeds(f *testing.F, dir string) {
	names, err := filepath.Glob(filepath.Join("testdata", "fuzz", dir, "*.der"))
	if err != nil || len(names) == 0 {
		f.Fatalf("no seeds in testdata/fuzz/%s: %v", dir, err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzParseCACert: a GetCACert body is certificates or an error matching
// ErrNotCertificates, never a panic or an empty list.
func FuzzParseCACert(f *testing.F) {
	seeds(f, "cacert")
	f.Fuzz(func(t *testing.T, b []byte) {
		certs, err := scep.ParseCACert(b)
		if err != nil {
			if !errors.Is(err, scep.ErrNotCertificates) {
				t.Fatalf("error %v does not match ErrNotCertificates", err)
			}
			return
		}
		if len(certs) == 0 {
			t.Fatal("no error and no certificate")
		}
		for _, c := range certs {
			if c == nil {
				t.Fatal("a nil certificate")
			}
		}
	})
}

// FuzzParseCertRep: a PKIOperation answer is a CertRep or an error, never
// a panic.
func FuzzParseCertRep(f *testing.F) {
	seeds(f, "certrep")
	f.Fuzz(func(t *testing.T, b []byte) {
		msg, err := scep.ParseCertRep(b, []*x509.Certificate{})
		if err == nil && (msg == nil || msg.CertRepMessage == nil) {
			t.Fatal("no error and no CertRep")
		}
	})
}
