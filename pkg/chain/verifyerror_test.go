package chain_test

import (
	"crypto/x509"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/voicepki/certkit/pkg/chain"
)

// TestVerifyErrorWords: why a chain does not verify is said in certkit's
// words, with crypto/x509's error behind it for
// errors.As and as the detail, never in the message.
func TestVerifyErrorWords(t *testing.T) {
	p := newPKI(t)
	root := p.root("Words Root CA")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	expired := p.make(spec{name: "Words Expired CA", ca: true, pathLen: -1, parent: root, from: day(2020, 1, 1), to: day(2025, 6, 1)})
	future := p.make(spec{name: "Words Future CA", ca: true, pathLen: -1, parent: root, from: day(2090, 1, 1), to: day(2120, 1, 1)})
	notCA := p.make(spec{name: "Words Not A CA", ca: true, noCAFlag: true, pathLen: -1, parent: root})
	at := testNow.UTC().Format(time.RFC3339)
	for _, tc := range []struct {
		certs []*x509.Certificate
		x509  any // a pointer to the crypto/x509 error type behind it
		want  string
	}{
		{certsOf(p.leaf("gw-expired", expired), expired, root), &x509.CertificateInvalidError{}, `chain: CN=Words Expired CA expired on 2025-06-01 (checked at ` + at + ")"},
		{certsOf(p.leaf("gw-future", future), future, root), &x509.CertificateInvalidError{}, `chain: CN=Words Future CA is not valid before 2090-01-01 (checked at ` + at + ")"},
		// crypto/x509 does not take a certificate without CA:TRUE for an
		// issuer: the leaf finds no root.
		{certsOf(p.leaf("gw-not-ca", notCA), notCA, root), &x509.UnknownAuthorityError{}, `chain: CN=gw-not-ca does not lead to a trusted root`},
	} {
		chains := order(t, tc.certs, chain.Options{Verify: true})
		err := chains[0].VerifyError
		var ve interface{ Detail() string }
		if !errors.As(err, &ve) || !errors.As(err, tc.x509) || err.Error() != tc.want {
			t.Errorf("VerifyError = %v (%T behind it), want %q", err, errors.Unwrap(err), tc.want)
			continue
		}
		if !strings.HasPrefix(ve.Detail(), "x509: ") || strings.Contains(err.Error(), "x509:") {
			t.Errorf("%v: detail %q", err, ve.Detail())
		}
	}
}
