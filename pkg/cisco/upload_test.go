package cisco

import (
	"crypto/x509"
	"errors"
	"github.com/voicepki/certkit/pkg/finding"
	"testing"
	"time"

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

	upload, left, err := UploadChain([]*x509.Certificate{cm, stray.Cert, newCA.Cert, root.Cert})
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
	upload, left, err = UploadChain([]*x509.Certificate{oldCA.Cert, root.Cert, newCA.Cert})
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
	plan, err := Plan(upload, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]finding.Code{CodeSubjectCollision}, codes(plan.Warnings)); diff != "" {
		t.Errorf("plan of the CA bundle warns (-want +got):\n%s", diff)
	}

	_, _, err = UploadChain([]*x509.Certificate{cm, gw, newCA.Cert, root.Cert})
	var several *SeveralLeavesError
	if !errors.Is(err, ErrSeveralLeaves) || !errors.As(err, &several) {
		t.Fatalf("two devices: err = %v, want a *SeveralLeavesError", err)
	}
	if diff := cmp.Diff([]string{"cucm-pub.example.com", "gw1.example.com"}, cns(several.Leaves)); diff != "" {
		t.Errorf("devices named (-want +got):\n%s", diff)
	}
}
