package main

import (
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"time"

	"github.com/pavlo-v-chernykh/keystore-go/v4"
	"github.com/square/certigo/jceks"
	"software.sslmate.com/src/go-pkcs12"
)

// scanPassword opens the PKCS#12 file and the keystore of testdata/scan.
const scanPassword = "changeit"

// genScan writes testdata/scan, the folder certkit scan's tests and
// docs/scan.md read: an engineer's folder of CA mail, exports and
// captures, with every format certkit reads, under names that do not say
// what they hold. vgw1's key, CSR and certificate belong together; vgw2's
// capture was never answered; old-lab.key belongs to nothing; the
// issuing CA is there three times under other names; one file is cut
// short and two hold nothing certkit reads (notes, random bytes). The link loop and the 100 MB
// file are made by the tests at run time.
func genScan() {
	root := newCA("Example Scan Root CA", ecKey("scan/root"), nil)
	issuing := newCA("Example Scan Issuing CA", ecKey("scan/issuing"), root)

	// The gateway vgw1: its key, its CSR and the certificate answering it,
	// in the AD CS certnew.p7b and in its running-config.
	vgw1Key := rsaKey("scan/vgw1", 2048)
	vgw1 := iosLeaf("vgw1", "vgw1.example.com", big.NewInt(0x2a01), vgw1Key, issuing)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(vgw1Key)
	check(err)
	write("scan/gateways/vgw1.key", pemOf("PRIVATE KEY", pkcs8))
	write("scan/gateways/vgw1.csr", pemOf("CERTIFICATE REQUEST", csrDER(&x509.CertificateRequest{
		Subject: iosSubject("vgw1.example.com"), DNSNames: []string{"vgw1.example.com"},
	}, vgw1Key)))
	write("scan/mail/certnew.p7b", encodeP7(issuing.Cert, vgw1, root.Cert))
	selfKey := rsaKey("scan/vgw1-self", 2048)
	self := iosSelfSigned(iosSelfSignedCN("vgw1"), "vgw1.example.com", selfKey, crypto.SHA256, notBefore, notAfter)
	write("scan/gateways/vgw1 show run.txt", []byte(iosConfig(iosGateway{
		hostname:    "vgw1",
		trustpoints: voiceTrustpoints("vgw1", true),
		chains: []iosChain{
			{"TP-self-signed-3735928559", []iosEntry{{"self-signed", self}}},
			{"vgw1", []iosEntry{{"", vgw1}, {"ca", issuing.Cert}}},
		},
	})))

	// vgw2 asked and was never answered: its enroll capture.
	vgw2 := csrDER(&x509.CertificateRequest{Subject: iosSubject("vgw2.example.com")}, rsaKey("scan/vgw2", 2048))
	write("scan/gateways/vgw2 enroll.log", []byte(iosCapture("vgw2", vgw2, false, "\r\n")))

	// The CAs as they arrive: the root in DER, the issuing CA in PEM and
	// again under other names, both in a PEM PKCS#7.
	write("scan/ca/root.cer", root.Cert.Raw)
	write("scan/ca/issuing.pem", certsPEM(issuing.Cert))
	write("scan/ca/Copy of issuing.crt", issuing.Cert.Raw)
	write("scan/ca/chain.p7b", pemOf("PKCS7", encodeP7(root.Cert, issuing.Cert)))

	// CUCM's tomcat certificate in a PKCS#12, UCCX's in a JKS keystore.
	cucmKey := ecKey("scan/cucm1")
	cucm := newLeaf("cucm1.example.com", []string{"cucm1.example.com"}, cucmKey, issuing)
	pfx, err := pkcs12.Modern.WithRand(rng("scan/pfx")).Encode(cucmKey, cucm, []*x509.Certificate{issuing.Cert, root.Cert}, scanPassword)
	check(err)
	write("scan/cucm/tomcat.pfx", pfx)
	uccxKey := ecKey("scan/uccx1")
	uccx := newLeaf("uccx1.example.com", []string{"uccx1.example.com"}, uccxKey, issuing)
	uccxDER, err := x509.MarshalPKCS8PrivateKey(uccxKey)
	check(err)
	ks := keystore.New(keystore.WithOrderedAliases(), keystore.WithCustomRandomNumberGenerator(rng("scan/jks")))
	check(ks.SetTrustedCertificateEntry("example-root", keystore.TrustedCertificateEntry{CreationTime: jksCreated, Certificate: jksCert(root.Cert)}))
	check(ks.SetPrivateKeyEntry("tomcat", keystore.PrivateKeyEntry{CreationTime: jksCreated, PrivateKey: uccxDER,
		CertificateChain: []keystore.Certificate{jksCert(uccx), jksCert(issuing.Cert), jksCert(root.Cert)}}, []byte(scanPassword)))
	write("scan/uccx/keystore.jks", storeJKS(ks))
	// Unity Connection's in a JCEKS keystore (RSA: the only key certigo's
	// jceks writes).
	cucKey := rsaKey("scan/cuc1", 2048)
	cuc := newLeaf("cuc1.example.com", []string{"cuc1.example.com"}, cucKey, issuing)
	e := new(jceks.Encoder)
	check(e.SetIntegrityPassword(scanPassword))
	check(e.AddTrustedCertificate("example-root", jksCreated, root.Cert.Raw))
	check(e.AddPrivateKeyPKCS1("tomcat", jksCreated, x509.MarshalPKCS1PrivateKey(cucKey), [][]byte{cuc.Raw, issuing.Cert.Raw, root.Cert.Raw},
		jceksCipher(scanPassword, "scan/jceks")))
	write("scan/cuc/tomcat.jceks", storeJCEKS(e))

	// A key that belongs to nothing, an expired certificate whose key is
	// gone, and a 1024-bit one.
	lab, err := x509.MarshalECPrivateKey(ecKey("scan/old-lab"))
	check(err)
	write("scan/keys/old-lab.key", pemOf("EC PRIVATE KEY", lab))
	expired := sign(&x509.Certificate{
		Subject:   pkix.Name{CommonName: "cube-old.example.com", Organization: []string{"Example Voice"}},
		DNSNames:  []string{"cube-old.example.com"},
		NotBefore: time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, ecKey("scan/cube-old").Public(), issuing, nil)
	write("scan/old/cube-old.cer", certsPEM(expired))
	small := rsaKey("scan/phone-lab", 1024)
	write("scan/old/phone-lab.pem", certsPEM(newLeaf("phone-lab.example.com", []string{"phone-lab.example.com"}, small, issuing)))

	// What is not certkit's: notes, and a copy cut short.
	write("scan/README.txt", []byte("Certificates from the PKI team, 2026.\r\nThe PFX password is in the vault.\r\n"))
	garbage := make([]byte, 2048)
	_, err = rng("scan/garbage").Read(garbage)
	check(err)
	garbage[0] = 0x9e // never a SEQUENCE, never text
	write("scan/mail/image001.bin", garbage)
	chainPEM := certsPEM(issuing.Cert, root.Cert)
	write("scan/mail/broken.pem", chainPEM[:len(chainPEM)-300])
}
