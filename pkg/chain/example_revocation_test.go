package chain_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path"
	"strings"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// files is a Revoker that answers from the files a CA publishes, by the
// last element of the URL: the CRLs, and for an OCSP request the
// prepared answer of the one certificate asked about (OCSP GET). The
// command hands Order internal/aiafetch's HTTP Client instead.
type files struct {
	dir  string
	ocsp string // the answer every OCSP request gets
}

func (f files) Get(_ context.Context, url string, limit int64) ([]byte, error) {
	if strings.Contains(url, "/ocsp/") {
		return os.ReadFile(f.ocsp)
	}
	return os.ReadFile(path.Join(f.dir, path.Base(url)))
}

func (f files) Post(context.Context, string, []byte, int64) ([]byte, error) {
	return nil, errors.New("no POST here")
}

// Whether the gateway's certificate and its issuing CA are revoked: the
// OCSP responder the gateway's AIA names says it is, for keyCompromise;
// the root's CRL says the issuing CA is not.
func ExampleRevoker() {
	data, err := os.ReadFile("../../testdata/revocation/gateways.pem")
	if err != nil {
		log.Fatal(err)
	}
	gws, err := convert.Decode(data, convert.Options{})
	if err != nil {
		log.Fatal(err)
	}
	data, err = os.ReadFile("../../testdata/revocation/cas.pem")
	if err != nil {
		log.Fatal(err)
	}
	cas, err := convert.Decode(data, convert.Options{})
	if err != nil {
		log.Fatal(err)
	}
	vgw6 := gws.Certificates[1]
	www := "../../testdata/revocation/www"
	chains, err := chain.Order(append(cas.Certificates, vgw6), chain.Options{
		Revocation: files{dir: www, ocsp: fmt.Sprintf("%s/ocsp/%x.der", www, vgw6.SerialNumber)},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range chains[0].Revocations {
		status := string(r.Status)
		if r.Status == chain.RevocationRevoked {
			status += fmt.Sprintf(" (%s) on %s", r.Reason, r.RevokedAt.Format("2006-01-02"))
		}
		fmt.Printf("%s: %s by %s %s\n", r.Certificate.Subject.CommonName, status, r.Source, path.Base(r.URL))
	}
	for _, w := range chains[0].Warnings {
		fmt.Println(w.Code)
	}
	// Output:
	// Example Voice Issuing CA 5: good by CRL root.crl
	// vgw6.example.com: revoked (keyCompromise) on 2026-10-01 by OCSP ocsp
	// revoked
}
