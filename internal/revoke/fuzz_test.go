package revoke_test

import (
	"crypto/x509"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/voicepki/certkit/internal/revoke"
	"github.com/voicepki/certkit/internal/testkit"
)

// seedsPresent fails when the committed corpus of a fuzz target is gone.
func seedsPresent(f *testing.F, name string) {
	m, _ := filepath.Glob(filepath.Join("testdata", "fuzz", name, "*"))
	if len(m) == 0 {
		f.Fatalf("no seeds in testdata/fuzz/%s", name)
	}
}

// FuzzCheckOCSPResponse: whatever a responder sends, the check returns a
// status or an error, never panics, and never calls an answer good or
// revoked unless the issuer's key (or its delegate's) signed it.
func FuzzCheckOCSPResponse(f *testing.F) {
	seedsPresent(f, "FuzzCheckOCSPResponse")
	p := newPKI(f)
	delegate := testkit.OCSPResponderCA(f, "OCSP responder", p.issuing, false)
	f.Add(testkit.OCSPResponse(f, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good}))
	f.Add(testkit.OCSPResponse(f, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Revoked, Reason: ocsp.KeyCompromise, RevokedAt: testkit.Start}))
	f.Add(testkit.OCSPResponse(f, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good, Responder: delegate}))
	f.Add(ocsp.TryLaterErrorResponse)
	f.Fuzz(func(t *testing.T, der []byte) {
		r, err := revoke.CheckOCSPResponse(der, p.leaf, p.issuing.Cert, at)
		if err != nil {
			if r.Status != "" {
				t.Fatalf("an error (%v) with a status %s", err, r.Status)
			}
			return
		}
		switch r.Status {
		case revoke.Good, revoke.Revoked:
			resp, perr := ocsp.ParseResponseForCert(der, p.leaf, nil)
			if perr != nil {
				t.Fatalf("%s from an answer the library refuses: %v", r.Status, perr)
			}
			if resp.CheckSignatureFrom(p.issuing.Cert) != nil && (resp.Certificate == nil || resp.Certificate.CheckSignatureFrom(p.issuing.Cert) != nil) {
				t.Fatalf("%s from an answer neither the issuer nor its delegate signed", r.Status)
			}
		case revoke.Unknown:
		default:
			t.Fatalf("status %q", r.Status)
		}
	})
}

// FuzzCheckCRL: whatever a distribution point serves, the check returns
// a status or an error, never panics, and never judges by a CRL the
// issuer's key did not sign.
func FuzzCheckCRL(f *testing.F) {
	seedsPresent(f, "FuzzCheckCRL")
	p := newPKI(f)
	f.Add(testkit.CRL(f, p.issuing, time.Time{}, time.Time{}, testkit.Revoked{Serial: p.leaf.SerialNumber, At: testkit.Start, Reason: 1}))
	f.Add(testkit.CRL(f, p.issuing, time.Time{}, time.Time{}, testkit.Revoked{Serial: big.NewInt(-5), At: testkit.Start}))
	f.Add(testkit.CRL(f, p.other, time.Time{}, time.Time{}))
	f.Fuzz(func(t *testing.T, der []byte) {
		r, err := revoke.CheckCRL(der, p.leaf, p.issuing.Cert, at)
		if err != nil {
			return
		}
		if r.Status != revoke.Good && r.Status != revoke.Revoked {
			t.Fatalf("status %q", r.Status)
		}
		l, perr := x509ParseCRL(der)
		if perr != nil || l.CheckSignatureFrom(p.issuing.Cert) != nil {
			t.Fatalf("%s from a CRL the issuer did not sign (%v)", r.Status, perr)
		}
	})
}

// writeSeeds, with CERTKIT_WRITE_SEEDS=1, writes the generated seeds to
// testdata/fuzz (their keys are new each run: they are seeds of shape).
func TestWriteSeeds(t *testing.T) {
	if os.Getenv("CERTKIT_WRITE_SEEDS") == "" {
		t.Skip("set CERTKIT_WRITE_SEEDS=1 to write the fuzz seeds")
	}
	p := newPKI(t)
	delegate := testkit.OCSPResponderCA(t, "OCSP responder", p.issuing, false)
	write := func(target, name string, der []byte) {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		body := "go test fuzz v1\n[]byte(" + quote(der) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("FuzzCheckOCSPResponse", "good", testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good}))
	write("FuzzCheckOCSPResponse", "revoked", testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Revoked, Reason: ocsp.KeyCompromise, RevokedAt: testkit.Start}))
	write("FuzzCheckOCSPResponse", "delegated", testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good, Responder: delegate}))
	write("FuzzCheckOCSPResponse", "trylater", ocsp.TryLaterErrorResponse)
	write("FuzzCheckCRL", "revoked", testkit.CRL(t, p.issuing, time.Time{}, time.Time{}, testkit.Revoked{Serial: p.leaf.SerialNumber, At: testkit.Start, Reason: 1}))
	write("FuzzCheckCRL", "empty", testkit.CRL(t, p.issuing, time.Time{}, time.Time{}))
}

func quote(b []byte) string { return strconv.Quote(string(b)) }

func x509ParseCRL(der []byte) (*x509.RevocationList, error) { return x509.ParseRevocationList(der) }
