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
	// error expired: CN=Example Voice Issuing CA expired on 2125-01-01
	// error expired: CN=Example Voice Root CA expired on 2125-01-01
}
