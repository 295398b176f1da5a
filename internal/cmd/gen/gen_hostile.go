package main

import (
	"crypto/ecdsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"net"
	"time"
)

// hostileFetchAddr is the address the AIA URLs of testdata/hostile name:
// loopback port 1, where nothing listens, so that a command run on these
// files fetches nothing from whatever runs on the machine. The tests that
// fetch them (pkg/chain/aiafetch) send the requests to a server of their
// own through their transport.
const hostileFetchAddr = "127.0.0.1:1"

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
//     OCSP and CRL URLs carry terminal escape sequences (and whose first
//     AIA URL has a user name and password), a second one
//     whose SANs crypto/x509 refuses (escapes in a URI, C1 and a
//     right-to-left override in DNS names, DEL), a CSR whose subject and
//     SANs carry them, and the gateway's configuration holding the first;
//   - aia200/: 200 gateway certificates, each from its own issuing CA,
//     whose issuing CAs are in no file but only behind 200 distinct AIA
//     URLs (www/ is what they serve), and the root;
//   - formula/: a CallManager-trust store folder holding a root, and a
//     root that expired in 2020 under a file name a spreadsheet would run
//     as a formula. The name is valid on Windows too (no |, which Windows
//     refuses in file names): =2+5+cmd@calc!A1.pem.
//
// The 3,000 certificates named CN=Same, each signed by the one before,
// are not written here: internal/testkit.SameName makes the same bytes
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
		IssuingCertificateURL: []string{"http://user:secret@" + hostileFetchAddr + "/login", "http://" + hostileFetchAddr + "/escape" + escTitle + ".crt"},
		OCSPServer:            []string{"http://ocsp.example.com/" + escFake + "\n" + escClear},
		CRLDistributionPoints: []string{"http://crl.example.com/" + escBell + escC1CSI + ".crl"},
	}, gwKey.Public(), root, root.Key, time.Time{})
	write("hostile/escapes/root.pem", certsPEM(root.Cert))
	write("hostile/escapes/vgw9.pem", certsPEM(gw))
	write("hostile/escapes/chain.pem", certsPEM(gw, root.Cert))
	// What crypto/x509 refuses and certkit reads leniently: a URI SAN with
	// escapes, DNS names holding the C1 CSI and a right-to-left override
	// (not IA5String), DEL in the AIA URL.
	t := splitTBS(chainLeaf("vgw10.example.com", gwKey, root, nil).Raw)
	san := cat(tlv(0x86, []byte("sip:vgw10"+escTitle+"@example.com")), tlv(0x82, []byte("vgw10"+escC1CSI+".example.com")),
		tlv(0x82, []byte("vgw10"+escRLO+"moc.elgoog")), tlv(0x81, []byte("pki\x7f"+escClear+"@example.com")))
	t.replaceExt("2.5.29.17", ext("2.5.29.17", false, tlv(0x30, san)))
	aia := tlv(0x30, cat(oid("1.3.6.1.5.5.7.48.2"), tlv(0x86, []byte("http://"+hostileFetchAddr+"/vgw10\x7f"+escClear+".crt"))))
	t.replaceExt("1.3.6.1.5.5.7.1.1", ext("1.3.6.1.5.5.7.1.1", false, tlv(0x30, aia)))
	write("hostile/escapes/vgw10.pem", pemOf("CERTIFICATE", resignECDSA(t, root.Key.(*ecdsa.PrivateKey), "hostile/sig/vgw10")))
	csrTmpl := &x509.CertificateRequest{
		Subject:  pkix.Name{CommonName: "vgw9.example.com" + escClear + escFake},
		DNSNames: []string{"vgw9.example.com" + escTitle, "bell" + escBell + ".example.com"},
	}
	csr, err := x509.CreateCertificateRequest(rng("hostile/escape-csr"), csrTmpl, gwKey)
	check(err)
	write("hostile/escapes/vgw9.csr", pemOf("CERTIFICATE REQUEST", csr))
	// The gateway's configuration, holding both in its voice trustpoint,
	// for certkit ios audit and inspect.
	write("hostile/escapes/vgw9-config.txt", []byte(iosConfig(iosGateway{
		hostname:    "vgw9",
		trustpoints: voiceTrustpoints("vgw9", false),
		chains:      []iosChain{{"vgw9", []iosEntry{{"", gw}, {"ca", root.Cert}}}},
		signaling:   "vgw9",
	})))

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

	// A store whose expired CA certificate is in a file named as a
	// formula.
	current := chainCA("Formula Test Root CA", ecKey("hostile/formula-root"), nil, time.Time{})
	oldKey := ecKey("hostile/formula-old-root")
	expired := sign(&x509.Certificate{
		Subject:               pkix.Name{CommonName: "Formula Test Old Root CA", Organization: []string{"Example Voice"}, Country: []string{"US"}},
		NotBefore:             time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}, oldKey.Public(), nil, oldKey)
	write("hostile/formula/CallManager-trust/Formula_Test_Root_CA.pem", certsPEM(current.Cert))
	write("hostile/formula/CallManager-trust/=2+5+cmd@calc!A1.pem", certsPEM(expired))
}
