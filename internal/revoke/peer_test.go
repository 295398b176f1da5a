package revoke_test

import (
	"encoding/asn1"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.mozilla.org/pkcs7"

	"github.com/voicepki/certkit/internal/revoke"
	"github.com/voicepki/certkit/internal/testkit"
)

// TestCheckCRLPeer reads a real CRL (Equifax's of February 2015, version
// 1, SHA-1 with RSA, in BoringSSL's openssl_crl.p7c). crypto/x509's
// ParseRevocationList reads version 2 CRLs only, so it does not count:
// the check says why, and never says good or revoked by it, even at a
// time it was current and for a serial it lists.
func TestCheckCRLPeer(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testkit.PeerDir(t, "formats", "boringssl"), "openssl_crl.p7c"))
	if err != nil {
		t.Fatal(err)
	}
	p7, err := pkcs7.Parse(data)
	if err != nil || len(p7.CRLs) != 1 {
		t.Fatalf("openssl_crl.p7c: %v, %d CRLs", err, len(p7.CRLs))
	}
	der, err := asn1.Marshal(p7.CRLs[0])
	if err != nil {
		t.Fatal(err)
	}
	p := newPKI(t)
	listed := *p.leaf
	listed.SerialNumber = p7.CRLs[0].TBSCertList.RevokedCertificates[0].SerialNumber
	at := time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC)
	r, err := revoke.CheckCRL(der, &listed, p.issuing.Cert, at)
	if err == nil || r.Status != "" {
		t.Fatalf("Equifax's CRL judged by another CA: %s, %v", r.Status, err)
	}
}
