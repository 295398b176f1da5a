package scan_test

import (
	"context"
	"fmt"
	"os"

	"github.com/voicepki/certkit/internal/x509text"
	"github.com/voicepki/certkit/pkg/scan"
)

// Scan a folder as certkit scan does: opened with os.OpenRoot, so that
// no link leads out of it.
func ExampleDirs() {
	root, err := os.OpenRoot("../../testdata/scan")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer root.Close()
	res, err := scan.Dirs(context.Background(), []scan.Dir{{Name: "scan", FS: root.FS()}}, scan.Options{Password: "changeit"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Certificates {
		if len(c.Keys) > 0 {
			fmt.Printf("%s: key in %s\n", x509text.Describe(c.Cert), c.Keys[0].Place.Path)
		}
	}
	for _, k := range res.KeysAlone {
		fmt.Println("no certificate for", k.Place.Path)
	}
	for _, p := range res.Failed {
		fmt.Printf("%s: %v\n", p.Path, p.Err)
	}
	// Output:
	// CN=cuc1.example.com: key in cuc/tomcat.jceks
	// CN=cucm1.example.com: key in cucm/tomcat.pfx
	// CN=vgw1: key in gateways/vgw1.key
	// CN=uccx1.example.com: key in uccx/keystore.jks
	// no certificate for keys/old-lab.key
	// mail/broken.pem: convert: PEM block CERTIFICATE (line 14) has no END line (truncated)
}
