package ios

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/voicepki/certkit/pkg/cisco"
	"github.com/voicepki/certkit/pkg/convert"
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
	tp, err := TrustpoolSession(append(cas, cas[0]))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(tp.Text, "\n")
	if lines[2] != "crypto pki trustpool import terminal" || lines[len(lines)-2] != "quit" {
		t.Errorf("session layout:\n%s", tp.Text)
	}
	for i, c := range cas {
		if !strings.Contains(lines[i], cisco.FingerprintSHA1(c)) || !strings.Contains(lines[i], cisco.FingerprintMD5(c)) {
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
	_, err := TrustpoolSession([]*x509.Certificate{gw})
	var nc *NotCAError
	if !errors.As(err, &nc) || !errors.Is(err, ErrNotCA) || nc.Certificate != gw || !strings.Contains(err.Error(), "crypto pki import") {
		t.Errorf("err = %v", err)
	}
	if _, err := TrustpoolSession(nil); err == nil {
		t.Error("no certificate: no error")
	}
}
