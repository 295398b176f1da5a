package x509text

import (
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nameSeeds adds the subject and issuer of every certificate under the
// repository's testdata/adcs and testdata/cisco, and fails if there are
// none.
func nameSeeds(f *testing.F) {
	n := 0
	for _, glob := range []string{"adcs/*.pem", "cisco/*/*.pem", "chain/*.pem"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "testdata", glob))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			for block, rest := pem.Decode(data); block != nil; block, rest = pem.Decode(rest) {
				if c, err := x509.ParseCertificate(block.Bytes); err == nil {
					f.Add(c.RawSubject)
					f.Add(c.RawIssuer)
					n++
				}
			}
		}
	}
	if n == 0 {
		f.Fatal("no certificates to seed from under testdata/")
	}
	raw, err := hex.DecodeString(everyName)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
}

// FuzzName checks that Name never panics, that its errors carry the
// x509text: prefix, and that what it writes reads back as the same name:
// EqualName(Name(der), der) holds for every name with at least one RDN
// and no empty RDN (which no text can write).
func FuzzName(f *testing.F) {
	nameSeeds(f)
	f.Fuzz(func(t *testing.T, der []byte) {
		s, err := Name(der)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "x509text: ") {
				t.Fatalf("error %q lacks the x509text: prefix", err)
			}
			return
		}
		rdns, _ := parseRDNs(der)
		if len(rdns) == 0 {
			return
		}
		for _, rdn := range rdns {
			if len(rdn) == 0 {
				return
			}
		}
		if !EqualName(s, der) {
			parsed, perr := ParseName(s)
			t.Fatalf("Name wrote %q, which does not read back as the name (ParseName: %v, %v)", s, parsed, perr)
		}
	})
}

// FuzzParseName checks that ParseName never panics, that its errors
// carry the x509text: prefix, and that a name it reads has no empty RDN.
func FuzzParseName(f *testing.F) {
	for _, s := range []string{everyNameOpenSSL, `cn=a,o=b\, c+ou=d`, `/C=US/CN=x`, `CN="a, b"`, `CN=#0C0161`, `E=x@y; S=Texas`, `OID.2.5.4.3=x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rdns, err := ParseName(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "x509text: ") {
				t.Fatalf("error %q lacks the x509text: prefix", err)
			}
			return
		}
		for _, rdn := range rdns {
			if len(rdn) == 0 {
				t.Fatalf("ParseName(%q) gave an empty RDN", s)
			}
		}
	})
}
