package main

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"net"
	"time"
)

// hostileFetchAddr is where the tests serve testdata/hostile/aia200/www/:
// the 200 leaves' AIA URLs name it, so it is fixed.
const hostileFetchAddr = "127.0.0.1:18736"

// The escape sequences a hostile certificate carries: ESC sequences that
// clear the screen (CSI 2J), move the cursor, set the window title (OSC 0,
// ended by BEL), colour a fake "all chains verified", ring the bell, the
// one-byte C1 CSI (U+009B, in UTF-8), a right-to-left override, and a line
// break that would start a line of its own.
const (
	escClear = "\x1b[2J\x1b[H"
	escTitle = "\x1b]0;certkit: all chains verified\x07"
	escFake  = "\x1b[1;32mall chains verified\x1b[0m"
	escBell  = "\x07"
	escC1CSI = "\u009b31m"
	escRLO   = "\u202e"
)

// genHostile writes testdata/hostile, the inputs of issue 23 (files that
// attack the terminal, the network and the spreadsheet of whoever runs
// certkit on them):
//
//   - escapes/: a root and a gateway certificate whose subject, SANs, AIA,
//     OCSP and CRL URLs carry terminal escape sequences, and a CSR whose
//     subject and SANs do;
//   - aia200/: 200 gateway certificates, each from its own issuing CA,
//     whose issuing CAs are in no file but only behind 200 distinct AIA
//     URLs on hostileFetchAddr (www/ is what they serve), and the root;
//   - formula/: a CallManager-trust store folder holding the same
//     certificate twice, once under a file name a spreadsheet would run
//     as a formula. The name is valid on Windows too (no |, which Windows
//     refuses in file names): =2+5+cmd@calc!A1.pem.
//
// The 3,000 certificates named CN=Same, each signed by the one before,
// are not written here: internal/benchstore.SameName makes the same bytes
// in a fraction of a second for the tests and benchmarks that use them,
// and 1.3 MB of base64 would nearly double testdata/.
func genHostile() {
	root := chainCA("Escape Test Root CA"+escTitle, ecKey("hostile/escape-root"), nil, time.Time{})
	gwKey := ecKey("hostile/escape-gw")
	gw := chainSign(&x509.Certificate{
		Subject: pkix.Name{
			CommonName:         "vgw9.example.com" + escClear + escFake,
			Organization:       []string{"Example Voice" + escC1CSI},
			OrganizationalUnit: []string{"Voice" + escRLO + "moc.elgoog"},
		},
		DNSNames:              []string{"vgw9.example.com" + escClear, "bell" + escBell + ".example.com", "title" + escTitle + ".example.com"},
		EmailAddresses:        []string{"pki" + escFake + "@example.com"},
		IPAddresses:           []net.IP{net.IPv4(192, 0, 2, 9)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IssuingCertificateURL: []string{"http://user:secret@" + hostileFetchAddr + "/escape" + escTitle + ".crt"},
		OCSPServer:            []string{"http://ocsp.example.com/" + escFake + "\n" + escClear},
		CRLDistributionPoints: []string{"http://crl.example.com/" + escBell + escC1CSI + ".crl"},
	}, gwKey.Public(), root, root.Key, time.Time{})
	write("hostile/escapes/root.pem", certsPEM(root.Cert))
	write("hostile/escapes/vgw9.pem", certsPEM(gw))
	write("hostile/escapes/chain.pem", certsPEM(gw, root.Cert))
	csrTmpl := &x509.CertificateRequest{
		Subject:  pkix.Name{CommonName: "vgw9.example.com" + escClear + escFake},
		DNSNames: []string{"vgw9.example.com" + escTitle, "bell" + escBell + ".example.com"},
	}
	csr, err := x509.CreateCertificateRequest(rng("hostile/escape-csr"), csrTmpl, gwKey)
	check(err)
	write("hostile/escapes/vgw9.csr", pemOf("CERTIFICATE REQUEST", csr))

	// 200 gateways, 200 issuing CAs behind 200 URLs.
	aiaRoot := chainCA("AIA Test Root CA", ecKey("hostile/aia-root"), nil, time.Time{})
	leafKey := ecKey("hostile/aia-gw")
	var leaves []*x509.Certificate
	for i := 1; i <= 200; i++ {
		issuing := chainCA(fmt.Sprintf("AIA Test Issuing CA %03d", i), ecKey(fmt.Sprintf("hostile/aia-issuing-%d", i)), aiaRoot, time.Time{})
		url := fmt.Sprintf("http://%s/ca-%03d.crt", hostileFetchAddr, i)
		leaves = append(leaves, chainLeaf(fmt.Sprintf("gw%03d.example.com", i), leafKey, issuing, []string{url}))
		write(fmt.Sprintf("hostile/aia200/www/ca-%03d.crt", i), issuing.Cert.Raw)
	}
	write("hostile/aia200/root.pem", certsPEM(aiaRoot.Cert))
	write("hostile/aia200/gateways.pem", certsPEM(leaves...))

	// The same certificate twice in one store, the copy named as a formula.
	dup := chainCA("Formula Test Root CA", ecKey("hostile/formula-root"), nil, time.Time{})
	write("hostile/formula/CallManager-trust/Formula_Test_Root_CA.pem", certsPEM(dup.Cert))
	write("hostile/formula/CallManager-trust/=2+5+cmd@calc!A1.pem", certsPEM(dup.Cert))
}
