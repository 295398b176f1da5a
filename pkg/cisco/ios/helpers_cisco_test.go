package ios

import (
	"crypto/x509"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

// testdataDir is the repository's testdata/cisco, written by internal/cmd/gen.
var testdataDir = filepath.Join("..", "..", "..", "testdata", "cisco")

// The certificate builder is testkit's.
var (
	newTestCA   = testkit.NewCA
	newTestLeaf = testkit.NewLeaf
	codes       = testkit.Codes
)

// readCert reads the single PEM certificate testdata/cisco/rel.
func readCert(t testing.TB, rel string) *x509.Certificate {
	t.Helper()
	return testkit.ReadCert(t, filepath.Join(testdataDir, rel))
}
