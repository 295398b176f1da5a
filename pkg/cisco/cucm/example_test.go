package cucm_test

import (
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

var testdata = filepath.Join("..", "..", "..", "testdata")

func ExampleParseTrustList() {
	capture := "admin:show cert list trust\r\n\r\n" +
		"CallManager-trust/vgw1.example.com.pem: Trust Certificate\r\n" +
		"tomcat-trust/Example_Root_CA.pem: Trust Certificate\r\n" +
		"admin:\r\n"
	l, err := cucm.ParseTrustList([]byte(capture))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range l.Entries {
		fmt.Printf("line %d: %s / %s (%s)\n", e.Line, e.Store, e.File, e.Description)
	}
	fmt.Println("ignored:", l.Ignored)
	// Output:
	// line 3: CallManager-trust / vgw1.example.com.pem (Trust Certificate)
	// line 4: tomcat-trust / Example_Root_CA.pem (Trust Certificate)
	// ignored: 2
}

// certsIn decodes every file of a folder.
func certsIn(dir string) []*x509.Certificate {
	files, _, err := cucm.ReadFiles(os.DirFS(dir))
	if err != nil {
		panic(err)
	}
	var out []*x509.Certificate
	for _, f := range files {
		res, err := convert.Decode(f.Data, convert.Options{})
		if err != nil {
			panic(err)
		}
		out = append(out, res.Certificates...)
	}
	return out
}

func ExampleAudit() {
	site := filepath.Join(testdata, "cucm", "site")
	tree, err := cucm.ReadTree(os.DirFS(filepath.Join(site, "stores")))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := cucm.Audit(tree.Stores, cucm.Options{
		At:       time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		Gateways: certsIn(filepath.Join(site, "gateways")),
		Own:      certsIn(filepath.Join(site, "own")),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	count := map[finding.Code]int{}
	for _, a := range rep.Actions {
		count[a.Code]++
	}
	fmt.Println("replaced-by-ca:", count["replaced-by-ca"], "self-signed-device:", count["self-signed-device"],
		"duplicate:", count["duplicate"], "expired:", count[finding.CodeExpired])
	for _, s := range rep.Stores {
		fmt.Printf("%s: %d → %d certificates\n", s.Name, s.Before, s.After)
	}
	// Output:
	// replaced-by-ca: 45 self-signed-device: 5 duplicate: 1 expired: 1
	// CallManager-trust: 54 → 2 certificates
	// tomcat-trust: 4 → 4 certificates
}

// AuditSite is the whole of certkit cucm audit: here a folder of stores
// read through an fs.FS, and the gateways known by name only. IOS sets
// CA:TRUE on every self-signed certificate it makes; named, they are
// device certificates all the same.
func ExampleAuditSite() {
	site := filepath.Join(testdata, "cucm", "ios-store")
	names, _ := os.ReadFile(filepath.Join(site, "devices.txt"))
	rep, err := cucm.AuditSite([]cucm.Source{{FS: os.DirFS(site), Where: site}}, cucm.Options{
		At:      time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		Devices: strings.Fields(string(names)),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.CountLine(rep.Stores[0]))
	for _, f := range rep.Findings {
		if f.Severity >= finding.Warning {
			fmt.Println(f.Code, f.File)
		}
	}
	fmt.Println(rep.NeedsAction())
	// Output:
	// CallManager-trust: 28 → 8 certificates (20 self-signed-device among them: move those devices to the CA first)
	// weak-signature Cisco_Manufacturing_CA.pem
	// true
}

// The report as certkit cucm audit prints it, and each action's way out:
// the GUI path and the CLI line, and the CSV row.
//
// Without the gateways' new certificates or their names, only the
// certificates under IOS's own CN (IOS-Self-Signed-Certificate-N) are
// known to be devices'; the others are kept, with a maybe-device finding.
func ExampleReport_WriteText() {
	site := filepath.Join(testdata, "cucm", "site")
	tree, err := cucm.ReadTree(os.DirFS(filepath.Join(site, "stores")))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := cucm.Audit(tree.Stores, cucm.Options{At: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	rep.WriteText(&b)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	fmt.Println(lines[0])
	fmt.Println(lines[len(lines)-2])
	a := rep.StoreActions("CallManager-trust")[1]
	fmt.Println(a.Code, a.CLILine())
	fmt.Println(strings.Count(string(rep.CSV()), "\r\n"), "CSV lines")
	// Output:
	// CallManager-trust: 54 certificates, 17 to delete
	// CallManager-trust: 54 → 37 certificates (15 self-signed-device among them: move those devices to the CA first)
	// self-signed-device set cert delete CallManager-trust IOS-Self-Signed-Certificate-1949072406.pem
	// 18 CSV lines
}

func ExampleCheckUpload() {
	// The store holds the old copy of the issuing CA AD CS re-keyed; the
	// CA's bundle holds both copies and a device certificate.
	files, _, err := cucm.ReadFiles(os.DirFS(filepath.Join(testdata, "cucm", "rekey", "CallManager-trust")))
	if err != nil {
		fmt.Println(err)
		return
	}
	store, err := cucm.ReadStore("CallManager-trust", files)
	if err != nil {
		fmt.Println(err)
		return
	}
	p7b, _ := os.ReadFile(filepath.Join(testdata, "chain", "adcs-renewed.p7b"))
	res, _ := convert.Decode(p7b, convert.Options{})
	plan, _ := cucm.Plan(res.Certificates, cucm.PlanOptions{Service: "CallManager-ECDSA"})
	findings, err := cucm.CheckUpload(plan.Steps, store, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Println(f.Code, f.Severity, f.File)
	}
	// Output:
	// already-present info Example_Voice_Root_CA.pem
	// subject-collision warning Example_Voice_Issuing_CA.pem
}

func ExampleStoreName() {
	for _, n := range []string{"callmanager-trust", "Custom-trust", "CallManager"} {
		name, known := cucm.StoreName(n)
		fmt.Printf("%q -> %q known=%v\n", n, name, known)
	}
	// Output:
	// "callmanager-trust" -> "CallManager-trust" known=true
	// "Custom-trust" -> "Custom-trust" known=false
	// "CallManager" -> "" known=false
}

func ExampleReadTree() {
	tree, err := cucm.ReadTree(os.DirFS(filepath.Join(testdata, "cucm", "site", "stores")))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range tree.Stores {
		fmt.Println(s.Name, len(s.Entries))
	}
	// Output:
	// CallManager-trust 54
	// tomcat-trust 4
}

func ExampleTrustList_Format() {
	l, _ := cucm.ParseTrustList([]byte("admin:show cert list trust\r\n  callmanager-trust/vgw1.pem:Trust Certificate\r\nadmin:"))
	fmt.Print(string(l.Format()))
	// Output:
	// CallManager-trust/vgw1.pem: Trust Certificate
}
