package main

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"time"
)

// revocationAddr is where the README test serves testdata/revocation/www/
// and answers OCSP requests: the certificates name it, so it is fixed.
const revocationAddr = "127.0.0.1:18737"

// genRevocation writes testdata/revocation: a root, an issuing CA whose
// status the root's CRL gives, and three gateway certificates: vgw5 names
// an OCSP responder, vgw6 the responder and the issuing CA's CRL, which
// lists it as revoked for keyCompromise on 2026-10-01, and vgw7 an LDAP
// and an HTTP CRL distribution point. www/ holds the CRLs the URLs serve.
// The OCSP responder answers from the issuing CA's CRL, as AD CS's does,
// signing with issuing.key: x/crypto/ocsp dates every answer it makes
// now, so answers made here would differ every run.
func genRevocation() {
	u := "http://" + revocationAddr
	root := chainCA("Example Voice Root CA 5", ecKey("revocation/root"), nil, time.Time{})
	issuingKey := ecKey("revocation/issuing")
	issuing := &ca{Cert: chainSign(&x509.Certificate{
		Subject:               pkix.Name{CommonName: "Example Voice Issuing CA 5", Organization: []string{"Example Voice"}, Country: []string{"US"}},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		CRLDistributionPoints: []string{u + "/root.crl"},
	}, issuingKey.Public(), root, issuingKey, time.Time{}), Key: issuingKey}
	gateway := func(name string, ocspURLs, crls []string) *x509.Certificate {
		key := ecKey("revocation/" + name)
		return chainSign(&x509.Certificate{
			Subject:               pkix.Name{CommonName: name, Organization: []string{"Example Voice"}, Country: []string{"US"}},
			DNSNames:              []string{name},
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
			OCSPServer:            ocspURLs,
			CRLDistributionPoints: crls,
		}, key.Public(), issuing, key, time.Time{})
	}
	good := gateway("vgw5.example.com", []string{u + "/ocsp"}, nil)
	revoked := gateway("vgw6.example.com", []string{u + "/ocsp"}, []string{u + "/issuing.crl"})
	byCRL := gateway("vgw7.example.com", nil, []string{
		"ldap:///CN=Example%20Voice%20Issuing%20CA%205,CN=CDP,CN=Public%20Key%20Services,CN=Services,CN=Configuration,DC=example,DC=com?certificateRevocationList?base?objectClass=cRLDistributionPoint",
		u + "/issuing.crl",
	})
	write("revocation/cas.pem", certsPEM(root.Cert, issuing.Cert))
	write("revocation/gateways.pem", certsPEM(good, revoked, byCRL))

	keyDER, err := x509.MarshalPKCS8PrivateKey(issuingKey)
	check(err)
	write("revocation/issuing.key", pemOf("PRIVATE KEY", keyDER))

	crl := func(name string, by *ca, entries ...x509.RevocationListEntry) {
		der, err := x509.CreateRevocationList(rng("revocation/crl/"+name), &x509.RevocationList{
			Number: big.NewInt(1), ThisUpdate: notBefore, NextUpdate: notAfter, RevokedCertificateEntries: entries,
		}, by.Cert, by.Key)
		check(err)
		write("revocation/www/"+name, der)
	}
	crl("root.crl", root)
	// The issuing CA's CRL lists vgw6, and another gateway's serial.
	crl("issuing.crl", issuing,
		x509.RevocationListEntry{SerialNumber: big.NewInt(0x1234), RevocationTime: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ReasonCode: 4},
		x509.RevocationListEntry{SerialNumber: revoked.SerialNumber, RevocationTime: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), ReasonCode: 1})
}
