package main

import (
	"bytes"
	"crypto/x509"
	"time"

	"github.com/pavlo-v-chernykh/keystore-go/v4"
)

// The passwords of the generated Java keystores: the store's, and the key
// password of the entry whose key password differs from it.
const (
	jksStorePassword = "changeit" // keytool's default
	jksKeyPassword   = "key-secret"
)

// jksCreated is the creation time of every generated keystore entry.
var jksCreated = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// genJKS writes testdata/convert's Java keystores, as a Tomcat or a CUCM
// tool keeps them: a CA's trusted certificates and a server's key entry
// with its chain. keystore-go writes JKS only, so there is no generated
// JCEKS (the tests refuse certigo's public ones when they are there).
func genJKS() {
	root := newCA("Example Keystore Root CA", ecKey("jks/root"), nil)
	inter := newCA("Example Keystore Issuing CA", ecKey("jks/inter"), root)
	key := rsaKey("jks/leaf", 2048)
	leaf := newLeaf("uccx1.example.com", []string{"uccx1.example.com"}, key, inter)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	check(err)
	chain := []keystore.Certificate{jksCert(leaf), jksCert(inter.Cert), jksCert(root.Cert)}

	// keystore.jks: the key password is the store's, as keytool makes it
	// by default.
	ks := keystore.New(keystore.WithOrderedAliases(), keystore.WithCustomRandomNumberGenerator(rng("jks/salt")))
	check(ks.SetTrustedCertificateEntry("example-root", keystore.TrustedCertificateEntry{CreationTime: jksCreated, Certificate: jksCert(root.Cert)}))
	check(ks.SetTrustedCertificateEntry("example-issuing", keystore.TrustedCertificateEntry{CreationTime: jksCreated, Certificate: jksCert(inter.Cert)}))
	check(ks.SetPrivateKeyEntry("tomcat", keystore.PrivateKeyEntry{CreationTime: jksCreated, PrivateKey: keyDER, CertificateChain: chain}, []byte(jksStorePassword)))
	write("convert/keystore.jks", storeJKS(ks))

	// keystore-keypass.jks: the key entry's password differs from the
	// store's.
	ks = keystore.New(keystore.WithOrderedAliases(), keystore.WithCustomRandomNumberGenerator(rng("jks/salt-keypass")))
	check(ks.SetTrustedCertificateEntry("example-root", keystore.TrustedCertificateEntry{CreationTime: jksCreated, Certificate: jksCert(root.Cert)}))
	check(ks.SetPrivateKeyEntry("tomcat", keystore.PrivateKeyEntry{CreationTime: jksCreated, PrivateKey: keyDER, CertificateChain: chain}, []byte(jksKeyPassword)))
	write("convert/keystore-keypass.jks", storeJKS(ks))
}

func jksCert(c *x509.Certificate) keystore.Certificate {
	return keystore.Certificate{Type: "X.509", Content: c.Raw}
}

func storeJKS(ks keystore.KeyStore) []byte {
	var b bytes.Buffer
	check(ks.Store(&b, []byte(jksStorePassword)))
	return b.Bytes()
}
