package scep_test

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	smscep "github.com/smallstep/scep"

	"github.com/voicepki/certkit/pkg/scep"
)

// ExampleProbe asks an NDES-like server (an httptest server here) what a
// gateway will be asked to accept.
func ExampleProbe() {
	t := &testing.T{}
	root := makeCert(t, "Corp Root CA", nil, true, x509.KeyUsageCertSign, 1)
	sign := makeCert(t, "NDES RA", root, false, x509.KeyUsageDigitalSignature, 2)
	enc := makeCert(t, "NDES RA", root, false, x509.KeyUsageKeyEncipherment, 3)
	p7, _ := smscep.DegenerateCertificates([]*x509.Certificate{sign.cert, enc.cert, root.cert})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("operation") {
		case "GetCACaps":
			io.WriteString(w, "POSTPKIOperation\nSHA-1\nDES3\n")
		case "GetCACert":
			w.Header().Set("Content-Type", "application/x-x509-ca-ra-cert")
			w.Write(p7)
		}
	}))
	defer srv.Close()

	r, err := scep.Probe(context.Background(), srv.URL+"/certsrv/mscep/mscep.dll", scep.Options{CAIdent: "VGW1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("crypto pki authenticate shows", r.Authenticate.Subject, len(r.SHA1) == 44)
	for _, ra := range r.RA {
		fmt.Println("ra:", ra.Certificate.Subject, ra.Usage)
	}
	for _, f := range r.Findings {
		fmt.Println(f.Code)
	}
	// Output:
	// crypto pki authenticate shows CN=Corp Root CA true
	// ra: CN=NDES RA signing
	// ra: CN=NDES RA encryption
	// scep-weak-hash
	// scep-no-aes
	// scep-ra
}

func ExampleParseSubject() {
	n, err := scep.ParseSubject(`CN=vgw1.example.com,OU=Voice\, East,O=Corp,C=US`)
	fmt.Println(n, err)
	// Output: CN=vgw1.example.com,OU=Voice\, East,O=Corp,C=US <nil>
}
