package ios_test

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/voicepki/certkit/pkg/cisco/ios"
)

// load reads one PEM certificate from the repository's test data.
func load(name string) *x509.Certificate {
	b, err := os.ReadFile("../../../testdata/cisco/" + name)
	if err != nil {
		panic(err)
	}
	block, _ := pem.Decode(b)
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		panic(err)
	}
	return c
}

func ExampleFingerprintMD5() {
	ca := load("three/issuing.pem")
	fmt.Println("Fingerprint MD5:", ios.FingerprintMD5(ca))
	// Output:
	// Fingerprint MD5: 4231C86A 60D840FC DB52C4E9 9FAE726A
}

func ExampleFingerprintSHA1() {
	ca := load("three/issuing.pem")
	fmt.Println("Fingerprint SHA1:", ios.FingerprintSHA1(ca))
	// Output:
	// Fingerprint SHA1: 49D82BFA 58FC89CB A58ED49B 6CDE92AC 4FB56669
}

func ExamplePasteSession() {
	issuing, gateway := load("three/issuing.pem"), load("three/gateway.pem")
	p, err := ios.PasteSession("gw1", issuing, gateway, ios.PasteOptions{Hostname: "gw1"})
	if err != nil {
		panic(err)
	}
	// Print the lines that are not base64.
	for _, line := range strings.Split(strings.TrimSpace(p.Text), "\n") {
		if strings.HasPrefix(line, "crypto") || strings.HasPrefix(line, "quit") || strings.HasPrefix(line, "!") || strings.HasPrefix(line, "-----") {
			fmt.Println(line)
		}
	}
	fmt.Println("warnings:", len(p.Warnings))
	// Output:
	// crypto pki authenticate gw1
	// -----BEGIN CERTIFICATE-----
	// -----END CERTIFICATE-----
	// quit
	// ! IOS will show Fingerprint MD5: 4231C86A 60D840FC DB52C4E9 9FAE726A and Fingerprint SHA1: 49D82BFA 58FC89CB A58ED49B 6CDE92AC 4FB56669; answer yes only if they match
	// crypto pki import gw1 certificate
	// -----BEGIN CERTIFICATE-----
	// -----END CERTIFICATE-----
	// quit
	// warnings: 0
}

func ExamplePasteSession_warnings() {
	issuing, gateway := load("three/issuing.pem"), load("three/gateway.pem")
	// The hostname was typed in capitals, and the wrong CA was picked. The
	// trustpoint's name is free, so it is not compared with the CN.
	p, err := ios.PasteSession("voice", load("four/issuing.pem"), gateway, ios.PasteOptions{Hostname: "GW1"})
	if err != nil {
		panic(err)
	}
	for _, w := range p.Warnings {
		fmt.Println(w.Code)
	}
	_ = issuing
	// Output:
	// not-issued-by
	// name-case-mismatch
}

func ExampleTrustpoint() {
	cfg, err := ios.Trustpoint(ios.TrustpointOptions{
		Hostname:   "gw1",
		Domain:     "example.com",
		EnrollURL:  "http://ca.example.com/certsrv/mscep/mscep.dll",
		AutoEnroll: 80,
	})
	if err != nil {
		panic(err)
	}
	fmt.Print(cfg)
	// Output:
	// crypto key generate rsa modulus 2048 exportable label gw1
	// crypto pki trustpoint gw1
	//  enrollment url http://ca.example.com/certsrv/mscep/mscep.dll
	//  serial-number none
	//  fqdn gw1.example.com
	//  ip-address none
	//  subject-name CN=gw1
	//  revocation-check none
	//  rsakeypair gw1
	//  auto-enroll 80
	//  hash sha256
	// !
	// ! next: crypto pki authenticate gw1 (IOS fetches the CA over SCEP; check its fingerprints), then crypto pki enroll gw1
}

func ExampleRenewalTime() {
	gateway := load("three/gateway.pem") // valid 2025-01-01 to 2125-01-01
	at, err := ios.RenewalTime(gateway, 80)
	if err != nil {
		panic(err)
	}
	fmt.Println(at.Format(time.RFC3339))
	// Output:
	// 2105-01-01T04:48:00Z
}

// ExamplePasteSession_gatewayIsCA shows the error for a CA certificate
// given as the gateway's.
func ExamplePasteSession_gatewayIsCA() {
	_, err := ios.PasteSession("gw1", load("three/root.pem"), load("three/issuing.pem"), ios.PasteOptions{})
	fmt.Println(errors.Is(err, ios.ErrGatewayIsCA))
	// Output:
	// true
}
