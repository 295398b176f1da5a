package cucm_test

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/cisco/cucm"
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

func ExamplePlan() {
	certs := []*x509.Certificate{ // root first, as chain.Order returns them
		load("three/root.pem"), load("three/issuing.pem"), load("three/cucm-pub.pem"),
	}
	plan, err := cucm.Plan(certs, cucm.PlanOptions{Service: "CallManager"})
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
	for _, s := range cucm.Services() {
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
	s, err := cucm.LookupService("IPSEC")
	fmt.Println(s.Name, s.TrustStore, err)
	_, err = cucm.LookupService("phone")
	fmt.Println(err)
	_, err = cucm.LookupService("ITLRecovery")
	fmt.Println(errors.Is(err, cucm.ErrServiceNotPlanned), err)
	// Output:
	// ipsec IPSec-trust <nil>
	// cucm: unknown CUCM service "phone" (known: CallManager, CallManager-ECDSA, tomcat, tomcat-ECDSA, CAPF, ipsec, TVS)
	// true cucm: ITLRecovery is a CUCM certificate purpose, but certkit does not plan its upload: its trust store, and whether CUCM accepts a CA-signed ITLRecovery certificate, are not confirmed
}

func ExampleCheckTrunkSubject() {
	gateway := load("three/gateway.pem") // CN gw1, SAN gw1.example.com
	check, err := cucm.CheckTrunkSubject("GW1.example.com, gw1;gw2", gateway)
	if err != nil {
		panic(err)
	}
	for _, n := range check.Names {
		fmt.Printf("%-16s %-3s match=%q case-only=%q\n", n.Name, n.Field, n.Match, n.CaseOnly)
	}
	for _, w := range check.Warnings {
		fmt.Printf("%s: %s\n", w.Code, w.Message)
	}
	// Output:
	// GW1.example.com  SAN match="" case-only="gw1.example.com"
	// gw1              CN  match="gw1" case-only=""
	// gw2                  match="" case-only=""
	// name-case-mismatch: "GW1.example.com" matches the SAN "gw1.example.com" of CN=gw1 in letter case only; type "gw1.example.com"
	// name-mismatch: "gw2" matches neither the CN nor any SAN of CN=gw1 (CN gw1, SAN gw1.example.com)
}

// ExamplePlan_rekeyed plans an AD CS bundle after the issuing CA was
// renewed with a new key: the old copy is left out of the plan, but it may
// already be in CallManager-trust, where it collides with the new one.
func ExamplePlan_rekeyed() {
	b, err := os.ReadFile("../../../testdata/chain/adcs-renewed.pem")
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
	plan, err := cucm.Plan(certs, cucm.PlanOptions{Service: "CallManager-ECDSA"})
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

// Plan is certkit cucm in one call: here the root, the issuing CA
// and two device certificates, where the hostname picks the CUCM
// publisher's and a trunk subject would pick the gateway's.
func ExamplePlan_peer() {
	certs := []*x509.Certificate{load("three/root.pem"), load("three/issuing.pem"), load("three/cucm-pub.pem"), load("three/gateway.pem")}
	plan, err := cucm.Plan(certs, cucm.PlanOptions{Hostname: "cucm-pub.example.com"})
	if err != nil {
		panic(err)
	}
	for _, s := range plan.Steps {
		fmt.Printf("%d. %s %s\n", s.Number, s.Purpose, s.Certificate.Subject.CommonName)
	}
	peer, err := cucm.Plan(certs, cucm.PlanOptions{TrunkSubject: "gw1"})
	if err != nil {
		panic(err)
	}
	fmt.Println(peer.Leaf.Subject.CommonName, len(peer.Steps), peer.Trunk.Names[0].Field)
	fmt.Println(peer.GatewayNote)
	_, err = cucm.Plan(certs, cucm.PlanOptions{})
	fmt.Println(errors.Is(err, chain.ErrSeveralLeaves))
	// Output:
	// 1. CallManager-trust Example Voice Root CA
	// 2. CallManager-trust Example Voice Issuing CA
	// 3. CallManager cucm-pub.example.com
	// gw1 2 CN
	// the gateway certificate CN=gw1 is not uploaded: CUCM trusts it through these CA certificates
	// true
}
