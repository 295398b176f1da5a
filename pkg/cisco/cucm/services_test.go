package cucm

import (
	"errors"
	"slices"
	"testing"

	"github.com/voicepki/certkit/pkg/csr"
)

// TestServicesKnownToCSR keeps the two lists of CUCM purposes in step:
// every purpose the upload plan takes is one csr.Lint checks a request
// for. (csr also knows ITLRecovery, whose trust store is not documented,
// so the plan leaves it out.)
func TestServicesKnownToCSR(t *testing.T) {
	known := csr.Services()
	for _, s := range Services() {
		if !slices.Contains(known, s.Name) {
			t.Errorf("cisco plans uploads for %q, which csr.Services does not list", s.Name)
		}
	}
}

// Every purpose csr knows is one LookupService either plans or refuses as
// not planned (ErrServiceNotPlanned), never as unknown.
func TestCSRServicesLookUp(t *testing.T) {
	for _, name := range csr.Services() {
		if _, err := LookupService(name); err != nil && !errors.Is(err, ErrServiceNotPlanned) {
			t.Errorf("LookupService(%q): %v, want a service or ErrServiceNotPlanned", name, err)
		}
	}
}
