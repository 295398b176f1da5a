package certkit_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
)

// apiBudget is the most exported identifiers pkg/ may have (issue 18:
// crypto/x509 exports 149). go run ./internal/cmd/apicount -v pkg lists them.
const apiBudget = 234 // issue 22: pkg/scan added 7, revocation (chain and finding) 7

// TestAPIBudget keeps the published API narrow: plumbing goes to internal/,
// each package's finding codes are strings its doc lists.
func TestAPIBudget(t *testing.T) {
	names, err := testkit.ExportedIdentifiers("pkg")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	var lines []string
	for dir, n := range names {
		total += len(n)
		lines = append(lines, dir+": "+strings.Join(n, " "))
	}
	if total > apiBudget {
		sort.Strings(lines)
		t.Errorf("pkg/ exports %d identifiers, more than %d; move plumbing to internal/:\n%s", total, apiBudget, strings.Join(lines, "\n"))
	}
	if total < 100 {
		t.Errorf("pkg/ exports only %d identifiers: the count lost its packages", total)
	}
}
