package ios

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/voicepki/certkit/internal/sigcheck"
	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/pkg/convert"
	"github.com/voicepki/certkit/pkg/finding"
)

func decodeFile(t *testing.T, rel string) *convert.Result {
	t.Helper()
	res, err := convert.Decode(readTestdata(t, rel), convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestTrustpoolSession(t *testing.T) {
	cas := decodeFile(t, "ios/trustpool/custom-ca.pem").Certificates
	tp, err := trustpoolSession(append(cas, cas[0]))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(tp.Text, "\n")
	if lines[2] != "crypto pki trustpool import terminal" || lines[len(lines)-2] != "quit" {
		t.Errorf("session layout:\n%s", tp.Text)
	}
	for i, c := range cas {
		if !strings.Contains(lines[i], FingerprintSHA1(c)) || !strings.Contains(lines[i], FingerprintMD5(c)) {
			t.Errorf("line %d %q lacks the fingerprints of %s", i+1, lines[i], c.Subject)
		}
	}
	var got []*x509.Certificate
	rest := []byte(tp.Text)
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c)
	}
	if len(got) != 2 || !got[0].Equal(cas[0]) || !got[1].Equal(cas[1]) || len(tp.Warnings) != 0 {
		t.Errorf("%d certificates pasted (the duplicate once), warnings %v", len(got), tp.Warnings)
	}
}

func TestTrustpoolRefusesLeaf(t *testing.T) {
	gw := decodeFile(t, "ios/trustpool/gateway.pem").Certificates[0]
	_, err := trustpoolSession([]*x509.Certificate{gw})
	var nc *notCAError
	if !errors.As(err, &nc) || !errors.Is(err, ErrNotCA) || nc.Certificate != gw || !strings.Contains(err.Error(), "crypto pki import") {
		t.Errorf("err = %v", err)
	}
	if _, err := trustpoolSession(nil); err == nil {
		t.Error("no certificate: no error")
	}
}

// TestTrustpoolOfChecks: the trustpool's CAs get every job's checks at
// TrustpoolOptions.At: expired (an error), expiring within WarnWithin
// (30 days by default), nothing when all is well; from a signed bundle,
// the CAs inside it only.
func TestTrustpoolOfChecks(t *testing.T) {
	custom := decodeFile(t, "ios/trustpool/custom-ca.pem")
	for _, tc := range []struct {
		at     time.Time
		within time.Duration
		want   []string
	}{
		{time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), 0, nil},
		{time.Date(2126, 1, 1, 0, 0, 0, 0, time.UTC), 0, []string{"expired error", "expired error"}},
		{time.Date(2124, 12, 15, 0, 0, 0, 0, time.UTC), 0, []string{"expiring warning", "expiring warning"}},
		{time.Date(2124, 12, 15, 0, 0, 0, 0, time.UTC), 7 * 24 * time.Hour, nil},
	} {
		tp, err := TrustpoolOf([]*convert.Result{custom}, TrustpoolOptions{At: tc.at, WarnWithin: tc.within})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range tp.Warnings {
			got = append(got, string(f.Code)+" "+f.Severity.String())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("at %s within %v: %q, want %q", tc.at.Format("2006-01-02"), tc.within, got, tc.want)
		}
	}
	tp, err := TrustpoolOf([]*convert.Result{decodeFile(t, "ios/trustpool/ios_core.p7b")}, TrustpoolOptions{At: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || strings.Count(tp.Text, "BEGIN CERTIFICATE") != 3 || len(tp.Warnings) != 0 {
		t.Errorf("ios_core.p7b: %v, %d certificates, %v", err, strings.Count(tp.Text, "BEGIN CERTIFICATE"), tp.Warnings)
	}
}

// TestTrustpoolOfRealBundle: cfssl's bundle of 348 public roots (beside
// the repository; skipped without it), as of 2030: every expired root is
// named, none that is not; no root's own SHA-1 or MD5 self-signature is
// called weak, while the one SHA-1 intermediate signature of cfssl's
// bundler-inter-L1-sha1.pem is.
func TestTrustpoolOfRealBundle(t *testing.T) {
	dir := testkit.PeerDir(t, "formats", "cfssl")
	read := func(name string) *convert.Result {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := convert.Decode(b, convert.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	bundle := read("bundler-ca-bundle.pem")
	tp, err := TrustpoolOf([]*convert.Result{bundle, read("bundler-inter-L1-sha1.pem")}, TrustpoolOptions{At: at})
	if err != nil {
		t.Fatal(err)
	}
	expired := map[string]bool{}
	for _, c := range bundle.Certificates {
		if at.After(c.NotAfter) {
			expired[string(c.Raw)] = true
		}
	}
	named := map[string]bool{}
	var weak []string
	for _, f := range tp.Warnings {
		switch f.Code {
		case finding.CodeExpired:
			named[string(f.Certificate.Raw)] = true
		case finding.CodeWeakSignature:
			if sigcheck.SelfSigned(f.Certificate) {
				t.Errorf("%s: a self-signature called weak", f.Message)
			}
			weak = append(weak, f.Certificate.Subject.CommonName)
		}
	}
	if len(expired) == 0 || len(named) != len(expired) {
		t.Errorf("%d expired roots named, %d expired in the bundle", len(named), len(expired))
	}
	for k := range named {
		if !expired[k] {
			t.Error("a root named expired that is not")
		}
	}
	if len(weak) != 1 {
		t.Errorf("weak signatures on %q, want the SHA-1 intermediate's only", weak)
	}
}
