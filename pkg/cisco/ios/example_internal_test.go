package ios

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/voicepki/certkit/pkg/convert"
)

// The examples of what the package does inside its jobs (Audit, Group,
// ParseConfig, Match, TrustpoolSession, AnchorRootSession): the jobs
// themselves are exported, these are not, and their examples are kept
// as tests of the output.

func readIOS(name string) []byte {
	b, err := os.ReadFile("../../../testdata/ios/" + name)
	if err != nil {
		panic(err)
	}
	return b
}

func loadCisco(name string) *x509.Certificate {
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

func Example_audit() {
	var gws []*Gateway
	for _, f := range []string{"verybiggw.cfg", "casegw.cfg"} {
		g, err := Read(f, readIOS("fleet/"+f))
		if err != nil {
			panic(err)
		}
		gws = append(gws, g)
	}
	rep := auditGateways(groupGateways(gws), Options{At: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	for _, r := range rep.rows() {
		fmt.Println(r.Gateway, r.Trustpoint, r.Role, r.Action.Format("2006-01-02"), r.Codes)
	}
	fmt.Println("needs action:", rep.NeedsAction())
	// Output:
	// verybiggw verybiggw device 2105-01-01 []
	// verybiggw TP-self-signed-3735928559 self-signed 2125-01-01 []
	// verybiggw SLA-TrustPoint ca 2125-01-01 []
	// verybiggw verybiggw ca 2125-01-01 []
	// casegw SLA-TrustPoint ca 2125-01-01 []
	// casegw casegw ca 2125-01-01 []
	// casegw casegw device 2125-01-01 [name-case-mismatch trustpoint-names]
	// needs action: true
}

func Example_group() {
	cfg, err := Read("full-config.txt", readIOS("config/full-config.txt"))
	if err != nil {
		panic(err)
	}
	show, err := Read("status.txt", readIOS("show/trustpoints-status.txt"))
	if err != nil {
		panic(err)
	}
	gws := groupGateways([]*Gateway{cfg, show})
	fmt.Println(len(gws), gws[0].Hostname, gws[0].Files)
	// Output:
	// 1 verybiggw [full-config.txt status.txt]
}

func Example_parseConfig() {
	cfg, err := parseConfigText(readIOS("fleet/verybiggw.cfg"))
	if err != nil {
		panic(err)
	}
	for _, tp := range cfg.Trustpoints {
		fmt.Printf("%s enrollment=%s hash=%q auto-enroll=%d\n", tp.Name, tp.Enrollment, tp.Hash, tp.AutoEnroll)
	}
	// Output:
	// TP-self-signed-3735928559 enrollment=selfsigned hash="" auto-enroll=0
	// SLA-TrustPoint enrollment=pkcs12 hash="sha256" auto-enroll=0
	// verybiggw enrollment=url hash="sha256" auto-enroll=80
}

func Example_match() {
	res, err := convert.Decode(readIOS("config/full-config.txt"), convert.Options{})
	if err != nil {
		panic(err)
	}
	s, err := ParseShow(readIOS("show/certificates.txt"))
	if err != nil {
		panic(err)
	}
	for _, r := range s.Records {
		c := matchRecord(r, res.Certificates)
		fmt.Println(r.Kind, "->", c.Subject.CommonName)
	}
	// Output:
	// Certificate -> verybiggw
	// CA Certificate -> Example Voice Issuing CA
	// Router Self-Signed Certificate -> IOS-Self-Signed-Certificate-3735928559
	// CA Certificate -> Cisco Licensing Root CA
}

func Example_trustpoolSession() {
	res, err := convert.Decode(readIOS("trustpool/custom-ca.pem"), convert.Options{})
	if err != nil {
		panic(err)
	}
	tp, err := trustpoolSession(res.Certificates)
	if err != nil {
		panic(err)
	}
	for _, l := range strings.Split(tp.Text, "\n") {
		if strings.HasPrefix(l, "!") || strings.HasPrefix(l, "crypto") || l == "quit" {
			fmt.Println(l)
		}
	}
	fmt.Println(strings.Count(tp.Text, "-----BEGIN CERTIFICATE-----"), "certificates")
	// Output:
	// ! 1: CN=Example Voice Issuing CA, Fingerprint MD5: 4FA8F739 7850FD92 393F1F01 1B7F07AC, Fingerprint SHA1: 86F9632E B4F9E05A 3DE6417F 683709A4 CD05174D
	// ! 2: CN=Example Voice Root CA, Fingerprint MD5: 7B84EA5E CBF1037D 21C37D1A 2FA58B6D, Fingerprint SHA1: BB539C51 D7848ACA 01D27684 DC1CFFA2 AA722E1A
	// crypto pki trustpool import terminal
	// quit
	// 2 certificates
}

func Example_anchorRootSession() {
	var cas []*x509.Certificate
	for _, f := range []string{"root.pem", "issuing.pem"} {
		cas = append(cas, loadCisco("three/"+f))
	}
	p, err := anchorRootSession("gw1", cas, loadCisco("three/gateway.pem"), PasteOptions{})
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

func Example_parseVoice() {
	v, err := ParseVoice([]byte(`hostname gw1
voice service voip
 sip
  session transport tcp tls
!
dspfarm profile 1 conference security
 trustpoint gw1
!
dial-peer voice 200 voip
 description to CUCM
 session protocol sipv2
 voice-class sip srtp negotiate cisco
!
sip-ua
 crypto signaling default trustpoint gw1
`))
	if err != nil {
		panic(err)
	}
	p := v.DSPFarms[0]
	fmt.Println("bridge:", p.Service, "security", p.Security, "trustpoint", p.Trustpoint)
	for _, d := range v.DialPeers {
		fmt.Printf("dial-peer %s (%s): TLS %v, SRTP %v\n", d.Tag, d.Description, v.usesTLS(d), v.usesSRTP(d))
	}
	fmt.Println("crypto signaling:", v.Signaling[0].Trustpoint)
	// Output:
	// bridge: conference security true trustpoint gw1
	// dial-peer 200 (to CUCM): TLS true, SRTP false
	// crypto signaling: gw1
}
