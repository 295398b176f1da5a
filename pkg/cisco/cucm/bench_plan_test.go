package cucm

import (
	"crypto/x509"
	"testing"
)

func BenchmarkPlan(b *testing.B) {
	certs := []*x509.Certificate{readCert(b, "three/root.pem"), readCert(b, "three/issuing.pem"), readCert(b, "three/cucm-pub.pem")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := planChain(certs, planOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckTrunkSubject(b *testing.B) {
	gw := readCert(b, "three/gateway.pem")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CheckTrunkSubject("gw1.example.com, GW1;gw2", gw); err != nil {
			b.Fatal(err)
		}
	}
}
