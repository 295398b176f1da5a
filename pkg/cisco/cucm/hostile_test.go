package cucm

import (
	"fmt"
	"testing"

	"github.com/voicepki/certkit/internal/benchstore"
	"github.com/voicepki/certkit/internal/certrole"
	"github.com/voicepki/certkit/pkg/convert"
)

// TestAuditSameNameIsLinear: a trust store of 3,000 CA certificates all
// named CN=Same, each signed by the one before (the hostile file of issue
// 23), costs the audit its self-signed check and at most MaxCandidates
// issuer checks per certificate, never one per pair.
func TestAuditSameNameIsLinear(t *testing.T) {
	const n = 3000
	certs, err := benchstore.SameName(n, true)
	if err != nil {
		t.Fatal(err)
	}
	files := make([]File, n)
	for i := range certs {
		pem, err := convert.Encode(certs[i:i+1], convert.EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		files[i] = File{Name: fmt.Sprintf("same-%d.pem", i), Data: pem}
	}
	s, err := ReadStore("CallManager-trust", files)
	if err != nil {
		t.Fatal(err)
	}
	if _, a, err := audit([]*Store{s}, Options{At: testAt}); err != nil {
		t.Fatal(err)
	} else if got, limit := a.checks.Load(), int64((certrole.MaxCandidates+1)*n); got > limit {
		t.Errorf("%d signature checks for a store of %d certificates of one name, want at most %d", got, n, limit)
	}
}
