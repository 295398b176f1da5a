package ios

import (
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

// TestTrustpoolSameNameIsLinear: 300 CA certificates all named CN=Same
// (the hostile file of issue 23, cut short) give one warning each after
// the first, not one per pair (44,850, and 4.5 million for 3,000, which
// took minutes and gigabytes).
func TestTrustpoolSameNameIsLinear(t *testing.T) {
	const n = 300
	certs, err := testkit.SameName(n, true)
	if err != nil {
		t.Fatal(err)
	}
	tp, err := trustpoolSession(append(certs, certs[:10]...)) // and copies, dropped
	if err != nil {
		t.Fatal(err)
	}
	if len(tp.Warnings) != n-1 {
		t.Errorf("%d warnings for %d certificates sharing the issuer and the subject, want %d", len(tp.Warnings), n, n-1)
	}
	for _, w := range tp.Warnings {
		if w.Code != codeTrustpoolDuplicate {
			t.Errorf("warning %s: %s", w.Code, w.Message)
		}
	}
}
