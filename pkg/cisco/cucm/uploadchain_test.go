package cucm

import (
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/chain"
	"github.com/voicepki/certkit/pkg/finding"

	"github.com/google/go-cmp/cmp"
)

func cns(certs []*x509.Certificate) []string {
	out := []string{}
	for _, c := range certs {
		out = append(out, c.Subject.CommonName)
	}
	return out
}

// TestUploadChain covers the three shapes of cucm's inputs: a device
// certificate with its chain and a stray CA, a CA bundle after an AD CS
// re-key (two issuing CAs of one name under one root), and two devices.
func TestUploadChain(t *testing.T) {
	root := newTestCA(t, "Upload Root", nil, nil)
	oldCA := newTestCA(t, "Upload Issuing CA", root, func(c *x509.Certificate) {
		c.NotAfter = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	})
	newCA := newTestCA(t, "Upload Issuing CA", root, nil)
	stray := newTestCA(t, "Upload Other Root", nil, nil)
	cm := newTestLeaf(t, "cucm-pub.example.com", []string{"cucm-pub.example.com"}, newCA, nil, nil)
	gw := newTestLeaf(t, "gw1.example.com", []string{"gw1.example.com"}, newCA, nil, nil)

	upload, left, err := uploadChainOf([]*x509.Certificate{cm, stray.Cert, newCA.Cert, root.Cert})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Upload Root", "Upload Issuing CA", "cucm-pub.example.com"}, cns(upload)); diff != "" {
		t.Errorf("device chain (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Upload Other Root"}, cns(left)); diff != "" {
		t.Errorf("left out (-want +got):\n%s", diff)
	}

	// CA certificates only: the root once, then both issuing CAs (which
	// Plan then reports as a subject collision).
	upload, left, err = uploadChainOf([]*x509.Certificate{oldCA.Cert, root.Cert, newCA.Cert})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Upload Root", "Upload Issuing CA", "Upload Issuing CA"}, cns(upload)); diff != "" {
		t.Errorf("CA bundle (-want +got):\n%s", diff)
	}
	if !upload[1].Equal(oldCA.Cert) || !upload[2].Equal(newCA.Cert) {
		t.Errorf("CA bundle: the issuing CAs are not the old then the new copy")
	}
	if len(left) != 0 {
		t.Errorf("CA bundle: %d certificates left out, want none", len(left))
	}
	plan, err := planChain(upload, planOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]finding.Code{codeSubjectCollision}, codes(plan.Warnings)); diff != "" {
		t.Errorf("plan of the CA bundle warns (-want +got):\n%s", diff)
	}

	_, _, err = uploadChainOf([]*x509.Certificate{cm, gw, newCA.Cert, root.Cert})
	var several *chain.SeveralLeavesError
	if !errors.Is(err, chain.ErrSeveralLeaves) || !errors.As(err, &several) {
		t.Fatalf("two devices: err = %v, want a *chain.SeveralLeavesError", err)
	}
	if diff := cmp.Diff([]string{"cucm-pub.example.com", "gw1.example.com"}, cns(several.Leaves)); diff != "" {
		t.Errorf("devices named (-want +got):\n%s", diff)
	}
}

// TestChooseLeaf: the device certificate is picked by its CN, never by its
// place in the file; one alone is taken whatever its name.
func TestChooseLeaf(t *testing.T) {
	root := newTestCA(t, "Choose Root", nil, nil)
	ca := newTestCA(t, "Choose Issuing CA", root, nil)
	cm := newTestLeaf(t, "cucm-pub.example.com", []string{"cucm-pub.example.com"}, ca, nil, nil)
	gw := newTestLeaf(t, "verybiggw", []string{"verybiggw.example.com"}, ca, nil, nil)
	gwTwin := newTestLeaf(t, "verybiggw", []string{"verybiggw.example.com"}, ca, nil, func(c *x509.Certificate) {
		c.NotAfter = time.Date(2124, 1, 1, 0, 0, 0, 0, time.UTC)
	})
	bundle := []*x509.Certificate{root.Cert, cm, ca.Cert, gw}

	for _, tc := range []struct {
		name   string
		certs  []*x509.Certificate
		names  []string
		want   string // CN picked, "" for an error
		err    error
		leaves []string // with a *chain.SeveralLeavesError
	}{
		{"one leaf, any name", []*x509.Certificate{root.Cert, ca.Cert, gw}, []string{"gw1-tp"}, "verybiggw", nil, nil},
		{"one leaf, no name", []*x509.Certificate{gw, ca.Cert}, nil, "verybiggw", nil, nil},
		{"by hostname, second in the file", bundle, []string{"verybiggw", "tp"}, "verybiggw", nil, nil},
		{"first name misses, the second picks", bundle, []string{"GW", "cucm-pub.example.com"}, "cucm-pub.example.com", nil, nil},
		{"letter case is not a match", bundle, []string{"VeryBigGW"}, "", chain.ErrSeveralLeaves, []string{"cucm-pub.example.com", "verybiggw"}},
		// The name rule: a DNS SAN that is the name picks, as the CN does.
		{"a DNS SAN picks", bundle, []string{"verybiggw.example.com"}, "verybiggw", nil, nil},
		{"no name", bundle, nil, "", chain.ErrSeveralLeaves, []string{"cucm-pub.example.com", "verybiggw"}},
		{"two with the name", []*x509.Certificate{gw, gwTwin, ca.Cert}, []string{"verybiggw"}, "", chain.ErrSeveralLeaves, []string{"verybiggw", "verybiggw"}},
		{"CA certificates only", []*x509.Certificate{root.Cert, ca.Cert}, []string{"verybiggw"}, "", chain.ErrNoLeaf, nil},
		{"nothing", nil, nil, "", chain.ErrNoLeaf, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := chooseLeaf(tc.certs, tc.names...)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || got != nil {
					t.Fatalf("ChooseLeaf = %v, %v; want nil and an error matching %v", got, err, tc.err)
				}
				var several *chain.SeveralLeavesError
				if errors.As(err, &several) {
					if diff := cmp.Diff(tc.leaves, cns(several.Leaves)); diff != "" {
						t.Errorf("leaves listed (-want +got):\n%s", diff)
					}
				} else if tc.leaves != nil {
					t.Errorf("err = %v, want a *chain.SeveralLeavesError", err)
				}
				return
			}
			if err != nil || got.Subject.CommonName != tc.want {
				t.Fatalf("ChooseLeaf = %v, %v; want %q", got, err, tc.want)
			}
		})
	}

	// UploadChain takes the same names: CUCM's certificate out of a bundle
	// that also holds the gateway's.
	upload, left, err := uploadChainOf(bundle, "cucm-pub.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Choose Root", "Choose Issuing CA", "cucm-pub.example.com"}, cns(upload)); diff != "" {
		t.Errorf("UploadChain by name (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"verybiggw"}, cns(left)); diff != "" {
		t.Errorf("UploadChain left out (-want +got):\n%s", diff)
	}
}

// chooseLeaf orders certs and picks the device certificate, as the plan
// does (chain.PickLeaf).
func chooseLeaf(certs []*x509.Certificate, names ...string) (*x509.Certificate, error) {
	chains, err := chain.Order(certs, chain.Options{})
	if err != nil {
		return nil, err
	}
	return chain.PickLeaf(chains, names...)
}
