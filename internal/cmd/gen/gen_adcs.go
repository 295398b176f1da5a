package main

import (
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
)

// Attribute types of an AD CS name that Go's pkix.Name has no field for.
var (
	oidDC           = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}
	oidEmailAddress = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}
	oidCAVersion    = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 21, 1}
)

// genADCS writes testdata/adcs: an enterprise AD CS hierarchy named the
// way Windows names it, with DC= components and an emailAddress, for the
// tests that check every command prints those names as openssl does:
//
//   - root.pem: emailAddress=pki@verybigco.local,CN=VeryBigCo-ROOT-CA,DC=verybigco,DC=local
//   - issuing.pem: emailAddress=pki@verybigco.local,CN=VeryBigCo-Issuing-CA,DC=verybigco,DC=local
//   - gateway.pem: the certificate it issued for vgw1.verybigco.local
//     from vgw1.csr, whose subject it keeps (unstructuredName included)
//   - certnew.p7b: issuing CA, gateway and root, as the CA's web page
//     hands them out
//   - vgw1.csr: the gateway's request as IOS makes it (CN and
//     unstructuredName the FQDN)
func genADCS() {
	root := adcsCA("VeryBigCo-ROOT-CA", 1, nil, rsaKey("adcs-rsa/root", 2048))
	issuing := adcsCA("VeryBigCo-Issuing-CA", 2, root, rsaKey("adcs-rsa/issuing", 2048))
	gwKey := rsaKey("adcs-rsa/vgw1", 2048)
	fqdn := "vgw1.verybigco.local"
	req := csrDER(&x509.CertificateRequest{Subject: iosSubject(fqdn), DNSNames: []string{fqdn}}, gwKey)
	parsed, err := x509.ParseCertificateRequest(req)
	check(err)
	gw := sign(&x509.Certificate{
		SerialNumber:          big.NewInt(0x6100000003),
		Subject:               pkix.Name{CommonName: fqdn},
		RawSubject:            parsed.RawSubject,
		DNSNames:              []string{fqdn},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IssuingCertificateURL: []string{"http://pki.verybigco.local/CertEnroll/VeryBigCo-Issuing-CA.crt"},
	}, gwKey.Public(), issuing, nil)

	write("adcs/root.pem", certsPEM(root.Cert))
	write("adcs/issuing.pem", certsPEM(issuing.Cert))
	write("adcs/gateway.pem", certsPEM(gw))
	write("adcs/certnew.p7b", encodeP7(issuing.Cert, gw, root.Cert))
	write("adcs/vgw1.csr", pemOf("CERTIFICATE REQUEST", req))
}

// adcsName is an AD CS CA's subject in DER order: DC=local, DC=verybigco,
// the CN, then the emailAddress.
func adcsName(cn string) []byte {
	der, err := asn1.Marshal(pkix.RDNSequence{
		{{Type: oidDC, Value: asn1.RawValue{Tag: asn1.TagIA5String, Bytes: []byte("local")}}},
		{{Type: oidDC, Value: asn1.RawValue{Tag: asn1.TagIA5String, Bytes: []byte("verybigco")}}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: cn}},
		{{Type: oidEmailAddress, Value: asn1.RawValue{Tag: asn1.TagIA5String, Bytes: []byte("pki@verybigco.local")}}},
	})
	check(err)
	return der
}

// adcsCA makes a CA under parent (self-signed when nil), with the CA
// Version extension AD CS adds (key and certificate index 0).
func adcsCA(cn string, serial int64, parent *ca, key *rsa.PrivateKey) *ca {
	version, err := asn1.Marshal(0)
	check(err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: cn},
		RawSubject:            adcsName(cn),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		ExtraExtensions:       []pkix.Extension{{Id: oidCAVersion, Value: version}},
	}
	if parent != nil {
		tmpl.IssuingCertificateURL = []string{"http://pki.verybigco.local/CertEnroll/VeryBigCo-ROOT-CA.crt"}
	}
	return &ca{Cert: sign(tmpl, key.Public(), parent, key), Key: key}
}
