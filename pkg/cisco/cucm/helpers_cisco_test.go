package cucm

import (
	"crypto/x509"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

// testdataDir is the repository's testdata/cisco, written by internal/cmd/gen.
var testdataDir = filepath.Join("..", "..", "..", "testdata", "cisco")

// The certificate builder is testkit's.
type testCA = testkit.CA

var (
	newTestCA   = testkit.NewCA
	newTestLeaf = testkit.NewLeaf
	ecKey       = testkit.ECKey
	fakeRSA     = testkit.FakeRSA
	codes       = testkit.Codes
	testStart   = testkit.Start
	testEnd     = testkit.End
)

// readCert reads the single PEM certificate testdata/cisco/rel.
func readCert(t testing.TB, rel string) *x509.Certificate {
	t.Helper()
	return testkit.ReadCert(t, filepath.Join(testdataDir, rel))
}
