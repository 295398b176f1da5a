package ios_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/voicepki/certkit/pkg/cisco/ios"
	"github.com/voicepki/certkit/pkg/convert"
)

func read(name string) []byte {
	b, err := os.ReadFile("../../../testdata/ios/" + name)
	if err != nil {
		panic(err)
	}
	return b
}

func ExampleAudit() {
	var gws []*ios.Gateway
	for _, f := range []string{"verybiggw.cfg", "casegw.cfg"} {
		g, err := ios.Read(f, read("fleet/"+f))
		if err != nil {
			panic(err)
		}
		gws = append(gws, g)
	}
	rep := ios.Audit(ios.Group(gws), ios.Options{At: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	for _, r := range rep.Rows() {
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

// AuditCaptures is the whole of certkit ios audit: a configuration and
// a show capture of one gateway, and a file of a folder that holds
// nothing of IOS's, which is skipped with a note.
func ExampleAuditCaptures() {
	rep := ios.AuditCaptures([]ios.Capture{
		{Name: "verybiggw.cfg", Data: read("fleet/verybiggw.cfg"), InFolder: true},
		{Name: "certificates.txt", Data: read("show/certificates.txt"), InFolder: true},
		{Name: "root.pem", Data: read("fleet/ca/root.pem"), InFolder: true},
	}, ios.Options{At: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), WarnWithin: 90 * 24 * time.Hour})
	var b strings.Builder
	rep.WriteTable(&b)
	fmt.Print(strings.SplitAfter(b.String(), "\n")[1])
	fmt.Println(len(rep.Gateways), rep.Gateways[0].File)
	fmt.Println(rep.Notes)
	// Output:
	// verybiggw  verybiggw                  device       CN=verybiggw                               2125-01-01  2105-01-01  no      yes      no    yes        -
	// 1 verybiggw.cfg, certificates.txt
	// [root.pem: skipped, it holds nothing of IOS's]
}

func ExampleRead() {
	g, err := ios.Read("oldgw.cfg", read("fleet/oldgw.cfg"))
	if err != nil {
		panic(err)
	}
	fmt.Println(g.Hostname, g.Config.Signaling)
	for _, c := range g.Certificates {
		fmt.Println(c.Trustpoint, c.Role, c.Certificate.SignatureAlgorithm, c.Certificate.NotAfter.Format("2006-01-02"))
	}
	// Output:
	// oldgw [TP-self-signed-1234567890]
	// TP-self-signed-1234567890 self-signed MD5-RSA 2020-01-01
}

func ExampleGroup() {
	cfg, err := ios.Read("full-config.txt", read("config/full-config.txt"))
	if err != nil {
		panic(err)
	}
	show, err := ios.Read("status.txt", read("show/trustpoints-status.txt"))
	if err != nil {
		panic(err)
	}
	gws := ios.Group([]*ios.Gateway{cfg, show})
	fmt.Println(len(gws), gws[0].Hostname, gws[0].Files)
	// Output:
	// 1 verybiggw [full-config.txt status.txt]
}

func ExampleParseShow() {
	s, err := ios.ParseShow(read("show/certificates-verbose.txt"))
	if err != nil {
		panic(err)
	}
	r := s.Records[0]
	fmt.Println(s.Hostname, r.Kind, r.Serial, r.Trustpoints, r.KeyLabel)
	fmt.Println(r.Subject)
	fmt.Println(r.SHA1)
	// Output:
	// verybiggw Certificate 1A2B3C4D5E6F [verybiggw] verybiggw
	// cn=verybiggw,o=Example Voice,c=US
	// 304548D4 32070A9D D8C50A6A 471ACBD0 E1293AE1
}

func ExampleParseConfig() {
	cfg, err := ios.ParseConfig(read("fleet/verybiggw.cfg"))
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

func ExampleMatch() {
	res, err := convert.Decode(read("config/full-config.txt"), convert.Options{})
	if err != nil {
		panic(err)
	}
	s, err := ios.ParseShow(read("show/certificates.txt"))
	if err != nil {
		panic(err)
	}
	for _, r := range s.Records {
		c := ios.Match(r, res.Certificates)
		fmt.Println(r.Kind, "->", c.Subject.CommonName)
	}
	// Output:
	// Certificate -> verybiggw
	// CA Certificate -> Example Voice Issuing CA
	// Router Self-Signed Certificate -> IOS-Self-Signed-Certificate-3735928559
	// CA Certificate -> Cisco Licensing Root CA
}

func ExampleTrustpoolSession() {
	res, err := convert.Decode(read("trustpool/custom-ca.pem"), convert.Options{})
	if err != nil {
		panic(err)
	}
	tp, err := ios.TrustpoolSession(res.Certificates)
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

func ExampleParseVoice() {
	v, err := ios.ParseVoice([]byte(`hostname gw1
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
		fmt.Printf("dial-peer %s (%s): TLS %v, SRTP %v\n", d.Tag, d.Description, v.TLS(d), v.SRTP(d))
	}
	fmt.Println("crypto signaling:", v.Signaling[0].Trustpoint)
	// Output:
	// bridge: conference security true trustpoint gw1
	// dial-peer 200 (to CUCM): TLS true, SRTP false
	// crypto signaling: gw1
}

// TrustpoolOf is the whole of certkit ios trustpool: the paste session
// for the CAs given, with every job's checks; a century on, both custom
// CAs have expired.
func ExampleTrustpoolOf() {
	res, err := convert.Decode(read("trustpool/custom-ca.pem"), convert.Options{})
	if err != nil {
		panic(err)
	}
	tp, err := ios.TrustpoolOf([]*convert.Result{res}, ios.TrustpoolOptions{At: time.Date(2126, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		panic(err)
	}
	for _, w := range tp.Warnings {
		fmt.Printf("%s %s: %s\n", w.Severity, w.Code, w.Message)
	}
	// Output:
	// error expired: "Example Voice Issuing CA" expired on 2125-01-01
	// error expired: "Example Voice Root CA" expired on 2125-01-01
}
