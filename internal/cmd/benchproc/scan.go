//go:build unix

package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/voicepki/certkit/pkg/convert"
	"software.sslmate.com/src/go-pkcs12"
)

// scanPassword opens the PKCS#12 files of the scan folder.
const scanPassword = "changeit"

// scanGen writes the folder certkit scan is timed on: 10,000 files, about
// 50 MB, as an engineer's folder of CA mail holds them. 4 roots and 8
// issuing CAs; 4,500 PEM chains (leaf, issuing CA, root); 2,000 DER
// leaves; 1,000 private keys (half of them of a leaf of the folder); 1,000
// CSRs (half answered, 500 certificates); 400 DER PKCS#7 chains; 50 PKCS#12 files; 130
// PEM bundles of 200 CA certificates (the same 200 in each); 420 text
// files of 45 KB that hold nothing certkit reads.
func scanGen(dir string) {
	check := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		check(err)
		return k
	}
	serial := int64(0)
	mk := func(cn string, ca bool, k *ecdsa.PrivateKey, parent *x509.Certificate, signer *ecdsa.PrivateKey) *x509.Certificate {
		serial++
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}},
			NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:     time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(serial) * time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			DNSNames:     []string{cn},
		}
		if ca {
			tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
			tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
			tmpl.DNSNames = nil
		}
		if parent == nil {
			parent, signer = tmpl, k
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &k.PublicKey, signer)
		check(err)
		c, err := x509.ParseCertificate(der)
		check(err)
		return c
	}
	check(os.RemoveAll(dir))
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		check(os.MkdirAll(filepath.Dir(p), 0o755))
		check(os.WriteFile(p, data, 0o644))
	}
	pemOf := func(label string, ders ...[]byte) []byte {
		var b bytes.Buffer
		for _, d := range ders {
			pem.Encode(&b, &pem.Block{Type: label, Bytes: d})
		}
		return b.Bytes()
	}
	type ca struct {
		cert *x509.Certificate
		key  *ecdsa.PrivateKey
	}
	var roots, issuing []ca
	for i := range 4 {
		k := key()
		roots = append(roots, ca{mk(fmt.Sprintf("Scan Root CA %d", i), true, k, nil, nil), k})
	}
	for i := range 8 {
		k, r := key(), roots[i%4]
		issuing = append(issuing, ca{mk(fmt.Sprintf("Scan Issuing CA %d", i), true, k, r.cert, r.key), k})
	}
	files := 0
	leaf := func(i int) (*x509.Certificate, *ecdsa.PrivateKey, ca, ca) {
		k, is := key(), issuing[i%8]
		return mk(fmt.Sprintf("host%05d.example.com", i), false, k, is.cert, is.key), k, is, roots[i%8%4]
	}
	n := 0
	for range 4500 {
		c, k, is, r := leaf(n)
		write(fmt.Sprintf("mail/%03d/host%05d.pem", n/100, n), pemOf("CERTIFICATE", c.Raw, is.cert.Raw, r.cert.Raw))
		if n%5 == 0 && files < 500 {
			der, err := x509.MarshalPKCS8PrivateKey(k)
			check(err)
			write(fmt.Sprintf("keys/host%05d.key", n), pemOf("PRIVATE KEY", der))
			files++
		}
		n++
	}
	for range 2000 {
		c, _, _, _ := leaf(n)
		write(fmt.Sprintf("der/%02d/host%05d.cer", n/100, n), c.Raw)
		n++
	}
	for i := range 500 {
		der, err := x509.MarshalECPrivateKey(key())
		check(err)
		write(fmt.Sprintf("keys/lab%05d.key", i), pemOf("EC PRIVATE KEY", der))
	}
	for i := range 1000 {
		k := key()
		cn := fmt.Sprintf("csr%05d.example.com", i)
		der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}, DNSNames: []string{cn}}, k)
		check(err)
		write(fmt.Sprintf("csr/%s.csr", cn), pemOf("CERTIFICATE REQUEST", der))
		if i%2 == 0 {
			is := issuing[i%8]
			write(fmt.Sprintf("csr/%s.cer", cn), pemOf("CERTIFICATE", mk(cn, false, k, is.cert, is.key).Raw))
		}
	}
	for i := range 400 {
		c, _, is, r := leaf(n)
		p7, err := convert.Encode([]*x509.Certificate{is.cert, c, r.cert}, convert.EncodeOptions{Format: convert.FormatPKCS7})
		check(err)
		write(fmt.Sprintf("p7b/certnew-%03d.p7b", i), p7)
		n++
	}
	for i := range 50 {
		c, k, is, r := leaf(n)
		pfx, err := pkcs12.Modern.Encode(k, c, []*x509.Certificate{is.cert, r.cert}, scanPassword)
		check(err)
		write(fmt.Sprintf("pfx/host%05d.pfx", i), pfx)
		n++
	}
	var bundle []byte
	for i := range 200 {
		bundle = append(bundle, pemOf("CERTIFICATE", mk(fmt.Sprintf("Bundle Root %03d", i), true, key(), nil, nil).Raw)...)
	}
	for i := range 130 {
		write(fmt.Sprintf("bundles/ca-bundle-%03d.pem", i), bundle)
	}
	text := []byte(strings.Repeat("Please find the certificates attached. Regards, the PKI team.\r\n", 720))
	for i := range 420 {
		write(fmt.Sprintf("notes/note%03d.txt", i), text)
	}
	fmt.Println("wrote", dir)
}

// scanRounds times certkit scan (text, and --json) and sensiblebit's
// scan (its default summary) of dir, round by round, the password given
// to both.
func scanRounds(dir, ck, peer string, rounds int) {
	var c contest
	for range rounds {
		c.add("certkit scan", runSample("env", "CERTKIT_PASSWORD="+scanPassword, ck, "scan", dir))
		c.add("certkit scan --json", runSample("env", "CERTKIT_PASSWORD="+scanPassword, ck, "scan", "--json", dir))
		c.add("sensiblebit scan", runSample(peer, "scan", "-p", scanPassword, dir))
	}
	c.report(fmt.Sprintf("scan DIR (%s), %d rounds", dir, rounds), "sensiblebit scan")
}
