package chain_test

import (
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

// TestDocListsCodes: every code of Order's own warnings is in the table
// of the package doc, with its exact string.
func TestDocListsCodes(t *testing.T) {
	testkit.DocListsConsts(t, ".", "Findings", "code")
}
