package chain_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/chain"
)

// FuzzOrder builds a certificate graph from the input, four bytes per
// certificate (subject name, key, issuer name, signing key and flags),
// from a few names and keys, so that same-name CAs, re-keyed and re-issued
// copies, cross-certificates and loops all arise, and checks what Order
// promises: every link is a real signature, no certificate appears twice
// in a chain, a complete chain ends at a root or an anchor, every input
// certificate is in a chain or reported outside, and it terminates.
func FuzzOrder(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzOrder", "*"))
	if len(seeds) == 0 {
		f.Fatal("no seed corpus in testdata/fuzz/FuzzOrder")
	}
	keys := make([]*ecdsa.PrivateKey, 4)
	for i := range keys {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			f.Fatal(err)
		}
		keys[i] = k
	}
	names := []string{"Root", "CA A", "CA B", "gw"}
	f.Fuzz(func(t *testing.T, spec []byte) {
		if len(spec) > 4*12 {
			spec = spec[:4*12]
		}
		var certs, anchors []*x509.Certificate
		for i := 0; i+4 <= len(spec); i += 4 {
			subj, key, iss, sk := int(spec[i]%4), int(spec[i+1]%4), int(spec[i+2]%4), int(spec[i+3]%4)
			flags := spec[i+3] >> 2
			tmpl := &x509.Certificate{
				SerialNumber:          big.NewInt(int64(i + 1)),
				Subject:               pkix.Name{CommonName: names[subj]},
				NotBefore:             time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
				NotAfter:              time.Date(2125-int(flags&3), 1, 1, 0, 0, 0, 0, time.UTC),
				BasicConstraintsValid: flags&4 == 0,
				IsCA:                  flags&4 == 0,
			}
			parent := &x509.Certificate{Subject: pkix.Name{CommonName: names[iss]}, PublicKey: keys[sk].Public()}
			if flags&8 != 0 {
				parent.SubjectKeyId = []byte{byte(sk)}
			}
			der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, keys[key].Public(), keys[sk])
			if err != nil {
				t.Fatal(err)
			}
			c, err := x509.ParseCertificate(der)
			if err != nil {
				t.Fatal(err)
			}
			certs = append(certs, c)
			if flags&16 != 0 {
				anchors = append(anchors, c)
			}
		}
		chains, err := chain.Order(certs, chain.Options{Roots: anchors, Verify: len(spec)%2 == 0})
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range chains {
			n := len(ch.Certificates)
			if n == 0 || len(ch.Roles) != n {
				t.Fatalf("chain of %d certificates with %d roles", n, len(ch.Roles))
			}
			seen := map[string]bool{}
			for k, c := range ch.Certificates {
				if seen[string(c.Raw)] {
					t.Fatalf("certificate %s twice in a chain", c.Subject)
				}
				seen[string(c.Raw)] = true
				if k > 0 {
					if err := ch.Certificates[k-1].CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil {
						t.Fatalf("link %d of the chain is not a signature: %v", k, err)
					}
				}
			}
			top := ch.Certificates[0]
			selfSigned := top.CheckSignature(top.SignatureAlgorithm, top.RawTBSCertificate, top.Signature) == nil &&
				string(top.RawIssuer) == string(top.RawSubject)
			if ch.Complete != (selfSigned || ch.Anchored) {
				t.Fatalf("complete %v, but top self-signed %v, anchored %v", ch.Complete, selfSigned, ch.Anchored)
			}
			if ch.Complete == (ch.Missing != nil) {
				t.Fatalf("complete %v with missing %v", ch.Complete, ch.Missing)
			}
			if (ch.Verified != nil) != (len(spec)%2 == 0) {
				t.Fatalf("verified %v without Options.Verify", ch.Verified)
			}
		}
		in := map[string]bool{}
		for _, ch := range chains {
			for _, c := range ch.Certificates {
				in[string(c.Raw)] = true
			}
		}
		for _, c := range chain.Outside(certs, chains) {
			if in[string(c.Raw)] {
				t.Fatalf("%s is both in a chain and outside", c.Subject)
			}
			in[string(c.Raw)] = true
		}
		for _, c := range certs {
			if !in[string(c.Raw)] {
				t.Fatalf("%s is in no chain and not outside", c.Subject)
			}
		}
	})
}
