package main

import (
	"bytes"
	"crypto/x509"
	"time"

	"github.com/pavlo-v-chernykh/keystore-go/v4"
	"github.com/square/certigo/jceks"
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
// with its chain, in JKS (keystore-go) and in JCEKS (certigo's jceks).
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

	// The same two keystores in JCEKS, as keytool -storetype JCEKS writes
	// them: an RSA key (the only kind certigo's jceks writes) under
	// PBEWithMD5AndTripleDES; entries in the order of the JKS files,
	// whose aliases keystore-go sorts.
	pkcs1 := x509.MarshalPKCS1PrivateKey(key)
	chainDER := [][]byte{leaf.Raw, inter.Cert.Raw, root.Cert.Raw}
	e := new(jceks.Encoder)
	check(e.SetIntegrityPassword(jksStorePassword))
	check(e.AddTrustedCertificate("example-issuing", jksCreated, inter.Cert.Raw))
	check(e.AddTrustedCertificate("example-root", jksCreated, root.Cert.Raw))
	check(e.AddPrivateKeyPKCS1("tomcat", jksCreated, pkcs1, chainDER, jceksCipher(jksStorePassword, "jceks/salt")))
	write("convert/keystore.jceks", storeJCEKS(e))

	e = new(jceks.Encoder)
	check(e.SetIntegrityPassword(jksStorePassword))
	check(e.AddTrustedCertificate("example-root", jksCreated, root.Cert.Raw))
	check(e.AddPrivateKeyPKCS1("tomcat", jksCreated, pkcs1, chainDER, jceksCipher(jksKeyPassword, "jceks/salt-keypass")))
	write("convert/keystore-keypass.jceks", storeJCEKS(e))
}

// jceksIterations is the key-derivation iteration count of the generated
// JCEKS keys: 10,000, the least the JDK's jdk.jceks.iterationCount takes
// (its default, 200,000, would slow the tests and the fuzzer for nothing).
const jceksIterations = 10_000

// jceksCipher protects a JCEKS key with password, its salt drawn from
// the fixed generator label.
func jceksCipher(password, label string) jceks.PrivateKeyCipher {
	c, err := jceks.PBEWithMD5AndDES3CBC([]byte(password), rng(label), jceksIterations)
	check(err)
	return c
}

func storeJCEKS(e *jceks.Encoder) []byte {
	var b bytes.Buffer
	_, err := e.WriteTo(&b)
	check(err)
	return b.Bytes()
}

func jksCert(c *x509.Certificate) keystore.Certificate {
	return keystore.Certificate{Type: "X.509", Content: c.Raw}
}

func storeJKS(ks keystore.KeyStore) []byte {
	var b bytes.Buffer
	check(ks.Store(&b, []byte(jksStorePassword)))
	return b.Bytes()
}
