package testkit

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"fmt"
	"math/big"
	"time"
)

// SameName returns n CA certificates that all have the subject and issuer
// CN=Same, each signed by the one before it (the first one self-signed):
// the hostile file of issue 23, where every certificate is a candidate
// issuer of every other by name and only the key identifiers and the
// signatures tell them apart.
//
// With ed25519 the keys come from fixed seeds and Ed25519 signatures are
// deterministic, so the same n gives the same bytes on every call (about
// 340 bytes of DER a certificate). Otherwise the keys are P-256 from
// crypto/rand: the bytes differ, the shape does not, and it exercises the
// P-256 tables internal/sigcheck builds for keys expected to check many
// signatures.
func SameName(n int, ed bool) ([]*x509.Certificate, error) {
	name := pkix.Name{CommonName: "Same"}
	var parent *x509.Certificate
	var parentKey crypto.Signer
	out := make([]*x509.Certificate, 0, n)
	for i := range n {
		var key crypto.Signer
		if ed {
			seed := sha256.Sum256(binary.BigEndian.AppendUint64([]byte("benchstore/same-name/"), uint64(i)))
			key = ed25519.NewKeyFromSeed(seed[:])
		} else {
			k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			if err != nil {
				return nil, err
			}
			key = k
		}
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(int64(i + 1)),
			Subject:               name,
			NotBefore:             time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:              time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
			BasicConstraintsValid: true,
			IsCA:                  true,
		}
		signerCert, signer := tmpl, key
		if parent != nil {
			signerCert, signer = parent, parentKey
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, key.Public(), signer)
		if err != nil {
			return nil, fmt.Errorf("benchstore: certificate %d of the same-name chain: %w", i+1, err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		parent, parentKey = c, key
	}
	return out, nil
}
