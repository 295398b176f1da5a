package cucm_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/voicepki/certkit/pkg/cisco/cucm"
	"github.com/voicepki/certkit/pkg/finding"
)

var testdata = filepath.Join("..", "..", "..", "testdata")

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
	fmt.Println(rep.Stores[0].Count)
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
