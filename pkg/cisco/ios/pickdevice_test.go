package ios

import (
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/convert"
)

// pickDeviceByOrder is PickDevice as it was before chain.PickLeafOf: it
// orders every certificate of every input, then picks.
func pickDeviceByOrder(inputs [][]*x509.Certificate, hostname, trustpoint string) (*x509.Certificate, error) {
	var all []*x509.Certificate
	for _, in := range inputs {
		all = append(all, in...)
	}
	chains, err := chain.Order(all, chain.Options{Devices: nonEmpty(hostname)})
	if err != nil {
		return nil, err
	}
	leaf, err := chain.PickLeaf(chains, hostname, trustpoint)
	var several *chain.SeveralLeavesError
	if !errors.As(err, &several) || len(several.Names) > 0 || len(inputs) < 2 {
		return leaf, err
	}
	first, ferr := chooseLeaf(inputs[0])
	if ferr != nil {
		return nil, err
	}
	return first, nil
}

// TestPickDeviceAmongManyCAs: issuer-for with a CA first and cfssl's
// 1,385 intermediates and 348 roots after it, as BENCHMARKS.md times it.
// PickDevice no longer orders them all, and must choose what ordering
// them all chose, with the same error, whatever the names; and Issuer
// answers for that certificate.
func TestPickDeviceAmongManyCAs(t *testing.T) {
	dir := testkit.PeerDir(t, "formats", "cfssl")
	read := func(name string) []*x509.Certificate {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := convert.Decode(b, convert.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res.Certificates
	}
	in, roots := read("bundler-int-bundle.pem"), read("bundler-ca-bundle.pem")
	var ca *x509.Certificate
	for _, c := range in {
		if c.Subject.CommonName == "EC-GENCAT" {
			ca = c
		}
	}
	if ca == nil {
		t.Fatal("no EC-GENCAT among cfssl's intermediates")
	}
	for _, inputs := range [][][]*x509.Certificate{
		{{ca}, in, roots},
		{{ca}, roots},
		{{ca}, in[:200], roots},
		{in, roots},
	} {
		for _, names := range [][2]string{{"", ""}, {"gw1", ""}, {"", "gw1"}, {"CloudFlare Origin Certificate", ""}} {
			want, werr := pickDeviceByOrder(inputs, names[0], names[1])
			got, gerr := pickDevice(inputs, names[0], names[1])
			if want != got || fmt.Sprint(werr) != fmt.Sprint(gerr) {
				t.Errorf("%d inputs, names %q: PickDevice = %v, %v; by ordering all: %v, %v", len(inputs), names, cnOf(got), gerr, cnOf(want), werr)
			}
		}
	}
	r, err := Issuer([][]*x509.Certificate{{ca}, in, roots}, IssuerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := pickDeviceByOrder([][]*x509.Certificate{{ca}, in, roots}, "", "")
	if r.Device != want {
		t.Errorf("Issuer answers for %s, ordering all chose %s", cnOf(r.Device), cnOf(want))
	}
}

func cnOf(c *x509.Certificate) string {
	if c == nil {
		return "nothing"
	}
	return fmt.Sprintf("%q", c.Subject.CommonName)
}
