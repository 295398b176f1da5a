package ios

import (
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

// TestDocListsCodes keeps the package doc's Findings section in step with
// the finding codes: every code constant (code + name) of the package's
// non-test files is listed there with its exact string, so that a script
// author reading the doc finds every code the package reports.
func TestDocListsCodes(t *testing.T) {
	testkit.DocListsConsts(t, ".", "Findings", "code")
}
