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
// last element of the URL: the CRLs. Its OCSP responder is down. The
// command hands Order internal/aiafetch's HTTP Client instead.
type files string

func (dir files) Get(_ context.Context, url string, limit int64) ([]byte, error) {
	if strings.Contains(url, "/ocsp/") {
		return nil, errors.New("the responder is down")
	}
	return os.ReadFile(path.Join(string(dir), path.Base(url)))
}

func (files) Post(context.Context, string, []byte, int64) ([]byte, error) {
	return nil, errors.New("no POST here")
}

// Whether the gateway's certificate and its issuing CA are revoked. The
// OCSP responder the gateway's AIA names is down, so its CRL distribution
// point answers: revoked, for keyCompromise. The root's CRL says the
// issuing CA is not.
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
	chains, err := chain.Order(append(cas.Certificates, vgw6), chain.Options{
		Revocation: files("../../testdata/revocation/www"),
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
	// vgw6.example.com: revoked (keyCompromise) on 2026-10-01 by CRL issuing.crl
	// revoked
}
