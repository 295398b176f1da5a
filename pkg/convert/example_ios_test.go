package convert_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/voicepki/certkit/pkg/convert"
)

func ExampleDecode_iosConfig() {
	data, err := os.ReadFile("../../testdata/ios/config/full-config.txt")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		panic(err)
	}
	for _, c := range res.IOS {
		fmt.Printf("%s %s %s\n", c.Trustpoint, c.Role, c.Certificate.Subject.CommonName)
	}
	// Output:
	// TP-self-signed-3735928559 self-signed IOS-Self-Signed-Certificate-3735928559
	// SLA-TrustPoint ca Cisco Licensing Root CA
	// verybiggw device verybiggw
	// verybiggw ca Example Voice Issuing CA
}

func ExampleDecode_iosReference() {
	data, err := os.ReadFile("../../testdata/ios/config/empty-block.txt")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	fmt.Println(errors.Is(err, convert.ErrNoCertificates))
	fmt.Println(res.IOSReferences[0])
	// Output:
	// true
	// trustpoint TP-self-signed-3735928559, certificate self-signed 01 (line 2): IOS shows this certificate by reference only; capture show running-config (not brief, not startup-config) or crypto pki export TP-self-signed-3735928559 pem terminal
}

func ExampleDecode_iosSerialMismatch() {
	data, err := os.ReadFile("../../testdata/ios/config/serial-mismatch.txt")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		panic(err)
	}
	for _, c := range res.IOS {
		fmt.Println(c.HeaderSerial, c.SerialMismatch())
	}
	// Output:
	// 0BADC0DE true
	// 00A5926CA7E87D70F5052C2649D0393A1A false
}

func ExampleSignedBundle() {
	data, err := os.ReadFile("../../testdata/ios/trustpool/ios_core.p7b")
	if err != nil {
		panic(err)
	}
	res, err := convert.Decode(data, convert.Options{})
	if err != nil {
		panic(err)
	}
	b := res.SignedBundles[0]
	fmt.Println(len(b.Inner), "CAs inside, signed by", b.Signer.Subject.CommonName, "verified:", b.SignatureError == nil)
	// Output:
	// 3 CAs inside, signed by Example Trustpool Signing verified: true
}
