package x509text_test

import (
	"crypto/x509"
	"fmt"
	"math/big"

	"github.com/voicepki/certkit/internal/x509text"
)

func ExampleDescribeKey() {
	k := x509text.DescribeKey(readCert("../../testdata/csr/vgw1.crt").PublicKey)
	fmt.Println(k)
	fmt.Println(k.Algorithm, k.Bits)
	// Output:
	// RSA 2048
	// RSA 2048
}

func ExampleKeyBits() {
	req, err := x509.ParseCertificateRequest(readPEM("../../testdata/csr/sha1-1024.csr"))
	if err != nil {
		panic(err)
	}
	fmt.Println(x509text.KeyBits(req.PublicKey))
	// Output: 1024
}

func ExampleSerial() {
	n, _ := new(big.Int).SetString("-11D4C214", 16)
	fmt.Println(x509text.Serial(n))
	fmt.Println(x509text.Serial(big.NewInt(0x2ac1)))
	// Output:
	// -11:D4:C2:14
	// 2A:C1
}

func ExampleHex() {
	fmt.Println(x509text.Hex([]byte{0x9a, 0x3f, 0x01}))
	// Output: 9A:3F:01
}
