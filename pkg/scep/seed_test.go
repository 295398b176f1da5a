package scep_test

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"os"
	"path/filepath"
	"testing"

	smscep "github.com/smallstep/scep"
)

// TestWriteFuzzSeeds writes the fuzz seeds (GetCACert answers, a PENDING
// CertRep) when CERTKIT_WRITE_SEEDS is set; they are committed.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("CERTKIT_WRITE_SEEDS") == "" {
		t.Skip("set CERTKIT_WRITE_SEEDS=1 to rewrite testdata/fuzz")
	}
	root := makeCert(t, "Corp Root CA", nil, true, x509.KeyUsageCertSign, 1)
	sign := makeCert(t, "NDES RA sign", root, false, x509.KeyUsageDigitalSignature, 2)
	p7, err := smscep.DegenerateCertificates([]*x509.Certificate{sign.cert, root.cert})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeCA{ca: root}
	write := func(dir, name string, b []byte) {
		d := filepath.Join("testdata", "fuzz", dir)
		os.MkdirAll(d, 0o755)
		if err := os.WriteFile(filepath.Join(d, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("cacert", "single.der", root.cert.Raw)
	write("cacert", "ca-ra.der", p7)
	write("certrep", "pending.der", pendingRep(f, nil))
	csr, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "vgw1"}}, key(t))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := x509.ParseCertificateRequest(csr)
	msg, err := smscep.NewCSRRequest(req, &smscep.PKIMessage{MessageType: smscep.PKCSReq, Recipients: []*x509.Certificate{root.cert}, SignerKey: key(t), SignerCert: sign.cert})
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := smscep.ParsePKIMessage(msg.Raw)
	if err == nil {
		err = parsed.DecryptPKIEnvelope(root.cert, root.key)
	}
	if err != nil {
		t.Fatal(err)
	}
	rep, err := parsed.Success(root.cert, root.key, sign.cert)
	if err != nil {
		t.Fatal(err)
	}
	write("certrep", "success.der", rep.Raw)
	fail, err := parsed.Fail(root.cert, root.key, smscep.BadRequest)
	if err != nil {
		t.Fatal(err)
	}
	write("certrep", "failure.der", fail.Raw)
}
