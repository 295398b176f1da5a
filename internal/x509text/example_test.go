package x509text_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"log"
	"os"

	"github.com/voicepki/certkit/internal/x509text"
)

// readCert reads the one certificate of a PEM file.
func readCert(path string) *x509.Certificate {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		log.Fatal("no PEM block in ", path)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		log.Fatal(err)
	}
	return cert
}

// An AD CS issuing CA's name, with its DC= components and emailAddress, as
// openssl prints it; Go's pkix.Name.String() writes the same name with
// OIDs and hex, and not in the certificate's order.
func ExampleSubject() {
	ca := readCert("../../testdata/adcs/issuing.pem")
	fmt.Println(x509text.Subject(ca))
	fmt.Println(ca.Subject.String())
	// Output:
	// emailAddress=pki@verybigco.local,CN=VeryBigCo-Issuing-CA,DC=verybigco,DC=local
	// CN=VeryBigCo-Issuing-CA,1.2.840.113549.1.9.1=#0c13706b694076657279626967636f2e6c6f63616c,0.9.2342.19200300.100.1.25=#130976657279626967636f,0.9.2342.19200300.100.1.25=#13056c6f63616c
}

func ExampleIssuer() {
	gw := readCert("../../testdata/adcs/gateway.pem")
	fmt.Println(x509text.Subject(gw))
	fmt.Println(x509text.Issuer(gw))
	// Output:
	// unstructuredName=vgw1.verybigco.local,CN=vgw1.verybigco.local
	// emailAddress=pki@verybigco.local,CN=VeryBigCo-Issuing-CA,DC=verybigco,DC=local
}

// The subject IOS writes into every request: the CN and, unless the
// trustpoint says "fqdn none", the unstructuredName.
func ExampleRequestSubject() {
	data, err := os.ReadFile("../../testdata/adcs/vgw1.csr")
	if err != nil {
		log.Fatal(err)
	}
	block, _ := pem.Decode(data)
	req, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(x509text.RequestSubject(req))
	// Output:
	// unstructuredName=vgw1.verybigco.local,CN=vgw1.verybigco.local
}

func ExampleCRLIssuer() {
	ca := readCert("../../testdata/adcs/root.pem")
	crl := &x509.RevocationList{RawIssuer: ca.RawSubject}
	fmt.Println(x509text.CRLIssuer(crl))
	// Output:
	// emailAddress=pki@verybigco.local,CN=VeryBigCo-ROOT-CA,DC=verybigco,DC=local
}

// Name takes the DER of any name: here one with a multi-valued RDN and
// characters RFC 4514 escapes.
func ExampleName() {
	der, err := asn1.Marshal(pkix.RDNSequence{
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 6}, Value: "CH"}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 10}, Value: "Zürich Voice, AG"}},
		{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "vgw1"}, {Type: asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}, Value: "vgw1"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	name, err := x509text.Name(der)
	fmt.Println(name, err)
	// Output:
	// UID=vgw1+CN=vgw1,O=Z\C3\BCrich Voice\, AG,C=CH <nil>
}

// A name being built has no DER yet.
func ExamplePkixName() {
	fmt.Println(x509text.PkixName(pkix.Name{CommonName: "vgw1.example.com", SerialNumber: "FTX1234", Country: []string{"US"}}))
	// Output:
	// serialNumber=FTX1234,CN=vgw1.example.com,C=US
}

func ExampleAttributes() {
	ca := readCert("../../testdata/adcs/root.pem")
	attrs, err := x509text.Attributes(ca.RawSubject)
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range attrs {
		fmt.Printf("%s %s %q\n", x509text.AttributeName(a.Type), a.Type, a.Value)
	}
	// Output:
	// emailAddress 1.2.840.113549.1.9.1 "pki@verybigco.local"
	// CN 2.5.4.3 "VeryBigCo-ROOT-CA"
	// DC 0.9.2342.19200300.100.1.25 "verybigco"
	// DC 0.9.2342.19200300.100.1.25 "local"
}

func ExampleAttributeName() {
	fmt.Println(x509text.AttributeName(asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}))
	fmt.Println(x509text.AttributeName(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}))
	fmt.Println(x509text.AttributeName(asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1}))
	// Output:
	// DC
	// unstructuredName
	// 1.3.6.1.4.1.99999.1
}

// A name as people type it: IOS's lower case, a long name, Windows' E=.
func ExampleAttributeType() {
	for _, typed := range []string{"cn", "commonName", "E", "dc", "2.5.4.10", "foo"} {
		if oid, ok := x509text.AttributeType(typed); ok {
			fmt.Println(typed, "is", oid)
		} else {
			fmt.Println(typed, "is not an attribute name")
		}
	}
	// Output:
	// cn is 2.5.4.3
	// commonName is 2.5.4.3
	// E is 1.2.840.113549.1.9.1
	// dc is 0.9.2342.19200300.100.1.25
	// 2.5.4.10 is 2.5.4.10
	// foo is not an attribute name
}

// Names match by what they mean: the attribute names in any letter case
// or spelling, the values exactly.
func ExampleEqualName() {
	ca := readCert("../../testdata/adcs/issuing.pem")
	for _, typed := range []string{
		"emailAddress=pki@verybigco.local,CN=VeryBigCo-Issuing-CA,DC=verybigco,DC=local",
		"E=pki@verybigco.local, cn=VeryBigCo-Issuing-CA, dc=verybigco, dc=local",
		"/DC=local/DC=verybigco/CN=VeryBigCo-Issuing-CA/emailAddress=pki@verybigco.local",
		"emailAddress=pki@verybigco.local,CN=verybigco-issuing-ca,DC=verybigco,DC=local",
		"CN=VeryBigCo-Issuing-CA",
	} {
		fmt.Println(x509text.EqualName(typed, ca.RawSubject))
	}
	// Output:
	// true
	// true
	// true
	// false
	// false
}

func ExampleParseName() {
	rdns, err := x509text.ParseName(`cn=vgw1.example.com,o=Example Voice\, Inc`)
	if err != nil {
		log.Fatal(err)
	}
	for _, rdn := range rdns {
		for _, a := range rdn {
			fmt.Printf("%s=%q\n", x509text.AttributeName(a.Type), a.Value)
		}
	}
	// Output:
	// CN="vgw1.example.com"
	// O="Example Voice, Inc"
}

func ExampleSameAttribute() {
	cn, _ := x509text.AttributeType("CN")
	a := x509text.Attribute{Type: cn, Value: "vgw1", IsString: true}
	b := x509text.Attribute{Type: cn, Value: "VGW1", IsString: true}
	fmt.Println(x509text.SameAttribute(a, a), x509text.SameAttribute(a, b))
	// Output:
	// true false
}

// A SAN that would clear the screen and set the window title prints as
// text; its JSON keeps the exact value, with what JSON leaves as it is
// escaped too.
func ExamplePrintable() {
	san := "DNS:gw1\x1b[2J\x1b]0;all chains verified\x07.example.com\u009b"
	fmt.Println(x509text.Printable(san))
	b, _ := json.Marshal(san)
	fmt.Println(string(x509text.PrintableJSON(b)))
	// Output:
	// DNS:gw1\1B[2J\1B]0;all chains verified\07.example.com\C2\9B
	// "DNS:gw1\u001b[2J\u001b]0;all chains verified\u0007.example.com\u009b"
}
