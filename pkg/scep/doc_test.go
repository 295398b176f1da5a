package scep_test

import (
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

// TestDocListsCodes: every finding code and every reason of an *Error is
// in its table of the package doc, with its exact string.
func TestDocListsCodes(t *testing.T) {
	testkit.DocListsConsts(t, ".", "Findings", "code")
	testkit.DocListsConsts(t, ".", "Errors", "reason")
}
