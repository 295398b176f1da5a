package csr_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/csr"
)

// A whole IOS "crypto pki enroll" terminal capture, prompts and all.
func ExampleParse() {
	capture, err := os.ReadFile("../../testdata/csr/ios-capture.txt")
	if err != nil {
		panic(err)
	}
	req, err := csr.Parse(capture)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(req.Subject.CommonName, req.DNSNames, req.SignatureAlgorithm)
	// Output: vgw1.example.com [vgw1.example.com] SHA256-RSA
}

// A request damaged on the way still comes back, so that it can be linted.
func ExampleParse_badSignature() {
	data, err := os.ReadFile("../../testdata/csr/tampered.csr")
	if err != nil {
		panic(err)
	}
	req, err := csr.Parse(data)
	fmt.Println(errors.Is(err, csr.ErrBadSignature), req.Subject.CommonName)
	// Output: true vgw1.example.com
}

func ExampleLint() {
	data, err := os.ReadFile("../../testdata/csr/sha1-1024.csr")
	if err != nil {
		panic(err)
	}
	req, err := csr.Parse(data)
	if err != nil {
		panic(err)
	}
	for _, f := range csr.Lint(req, csr.Policy{FQDN: "vgw2.example.com"}) {
		fmt.Printf("%s %s\n", f.Severity, f.Code)
	}
	// Output:
	// error weak-signature
	// error key-too-small
	// warning no-san
	// info unstructured-name
	// info requested-usage
}

func ExampleCheckSignature() {
	data, err := os.ReadFile("../../testdata/csr/md5.csr")
	if err != nil {
		panic(err)
	}
	req, err := csr.Parse(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(req.SignatureAlgorithm, "x509:", req.CheckSignature() == nil, "csr:", csr.CheckSignature(req) == nil)
	// Output: MD5-RSA x509: false csr: true
}

// A request's subject as every certkit command writes names.
func ExampleParse_subject() {
	data, err := os.ReadFile("../../testdata/csr/cucm-ms.csr")
	if err != nil {
		panic(err)
	}
	req, err := csr.Parse(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(x509text.RequestSubject(req))
	// Output: CN=cucm-pub-ms.example.com,OU=Voice,O=Example Voice,L=Austin,ST=Texas,C=US
}

func ExampleRequestedUsage() {
	data, err := os.ReadFile("../../testdata/csr/cucm-ms.csr")
	if err != nil {
		panic(err)
	}
	req, err := csr.Parse(data)
	if err != nil {
		panic(err)
	}
	u, err := csr.RequestedUsage(req)
	if err != nil {
		panic(err)
	}
	fmt.Println(u.KeyUsageNames())
	fmt.Println(u.ExtKeyUsageNames())
	fmt.Println(u.Extensions)
	// Output:
	// [digitalSignature keyEncipherment dataEncipherment]
	// [serverAuth clientAuth]
	// [subjectAltName keyUsage (critical) extKeyUsage]
}

// A request's key as every certkit command writes keys.
func ExampleParse_key() {
	data, err := os.ReadFile("../../testdata/csr/vgw1.csr")
	if err != nil {
		panic(err)
	}
	req, err := csr.Parse(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(req.PublicKeyAlgorithm, x509text.KeyBits(req.PublicKey), x509text.DescribeKey(req.PublicKey))
	// Output: RSA 2048 RSA 2048
}

func ExampleServices() {
	fmt.Println(strings.Join(csr.Services(), ", "))
	// Output: CallManager, CallManager-ECDSA, tomcat, tomcat-ECDSA, CAPF, ipsec, TVS, ITLRecovery
}
