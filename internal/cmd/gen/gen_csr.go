package main

import (
	"crypto"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"strings"
	"unicode/utf16"

	"software.sslmate.com/src/go-pkcs12"
)

// oidUnstructuredName is the attribute IOS adds to a CSR subject.
var oidUnstructuredName = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}

// genCSR writes testdata/csr: CSRs as IOS and CUCM produce them, the ones
// csr.Lint must catch, and a certificate, key and PFX for certkit match.
func genCSR() {
	// An IOS gateway's request: CN and SAN the FQDN, plus the
	// unstructuredName IOS adds, SHA-256 ("hash sha256" set).
	vgw1Key := rsaKey("cisco-rsa/csr/vgw1", 2048)
	vgw1 := csrDER(&x509.CertificateRequest{
		Subject:  iosSubject("vgw1.example.com"),
		DNSNames: []string{"vgw1.example.com"},
	}, vgw1Key)
	write("csr/vgw1.csr", pemOf("CERTIFICATE REQUEST", vgw1))
	write("csr/vgw1.der", vgw1)
	write("csr/ios-capture.txt", []byte(iosCapture("vgw1", vgw1, false, "\n")))
	write("csr/ios-capture-pem-crlf.txt", []byte(iosCapture("vgw1", vgw1, true, "\r\n")))
	write("csr/ios-capture-utf16.txt", utf16LE("\uFEFF"+iosCapture("vgw1", vgw1, true, "\r\n")))
	// "Redisplay enrollment request?" answered yes: the same request twice.
	capture := iosCapture("vgw1", vgw1, false, "\n")
	write("csr/ios-capture-redisplay.txt", []byte(strings.Replace(capture,
		"Redisplay enrollment request? [yes/no]: no\n",
		"Redisplay enrollment request? [yes/no]: yes\n"+strings.Join(base64Lines(vgw1), "\n")+"\n\n"+
			"---End - This line not part of the certificate request---\n\n"+
			"Redisplay enrollment request? [yes/no]: no\n", 1)))
	// The pager's prompt after the fifth base64 line (terminal length not
	// 0): left on its own line, or erased by the terminal with backspaces
	// and spaces, the next line then written over it.
	fifth := base64Lines(vgw1)[4] + "\n"
	write("csr/ios-capture-more.txt", []byte(strings.Replace(capture, fifth, fifth+" --More-- \n", 1)))
	erase := strings.Repeat("\b", 10) + strings.Repeat(" ", 10) + strings.Repeat("\b", 10)
	write("csr/ios-capture-more-erased.txt", []byte(strings.Replace(capture, fifth, fifth+" --More-- "+erase, 1)))

	// The same request with one bit of its signature flipped.
	tampered := append([]byte(nil), vgw1...)
	tampered[len(tampered)-1] ^= 0x01
	write("csr/tampered.csr", pemOf("CERTIFICATE REQUEST", tampered))

	// CUCM's multi-server request: an -ms CN, four SANs, CallManager usages.
	cucm := csrDER(&x509.CertificateRequest{
		Subject: pkix.Name{CommonName: "cucm-pub-ms.example.com", Organization: []string{"Example Voice"},
			OrganizationalUnit: []string{"Voice"}, Locality: []string{"Austin"}, Province: []string{"Texas"}, Country: []string{"US"}},
		DNSNames:        []string{"cucm-pub.example.com", "cucm-sub1.example.com", "cucm-sub2.example.com", "cucm-tftp.example.com"},
		ExtraExtensions: callManagerUsages(),
	}, rsaKey("cisco-rsa/csr/cucm-pub", 2048))
	write("csr/cucm-ms.csr", pemOf("CERTIFICATE REQUEST", cucm))

	// An old IOS request: 1024-bit key, signed with SHA-1 (no "hash sha256").
	// Go will not sign a CSR with SHA-1, so the signature is made here.
	oldKey := rsaKey("cisco-rsa/csr/vgw2", 1024)
	old := csrDER(&x509.CertificateRequest{Subject: iosSubject("vgw2.example.com")}, oldKey)
	write("csr/sha1-1024.csr", pemOf("CERTIFICATE REQUEST", resign(old, oldKey, crypto.SHA1)))
	// The same signed with MD5, which crypto/x509 refuses to check.
	write("csr/md5.csr", pemOf("CERTIFICATE REQUEST", resign(old, oldKey, crypto.MD5)))

	// A request whose name differs from the gateway's only in letter case.
	write("csr/case-mismatch.csr", pemOf("CERTIFICATE REQUEST", csrDER(&x509.CertificateRequest{
		Subject:  iosSubject("VGW3.example.com"),
		DNSNames: []string{"VGW3.example.com"},
	}, rsaKey("cisco-rsa/csr/vgw3", 2048))))

	// vgw1's certificate, key and PFX, and a certificate for another key,
	// for certkit match.
	caKey := rsaKey("cisco-rsa/csr/ca", 2048)
	issuing := newCA("Example CSR Test CA", caKey, nil)
	cert := newLeaf("vgw1.example.com", []string{"vgw1.example.com"}, vgw1Key, issuing)
	write("csr/vgw1.crt", certsPEM(cert))
	pkcs8, err := x509.MarshalPKCS8PrivateKey(vgw1Key)
	check(err)
	write("csr/vgw1.key", pemOf("PRIVATE KEY", pkcs8))
	pfx, err := pkcs12.Modern.WithRand(rng("csr/pfx")).Encode(vgw1Key, cert, []*x509.Certificate{issuing.Cert}, "changeit")
	check(err)
	write("csr/vgw1.pfx", pfx)
	write("csr/other.crt", certsPEM(newLeaf("cucm-pub.example.com", []string{"cucm-pub.example.com"}, caKey, issuing)))
}

// iosSubject is the subject IOS writes: the CN, then the unstructuredName.
func iosSubject(fqdn string) pkix.Name {
	return pkix.Name{
		CommonName: fqdn,
		ExtraNames: []pkix.AttributeTypeAndValue{{Type: oidUnstructuredName, Value: fqdn}},
	}
}

// csrDER makes a SHA-256 RSA request; PKCS #1 v1.5 signatures are
// deterministic, so the bytes are the same on every run.
func csrDER(tmpl *x509.CertificateRequest, key *rsa.PrivateKey) []byte {
	tmpl.SignatureAlgorithm = x509.SHA256WithRSA
	der, err := x509.CreateCertificateRequest(rng("csr-sig"), tmpl, key)
	check(err)
	return der
}

// callManagerUsages are the key usage and EKU extensions CUCM asks for.
func callManagerUsages() []pkix.Extension {
	// digitalSignature, keyEncipherment, dataEncipherment: bits 0, 2, 3.
	ku, err := asn1.Marshal(asn1.BitString{Bytes: []byte{0xB0}, BitLength: 4})
	check(err)
	eku, err := asn1.Marshal([]asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 1}, {1, 3, 6, 1, 5, 5, 7, 3, 2}})
	check(err)
	return []pkix.Extension{
		{Id: asn1.ObjectIdentifier{2, 5, 29, 15}, Critical: true, Value: ku},
		{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Value: eku},
	}
}

// resign replaces a request's signature with an sha1WithRSAEncryption or
// md5WithRSAEncryption one, which Go will not make.
func resign(der []byte, key *rsa.PrivateKey, h crypto.Hash) []byte {
	req, err := x509.ParseCertificateRequest(der)
	check(err)
	var digest []byte
	oid := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	if h == crypto.SHA1 {
		sum := sha1.Sum(req.RawTBSCertificateRequest)
		digest = sum[:]
	} else {
		sum := md5.Sum(req.RawTBSCertificateRequest)
		digest = sum[:]
		oid = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 4}
	}
	sig, err := rsa.SignPKCS1v15(nil, key, h, digest)
	check(err)
	out, err := asn1.Marshal(struct {
		TBS asn1.RawValue
		Alg pkix.AlgorithmIdentifier
		Sig asn1.BitString
	}{
		TBS: asn1.RawValue{FullBytes: req.RawTBSCertificateRequest},
		Alg: pkix.AlgorithmIdentifier{Algorithm: oid, Parameters: asn1.NullRawValue},
		Sig: asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)},
	})
	check(err)
	return out
}

// iosCapture is the terminal text of "crypto pki enroll" as IOS prints it,
// with or without the PEM armour of "enrollment terminal pem".
func iosCapture(host string, der []byte, armour bool, eol string) string {
	body := base64Lines(der)
	if armour {
		body = append([]string{"-----BEGIN CERTIFICATE REQUEST-----"}, body...)
		body = append(body, "-----END CERTIFICATE REQUEST-----")
	}
	fqdn := host + ".example.com"
	lines := []string{
		host + "(config)#crypto pki enroll " + strings.ToUpper(host) + "-TP",
		"% Start certificate enrollment ..",
		"",
		"% The subject name in the certificate will include: cn=" + fqdn,
		"% The subject name in the certificate will include: " + fqdn,
		"% Include the router serial number in the subject name? [yes/no]: no",
		"% Include an IP address in the subject name? [no]: no",
		"Display Certificate Request to terminal? [yes/no]: yes",
		"Certificate Request follows:",
		"",
	}
	lines = append(lines, body...)
	lines = append(lines,
		"",
		"---End - This line not part of the certificate request---",
		"",
		"Redisplay enrollment request? [yes/no]: no",
		host+"(config)#",
	)
	return strings.Join(lines, eol) + eol
}

// base64Lines is der in base64, 64 characters a line, as IOS shows it.
func base64Lines(der []byte) []string {
	b64 := base64.StdEncoding.EncodeToString(der)
	var lines []string
	for len(b64) > 64 {
		lines = append(lines, b64[:64])
		b64 = b64[64:]
	}
	return append(lines, b64)
}

// utf16LE encodes s as PowerShell 5's Out-File does.
func utf16LE(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}
