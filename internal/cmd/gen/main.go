//go:debug cryptocustomrand=1

// Command gen writes certkit's test certificates, keys, CSRs and bundles.
//
// Run it with go generate from the repository root (see doc.go); its
// outputs are committed. Keys come from a random stream seeded by a label,
// and every date is fixed, so a re-run writes the same bytes and no test
// ever expires. Each area of the project has its own gen_*.go file.
package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// Fixed validity for every generated certificate: issued in 2025, valid
// until 2125, so tests never expire.
var (
	notBefore = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	notAfter  = time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC)
)

var outDir string

func main() {
	flag.StringVar(&outDir, "out", "testdata", "directory to write into")
	flag.Parse()
	for _, g := range []func(){genConvert, genChain, genCSR, genCisco, genRoles, genADCS, genLenient, genFetch, genIOS, genVoice, genCUCM, genSplit, genProbe, genHostile, genJKS, genScan, genRevocation} {
		g()
	}
}

// rng returns a deterministic random stream for label.
//
// Go's crypto reads one extra byte from a caller's random stream on half of
// its calls (randutil.MaybeReadByte), so that nobody relies on the output
// being a function of the stream; with that, the same seed would give a
// different key or ECDSA signature every other run. The stream answers
// one-byte reads without consuming anything, which makes every run the
// same: no key generation or signature reads a single byte on its own.
func rng(label string) io.Reader {
	return fixedRand{rand.NewChaCha8(sha256.Sum256([]byte(label)))}
}

type fixedRand struct{ r io.Reader }

func (f fixedRand) Read(p []byte) (int, error) {
	if len(p) == 1 {
		p[0] = 0
		return 1, nil
	}
	return f.r.Read(p)
}

// rsaKey returns the RSA key of the given size named label; the same label
// always gives the same key.
func rsaKey(label string, bits int) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rng(label), bits)
	check(err)
	return k
}

// ecKey returns the P-256 key named label.
func ecKey(label string) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rng(label))
	check(err)
	return k
}

// ca is a certificate with the key that can sign under it.
type ca struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// sign issues tmpl for pub, signed by parent, or self-signed by key when
// parent is nil. Missing validity dates are filled with the fixed ones, and
// a missing serial number is derived from the subject.
func sign(tmpl *x509.Certificate, pub crypto.PublicKey, parent *ca, key crypto.Signer) *x509.Certificate {
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = notBefore
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = notAfter
	}
	if tmpl.SerialNumber == nil {
		sum := sha256.Sum256([]byte(tmpl.Subject.String()))
		tmpl.SerialNumber = new(big.Int).SetBytes(sum[:16])
	}
	issuerCert, signer := tmpl, key
	if parent != nil {
		issuerCert, signer = parent.Cert, parent.Key
	}
	der, err := x509.CreateCertificate(rng("sig/"+tmpl.Subject.String()), tmpl, issuerCert, pub, signer)
	check(err)
	c, err := x509.ParseCertificate(der)
	check(err)
	return c
}

// newCA makes a CA named cn under parent (self-signed when parent is nil).
func newCA(cn string, key crypto.Signer, parent *ca) *ca {
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}, Country: []string{"US"}},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	return &ca{Cert: sign(tmpl, key.Public(), parent, key), Key: key}
}

// newLeaf makes a TLS server and client certificate for a host.
func newLeaf(cn string, dnsNames []string, key crypto.Signer, parent *ca) *x509.Certificate {
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}, Country: []string{"US"}},
		DNSNames:    dnsNames,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	return sign(tmpl, key.Public(), parent, key)
}

// pemOf encodes DER blocks under one label, canonically (LF, 64 columns).
func pemOf(label string, ders ...[]byte) []byte {
	var out []byte
	for _, d := range ders {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: label, Bytes: d})...)
	}
	return out
}

// certsPEM encodes certificates as concatenated CERTIFICATE blocks.
func certsPEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pemOf("CERTIFICATE", c.Raw)...)
	}
	return out
}

// write writes data to outDir/rel, making directories as needed.
func write(rel string, data []byte) {
	p := filepath.Join(outDir, rel)
	check(os.MkdirAll(filepath.Dir(p), 0o755))
	check(os.WriteFile(p, data, 0o644))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
