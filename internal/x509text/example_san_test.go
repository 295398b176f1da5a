package x509text_test

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"

	"github.com/voicepki/certkit/internal/x509text"
)

// readPEM returns the DER of the first PEM block of a test file, such as
// a CSR (readCert reads a certificate).
func readPEM(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		panic(path + ": no PEM block")
	}
	return block.Bytes
}

func ExampleSANs() {
	cert := readCert("../../testdata/csr/vgw1.crt")
	fmt.Println(x509text.SANs(cert))
	// Output: [DNS:vgw1.example.com]
}

func ExampleRequestSANs() {
	req, err := x509.ParseCertificateRequest(readPEM("../../testdata/csr/cucm-ms.csr"))
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.Join(x509text.RequestSANs(req), "\n"))
	// Output:
	// DNS:cucm-pub.example.com
	// DNS:cucm-sub1.example.com
	// DNS:cucm-sub2.example.com
	// DNS:cucm-tftp.example.com
}

// ParseSANs reads the extension's value itself, and lists the names Go
// leaves out of Certificate.DNSNames and its siblings, in their order.
func ExampleParseSANs() {
	value := []byte{
		0x30, 0x16, // GeneralNames
		0x82, 0x08, 'g', 'w', '1', '.', 'c', 'o', 'r', 'p', // dNSName
		0x87, 0x04, 192, 0, 2, 10, // iPAddress
		0x88, 0x04, 0x2b, 0x06, 0x01, 0x04, // registeredID 1.3.6.1.4
	}
	names, err := x509text.ParseSANs(value)
	if err != nil {
		panic(err)
	}
	fmt.Println(names)
	_, err = x509text.ParseSANs(value[:10])
	fmt.Println(err)
	// Output:
	// [DNS:gw1.corp IP:192.0.2.10 RID:1.3.6.1.4]
	// x509text: malformed subjectAltName: the SEQUENCE is truncated or its length is badly encoded
}
