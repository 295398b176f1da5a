package cisco_test

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco"
)

// load reads one PEM certificate from the repository's test data.
func load(name string) *x509.Certificate {
	b, err := os.ReadFile("../../testdata/cisco/" + name)
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
	fmt.Println("Fingerprint MD5:", cisco.FingerprintMD5(ca))
	// Output:
	// Fingerprint MD5: 4231C86A 60D840FC DB52C4E9 9FAE726A
}

func ExampleFingerprintSHA1() {
	ca := load("three/issuing.pem")
	fmt.Println("Fingerprint SHA1:", cisco.FingerprintSHA1(ca))
	// Output:
	// Fingerprint SHA1: 49D82BFA 58FC89CB A58ED49B 6CDE92AC 4FB56669
}

func ExamplePasteSession() {
	issuing, gateway := load("three/issuing.pem"), load("three/gateway.pem")
	p, err := cisco.PasteSession("gw1", issuing, gateway, cisco.PasteOptions{Hostname: "gw1"})
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
	p, err := cisco.PasteSession("voice", load("four/issuing.pem"), gateway, cisco.PasteOptions{Hostname: "GW1"})
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

func ExampleTrustpointConfig() {
	cfg, err := cisco.TrustpointConfig(cisco.TrustpointOptions{
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
	at, err := cisco.RenewalTime(gateway, 80)
	if err != nil {
		panic(err)
	}
	fmt.Println(at.Format(time.RFC3339))
	// Output:
	// 2105-01-01T04:48:00Z
}

func ExamplePlan() {
	certs := []*x509.Certificate{ // root first, as chain.Order returns them
		load("three/root.pem"), load("three/issuing.pem"), load("three/cucm-pub.pem"),
	}
	plan, err := cisco.Plan(certs, cisco.PlanOptions{Service: "CallManager"})
	if err != nil {
		panic(err)
	}
	for _, s := range plan.Steps {
		fmt.Printf("%d. %-17s %s\n", s.Number, s.Purpose, s.File)
	}
	fmt.Println("warnings:", len(plan.Warnings))
	// Output:
	// 1. CallManager-trust 01-CallManager-trust-Example-Voice-Root-CA.pem
	// 2. CallManager-trust 02-CallManager-trust-Example-Voice-Issuing-CA.pem
	// 3. CallManager       03-CallManager-cucm-pub.example.com.pem
	// warnings: 0
}

func ExampleServices() {
	for _, s := range cisco.Services() {
		fmt.Println(s.Name, s.TrustStore)
	}
	// Output:
	// CallManager CallManager-trust
	// CallManager-ECDSA CallManager-trust
	// tomcat tomcat-trust
	// tomcat-ECDSA tomcat-trust
	// CAPF CAPF-trust
	// ipsec IPSec-trust
	// TVS TVS-trust
}

func ExampleLookupService() {
	s, err := cisco.LookupService("IPSEC")
	fmt.Println(s.Name, s.TrustStore, err)
	_, err = cisco.LookupService("phone")
	fmt.Println(err)
	_, err = cisco.LookupService("ITLRecovery")
	fmt.Println(errors.Is(err, cisco.ErrServiceNotPlanned), err)
	// Output:
	// ipsec IPSec-trust <nil>
	// cisco: unknown CUCM service "phone" (known: CallManager, CallManager-ECDSA, tomcat, tomcat-ECDSA, CAPF, ipsec, TVS)
	// true cisco: ITLRecovery is a CUCM certificate purpose, but certkit does not plan its upload: its trust store, and whether CUCM accepts a CA-signed ITLRecovery certificate, are not confirmed
}

func ExampleCheckTrunkSubject() {
	gateway := load("three/gateway.pem") // CN gw1, SAN gw1.example.com
	check, err := cisco.CheckTrunkSubject("GW1.example.com, gw1;gw2", gateway)
	if err != nil {
		panic(err)
	}
	for _, n := range check.Names {
		fmt.Printf("%-16s %-3s match=%q case-only=%q\n", n.Name, n.Field, n.Match, n.CaseOnly)
	}
	for _, w := range check.Warnings {
		fmt.Println(w)
	}
	// Output:
	// GW1.example.com  SAN match="" case-only="gw1.example.com"
	// gw1              CN  match="gw1" case-only=""
	// gw2                  match="" case-only=""
	// name-case-mismatch: "GW1.example.com" matches the SAN "gw1.example.com" of CN=gw1 in letter case only; type "gw1.example.com"
	// name-mismatch: "gw2" matches neither the CN nor any SAN of CN=gw1 (CN gw1, SAN gw1.example.com)
}

func ExampleSplitTrunkNames() {
	fmt.Printf("%q\n", cisco.SplitTrunkNames("gw1.example.com, gw2.example.com;gw3:gw4 gw5"))
	// Output:
	// ["gw1.example.com" "gw2.example.com" "gw3" "gw4" "gw5"]
}

// ExampleUploadChain plans an AD CS bundle after the issuing CA was
// renewed with a new key: the old copy is left out of the plan, but it may
// already be in CallManager-trust, where it collides with the new one.
func ExampleUploadChain() {
	b, err := os.ReadFile("../../testdata/chain/adcs-renewed.pem")
	if err != nil {
		panic(err)
	}
	var certs []*x509.Certificate
	for block, rest := pem.Decode(b); block != nil; block, rest = pem.Decode(rest) {
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			panic(err)
		}
		certs = append(certs, c)
	}
	upload, left, err := cisco.UploadChain(certs)
	if err != nil {
		panic(err)
	}
	plan, err := cisco.Plan(upload, cisco.PlanOptions{Service: "CallManager-ECDSA", Left: left})
	if err != nil {
		panic(err)
	}
	for _, s := range plan.Steps {
		fmt.Printf("%d. %s %s\n", s.Number, s.Purpose, s.Certificate.Subject.CommonName)
	}
	for _, w := range plan.Warnings {
		fmt.Println(w.Code)
	}
	// Output:
	// 1. CallManager-trust Example Voice Root CA
	// 2. CallManager-trust Example Voice Issuing CA
	// 3. CallManager-ECDSA vgw1.example.com
	// subject-collision
}

// ExamplePasteSession_gatewayIsCA shows the error for a CA certificate
// given as the gateway's.
func ExamplePasteSession_gatewayIsCA() {
	_, err := cisco.PasteSession("gw1", load("three/root.pem"), load("three/issuing.pem"), cisco.PasteOptions{})
	fmt.Println(errors.Is(err, cisco.ErrGatewayIsCA))
	// Output:
	// true
}

func ExampleAnchorRootSession() {
	var cas []*x509.Certificate
	for _, f := range []string{"root.pem", "issuing.pem"} {
		cas = append(cas, load("three/"+f))
	}
	p, err := cisco.AnchorRootSession("gw1", cas, load("three/gateway.pem"), cisco.PasteOptions{})
	if err != nil {
		panic(err)
	}
	for _, l := range strings.Split(p.Text, "\n") {
		if strings.HasPrefix(l, "crypto pki") || strings.HasPrefix(l, " chain-validation") {
			fmt.Println(l)
		}
	}
	// Output:
	// crypto pki trustpoint gw1-root
	// crypto pki authenticate gw1-root
	// crypto pki trustpoint gw1
	//  chain-validation continue gw1-root
	// crypto pki authenticate gw1
	// crypto pki import gw1 certificate
}

// PickLeaf applies ChooseLeaf's rule to chains already ordered, here the
// root, the issuing CA and two device certificates (the gateway and the
// CUCM publisher): a CN picks one, no name is an error listing both.
func ExamplePickLeaf() {
	certs := []*x509.Certificate{load("three/root.pem"), load("three/issuing.pem"), load("three/cucm-pub.pem"), load("three/gateway.pem")}
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		panic(err)
	}
	gateway := load("three/gateway.pem")
	leaf, _ := cisco.PickLeaf(chains, gateway.Subject.CommonName)
	fmt.Println(leaf.Equal(gateway))
	_, err = cisco.PickLeaf(chains)
	fmt.Println(errors.Is(err, cisco.ErrSeveralLeaves))
	// Output:
	// true
	// true
}

// PlanInputs is certkit cucm in one call: here the root, the issuing CA
// and two device certificates, where the hostname picks the CUCM
// publisher's and a trunk subject would pick the gateway's.
func ExamplePlanInputs() {
	certs := []*x509.Certificate{load("three/root.pem"), load("three/issuing.pem"), load("three/cucm-pub.pem"), load("three/gateway.pem")}
	plan, err := cisco.PlanInputs(certs, cisco.InputOptions{Hostname: "cucm-pub.example.com"})
	if err != nil {
		panic(err)
	}
	for _, s := range plan.Steps {
		fmt.Printf("%d. %s %s\n", s.Number, s.Purpose, s.Certificate.Subject.CommonName)
	}
	peer, err := cisco.PlanInputs(certs, cisco.InputOptions{TrunkSubject: "gw1"})
	if err != nil {
		panic(err)
	}
	fmt.Println(peer.Leaf.Subject.CommonName, len(peer.Steps), peer.Trunk.Names[0].Field)
	fmt.Println(peer.GatewayNote())
	_, err = cisco.PlanInputs(certs, cisco.InputOptions{})
	fmt.Println(errors.Is(err, cisco.ErrSeveralLeaves))
	// Output:
	// 1. CallManager-trust Example Voice Root CA
	// 2. CallManager-trust Example Voice Issuing CA
	// 3. CallManager cucm-pub.example.com
	// gw1 2 CN
	// the gateway certificate "gw1" is not uploaded: CUCM trusts it through these CA certificates
	// true
}
