package convert_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/voicepki/certkit/pkg/convert"
)

func ExampleDecode() {
	data, err := os.ReadFile("../../testdata/samples/certnew.p7b")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Encodings)
	for _, c := range res.Certificates {
		fmt.Println(c.Subject.CommonName)
	}
	// Output:
	// [pkcs7-der]
	// Example Voice Issuing CA
	// vgw1.example.com
	// Example Voice Root CA
}

func ExampleDecode_noCertificates() {
	data, err := os.ReadFile("../../testdata/convert/key-only.pem")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	fmt.Println(err)
	fmt.Println(errors.Is(err, convert.ErrNoCertificates), res.KeyCount)
	// Output:
	// convert: a private key but no certificate
	// true 1
}

func ExampleMerge() {
	var results []*convert.Result
	for _, f := range []string{"../../testdata/convert/chain.pem", "../../testdata/convert/chain.p7b"} {
		data, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		res, err := convert.Decode(data, convert.Options{})
		if err != nil {
			panic(err)
		}
		results = append(results, res)
	}
	all := convert.Merge(results...)
	fmt.Println(len(all.Certificates), "certificates,", all.Duplicates, "duplicates")
	// Output: 3 certificates, 3 duplicates
}

func ExampleEncode() {
	data, err := os.ReadFile("../../testdata/samples/certnew.p7b")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		panic(err)
	}
	// CUCM wants the CA certificates only.
	p7, err := convert.Encode(res.Certificates, convert.EncodeOptions{Format: convert.FormatPKCS7PEM, NoLeaf: true})
	if err != nil {
		panic(err)
	}
	back, err := convert.Decode(p7, convert.Options{})
	if err != nil {
		panic(err)
	}
	for _, c := range back.Certificates {
		fmt.Println(c.Subject.CommonName)
	}
	// Output:
	// Example Voice Issuing CA
	// Example Voice Root CA
}

// A certificate crypto/x509 refuses but openssl reads comes back like any
// other, with a note naming what is wrong with it. No //go:debug line is
// needed.
func ExampleDecode_lenient() {
	data, err := os.ReadFile("../../testdata/lenient/negative-serial.pem")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		panic(err)
	}
	c := res.Certificates[0]
	fmt.Println(c.Subject.CommonName, c.SerialNumber.Sign())
	for _, n := range res.Notes {
		fmt.Println(n.Code == "negative-serial", n.Severity, n.Message)
	}
	// Output:
	// negative-serial.example.net -1
	// true warning negative serial number: serial -77A1C5E83BFD649F
}

// A JKS keystore: its password opens the store and is tried for each key;
// keys are counted (and returned with KeepKeys), never printed.
func ExampleDecode_javaKeyStore() {
	data, err := os.ReadFile("../../testdata/convert/keystore.jks")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{Password: "changeit"})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Encodings, res.KeyKinds)
	for _, c := range res.Certificates {
		fmt.Println(c.Subject.CommonName)
	}
	_, err = convert.Decode(data, convert.Options{Password: "wrong"})
	fmt.Println(err)
	fmt.Println(errors.Is(err, convert.ErrIncorrectPassword), errors.Is(err, convert.ErrJavaKeyStore))
	// Output:
	// [jks] [RSA]
	// Example Keystore Issuing CA
	// Example Keystore Root CA
	// uccx1.example.com
	// convert: a Java keystore (JKS) that the given password does not open: its integrity check fails
	// true true
}
