package revoke_test

import (
	"crypto/x509"
	"math/big"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/voicepki/certkit/internal/revoke"
	"github.com/voicepki/certkit/internal/testkit"
)

var at = time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)

type pki struct {
	root, issuing, other *testkit.CA
	leaf                 *x509.Certificate
}

func newPKI(t testing.TB) pki {
	root := testkit.NewCA(t, "Root", nil, nil)
	issuing := testkit.NewCA(t, "Issuing CA", root, nil)
	other := testkit.NewCA(t, "Other CA", root, nil)
	leaf := testkit.NewLeaf(t, "gw1", nil, issuing, nil, nil)
	return pki{root: root, issuing: issuing, other: other, leaf: leaf}
}

// TestCheckOCSPResponse: what counts is an answer for the serial, signed
// by the issuer or a responder it certified for OCSPSigning, current at
// the time of the check.
func TestCheckOCSPResponse(t *testing.T) {
	p := newPKI(t)
	revokedAt := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	delegate := testkit.OCSPResponderCA(t, "OCSP responder", p.issuing, false)
	noEKU := testkit.OCSPResponderCA(t, "Signer without EKU", p.issuing, true)
	foreign := testkit.OCSPResponderCA(t, "Other responder", p.other, false)
	expiredResponder := testkit.OCSPResponderCA(t, "Old responder", p.issuing, false)
	expiredResponder.Cert = testkit.Issue(t, &x509.Certificate{SerialNumber: big.NewInt(77), Subject: expiredResponder.Cert.Subject,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning}, NotBefore: testkit.Start, NotAfter: time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)},
		expiredResponder.Key.Public(), p.issuing, nil)
	for _, tc := range []struct {
		name       string
		der        []byte
		want       revoke.Status
		wantReason string
		wantErr    bool
	}{
		{name: "good", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good}), want: revoke.Good},
		{name: "revoked", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Revoked, Reason: ocsp.KeyCompromise, RevokedAt: revokedAt}), want: revoke.Revoked, wantReason: "keyCompromise"},
		{name: "unknown", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Unknown}), want: revoke.Unknown, wantReason: "the responder does not know the certificate"},
		{name: "delegated responder", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good, Responder: delegate}), want: revoke.Good},
		{name: "delegate without OCSPSigning", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good, Responder: noEKU}), wantErr: true},
		{name: "delegate of another CA", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good, Responder: foreign}), wantErr: true},
		{name: "delegate expired", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good, Responder: expiredResponder}), wantErr: true},
		{name: "signed by another CA", der: testkit.OCSPResponse(t, p.other, p.leaf, testkit.OCSP{Status: ocsp.Good}), wantErr: true},
		{name: "other serial", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good, Serial: big.NewInt(42)}), wantErr: true},
		{name: "stale", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good, NextUpdate: time.Date(2030, 5, 1, 0, 0, 0, 0, time.UTC)}), wantErr: true},
		{name: "dated after the check", der: testkit.OCSPResponse(t, p.issuing, p.leaf, testkit.OCSP{Status: ocsp.Good, ThisUpdate: time.Date(2030, 7, 1, 0, 0, 0, 0, time.UTC)}), wantErr: true},
		{name: "malformed", der: []byte("<html>not OCSP</html>"), wantErr: true},
		{name: "tryLater", der: ocsp.TryLaterErrorResponse, wantErr: true},
		{name: "a CRL", der: testkit.CRL(t, p.issuing, time.Time{}, time.Time{}), wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := revoke.CheckOCSPResponse(tc.der, p.leaf, p.issuing.Cert, at)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if r.Status != tc.want || r.Reason != tc.wantReason {
				t.Errorf("status %s (%q), want %s (%q)", r.Status, r.Reason, tc.want, tc.wantReason)
			}
			if tc.want == revoke.Revoked && !r.RevokedAt.Equal(revokedAt) {
				t.Errorf("revoked at %s, want %s", r.RevokedAt, revokedAt)
			}
		})
	}
}

// TestCheckCRL: a CRL counts when the issuer's key signed it and it is
// current; the certificate is revoked when its serial is listed.
func TestCheckCRL(t *testing.T) {
	p := newPKI(t)
	revokedAt := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	entry := testkit.Revoked{Serial: p.leaf.SerialNumber, At: revokedAt, Reason: 4}
	for _, tc := range []struct {
		name       string
		der        []byte
		want       revoke.Status
		wantReason string
		wantErr    bool
	}{
		{name: "listed", der: testkit.CRL(t, p.issuing, time.Time{}, time.Time{}, testkit.Revoked{Serial: big.NewInt(9), At: revokedAt}, entry), want: revoke.Revoked, wantReason: "superseded"},
		{name: "not listed", der: testkit.CRL(t, p.issuing, time.Time{}, time.Time{}, testkit.Revoked{Serial: big.NewInt(9), At: revokedAt}), want: revoke.Good},
		{name: "expired", der: testkit.CRL(t, p.issuing, time.Time{}, time.Date(2030, 5, 1, 0, 0, 0, 0, time.UTC), entry), wantErr: true},
		{name: "dated after the check", der: testkit.CRL(t, p.issuing, time.Date(2030, 7, 1, 0, 0, 0, 0, time.UTC), time.Time{}), wantErr: true},
		{name: "not signed by the issuer", der: testkit.CRL(t, p.other, time.Time{}, time.Time{}, entry), wantErr: true},
		{name: "malformed", der: []byte{0x30, 0x03, 0x02, 0x01, 0x01}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := revoke.CheckCRL(tc.der, p.leaf, p.issuing.Cert, at)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if r.Status != tc.want || r.Reason != tc.wantReason {
				t.Errorf("status %s (%q), want %s (%q)", r.Status, r.Reason, tc.want, tc.wantReason)
			}
		})
	}
}

// TestGetURL: the request's base64 goes after the responder's URL,
// escaped, with one slash between.
func TestGetURL(t *testing.T) {
	for _, tc := range []struct{ responder, b64, want string }{
		{"http://ocsp.corp", "MEMw+/Q=", "http://ocsp.corp/MEMw%2B%2FQ%3D"},
		{"http://ocsp.corp/ocsp/", "AB", "http://ocsp.corp/ocsp/AB"},
	} {
		if got := revoke.GetURL(tc.responder, tc.b64); got != tc.want {
			t.Errorf("GetURL(%q, %q) = %q, want %q", tc.responder, tc.b64, got, tc.want)
		}
	}
}
