package testkit

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"time"
)

// Store returns n certificates of that shape. The spread of gateways over
// the issuing CAs and the shuffle are the same on every call; the keys
// differ.
func BenchStore(n, roots int) ([]*x509.Certificate, error) {
	var failed error
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil && failed == nil {
			failed = err
		}
		return k
	}
	serial := int64(0)
	mk := func(cn string, ca bool, pub *ecdsa.PublicKey, parent *x509.Certificate, signer *ecdsa.PrivateKey) *x509.Certificate {
		serial++
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}},
			NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:     time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:     x509.KeyUsageDigitalSignature,
		}
		if ca {
			tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
			tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		}
		if parent == nil {
			parent = tmpl
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			if failed == nil {
				failed = err
			}
			return nil
		}
		c, err := x509.ParseCertificate(der)
		if err != nil && failed == nil {
			failed = err
		}
		return c
	}
	type ca struct {
		cert *x509.Certificate
		key  *ecdsa.PrivateKey
	}
	var certs []*x509.Certificate
	var issuing []ca
	for r := range roots {
		k := key()
		root := mk(fmt.Sprintf("Root CA %d", r), true, &k.PublicKey, nil, k)
		certs = append(certs, root)
		for i := range 2 {
			ik := key()
			c := mk(fmt.Sprintf("Issuing CA %d-%d", r, i), true, &ik.PublicKey, root, k)
			certs = append(certs, c)
			issuing = append(issuing, ca{c, ik})
		}
		if failed != nil {
			return nil, failed
		}
	}
	gwKey := key() // gateways may share a key: each certificate is still signed apart
	rng := mrand.New(mrand.NewPCG(1, 2))
	for g := 0; len(certs) < n && failed == nil; g++ {
		is := issuing[rng.IntN(len(issuing))]
		certs = append(certs, mk(fmt.Sprintf("gw%d.example.net", g), false, &gwKey.PublicKey, is.cert, is.key))
	}
	if failed != nil {
		return nil, failed
	}
	rng.Shuffle(len(certs), func(i, j int) { certs[i], certs[j] = certs[j], certs[i] })
	return certs, nil
}
