package main

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"time"

	"github.com/voicepki/certkit/pkg/convert"
)

// genChain writes testdata/chain: an AD CS bundle after the issuing CA was
// renewed with a new key (the old copy first, as the CA's export lists it),
// the same CA re-issued with its key, and a gateway certificate whose issuing CA is in no file, with its AIA.
func genChain() {
	root := chainCA("Example Voice Root CA", ecKey("chain-ec/root"), nil, time.Time{})
	// The issuing CA before and after its renewal with a new key: same name.
	oldCA := chainCA("Example Voice Issuing CA", ecKey("chain-ec/issuing-1"), root, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
	newCA := chainCA("Example Voice Issuing CA", ecKey("chain-ec/issuing-2"), root, time.Time{})
	gw := chainLeaf("vgw1.example.com", ecKey("chain-ec/vgw1"), newCA, nil)
	write("chain/adcs-renewed.p7b", chainP7(oldCA.Cert, gw, root.Cert, newCA.Cert))
	write("chain/adcs-renewed.pem", certsPEM(oldCA.Cert, gw, root.Cert, newCA.Cert))

	// The issuing CA re-issued with the same key: both copies verify the
	// gateway, so the older one lies outside every chain.
	reissued := chainCA("Example Voice Issuing CA", newCA.Key, root, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC))
	write("chain/reissued.pem", certsPEM(reissued.Cert, gw, newCA.Cert, root.Cert))

	// A gateway certificate from a second issuing CA that no file holds.
	ca2 := chainCA("Example Voice Issuing CA 2", ecKey("chain-ec/issuing-ca2"), root, time.Time{})
	gw2 := chainLeaf("vgw2.example.com", ecKey("chain-ec/vgw2"), ca2, []string{"http://pki.example.com/issuing-ca-2.crt"})
	write("chain/vgw2.pem", certsPEM(gw2))
}

// chainSign is main.go's sign with a deterministic signature and serial
// (the subject and key, since re-keyed CAs share a subject).
func chainSign(tmpl *x509.Certificate, pub crypto.PublicKey, parent *ca, key crypto.Signer, until time.Time) *x509.Certificate {
	tmpl.NotBefore, tmpl.NotAfter = notBefore, notAfter
	if !until.IsZero() {
		tmpl.NotAfter = until
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	check(err)
	sum := sha256.Sum256(append([]byte(tmpl.Subject.String()), pubDER...))
	tmpl.SerialNumber = new(big.Int).SetBytes(sum[:16])
	issuerCert, signer := tmpl, key
	if parent != nil {
		issuerCert, signer = parent.Cert, parent.Key
	}
	der, err := x509.CreateCertificate(rng("chain-sig/"+string(sum[:])), tmpl, issuerCert, pub, signer)
	check(err)
	c, err := x509.ParseCertificate(der)
	check(err)
	return c
}

func chainCA(cn string, key crypto.Signer, parent *ca, until time.Time) *ca {
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}, Country: []string{"US"}},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	return &ca{Cert: chainSign(tmpl, key.Public(), parent, key, until), Key: key}
}

func chainLeaf(cn string, key crypto.Signer, parent *ca, aia []string) *x509.Certificate {
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Example Voice"}, Country: []string{"US"}},
		DNSNames:              []string{cn},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IssuingCertificateURL: aia,
	}
	return chainSign(tmpl, key.Public(), parent, key, time.Time{})
}

func chainP7(certs ...*x509.Certificate) []byte {
	der, err := convert.Encode(certs, convert.EncodeOptions{Format: convert.FormatPKCS7})
	check(err)
	return der
}
