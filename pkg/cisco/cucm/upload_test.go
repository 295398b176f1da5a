package cucm

import (
	"crypto/x509"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/finding"
)

// rekeyed returns the issuing CA re-keyed by AD CS: the same name under
// the same root, a new key, valid from start.
func rekeyed(t *testing.T, old *testCA, root *testCA, days int) *testCA {
	t.Helper()
	k := newKey(t)
	return &testCA{Cert: issue(t, &x509.Certificate{
		Subject: old.Cert.Subject, NotBefore: old.Cert.NotBefore.AddDate(0, 0, days),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
	}, k.Public(), root, nil), Key: k}
}

func planFor(t *testing.T, certs ...*x509.Certificate) *uploadPlan {
	t.Helper()
	p, err := planChain(certs, planOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCheckUploadRekeyed is the AD CS re-key: the store holds the old copy
// of the issuing CA, the plan uploads the new one under the same name.
// CUCM keeps one certificate per subject and lets an upload replace it
// only if it starts later.
func TestCheckUploadRekeyed(t *testing.T) {
	root := makeCA(t, "Root CA", nil)
	old := makeCA(t, "Issuing CA", root)
	store := storeOf("CallManager-trust", "Root_CA.pem", root.Cert, "Issuing_CA.pem", old.Cert)
	for _, tc := range []struct {
		name  string
		days  int
		keeps string // what the message must say
	}{
		{"same start date: CUCM keeps the old copy", 0, "so CUCM keeps Issuing_CA.pem and does not upload step 2: delete Issuing_CA.pem from CallManager-trust before step 2"},
		{"starts later: the new copy replaces it", 30, "starts after Issuing_CA.pem (valid from 2025-01-01), so it replaces it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nw := rekeyed(t, old, root, tc.days)
			plan := planFor(t, root.Cert, nw.Cert)
			fs, err := checkUpload(plan.Steps, store, nil)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, f := range fs {
				codes = append(codes, string(f.Code)+" "+f.File)
			}
			want := []string{"already-present Root_CA.pem", "subject-collision Issuing_CA.pem"}
			if diff := cmp.Diff(want, codes); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
			msg := fs[1].Message
			if !strings.Contains(msg, tc.keeps) || !strings.Contains(msg, "different keys") {
				t.Errorf("collision message does not say %q and that the keys differ:\n%s", tc.keeps, msg)
			}
			if fs[1].Severity != finding.Warning || fs[0].Severity != finding.Info {
				t.Errorf("severities %s, %s", fs[0].Severity, fs[1].Severity)
			}
		})
	}
}

// TestCheckUploadRedundant checks which self-signed certificates of the
// store the new CA makes redundant, with and without the gateway's
// certificate, and the refusal of another store.
func TestCheckUploadRedundant(t *testing.T) {
	root := makeCA(t, "Root CA", nil)
	issuing := makeCA(t, "Issuing CA", root)
	gw1old := makeLeaf(t, "gw1.example.com", nil, nil)
	gw2old := makeLeaf(t, "gw2.example.com", nil, nil)
	gw1 := makeLeaf(t, "gw1", []string{"gw1.example.com"}, issuing)
	store := storeOf("CallManager-trust", "gw1.pem", gw1old, "gw2.pem", gw2old)
	plan := planFor(t, root.Cert, issuing.Cert)

	fs, err := checkUpload(plan.Steps, store, []*x509.Certificate{gw1})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, string(f.Code)+" "+f.File)
	}
	if diff := cmp.Diff([]string{"replaced-by-ca gw1.pem", "self-signed-device "}, got); diff != "" {
		t.Errorf("with the gateway (-want +got):\n%s", diff)
	}
	if !strings.Contains(fs[1].Message, "1 self-signed device certificate(s) (gw2.pem)") {
		t.Errorf("message: %s", fs[1].Message)
	}

	fs, err = checkUpload(plan.Steps, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Code != codeSelfSignedDevice || !strings.Contains(fs[0].Message, "2 self-signed") {
		t.Errorf("without the gateway: %v", fs)
	}

	if _, err := checkUpload(plan.Steps, storeOf("tomcat-trust"), nil); err == nil || !strings.Contains(err.Error(), "CallManager-trust") {
		t.Errorf("another store: %v", err)
	}
}
