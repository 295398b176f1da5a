package cucm

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzParseTrustList checks that the parser never panics, that every
// entry has a store and a file, and that formatting the entries and
// parsing them again gives the same entries.
func FuzzParseTrustList(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzParseTrustList", "*"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed corpus in testdata/fuzz/FuzzParseTrustList (%v)", err)
	}
	site, err := os.ReadFile(filepath.Join(siteDir, "show-cert-list-trust.txt"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(site)
	f.Add([]byte("admin:CallManager-trust/a.pem: Trust Certificate\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseTrustList(data)
		if err != nil {
			if l != nil {
				t.Fatal("a list with an error")
			}
			return
		}
		for _, e := range l.entries {
			if e.Store == "" || e.File == "" || e.Line < 1 {
				t.Fatalf("empty field in %+v", e)
			}
		}
		again, err := ParseTrustList(l.format())
		if err != nil {
			t.Fatalf("formatted list does not parse: %v\n%q", err, l.format())
		}
		ignoreLine := cmpopts.IgnoreFields(listEntry{}, "Line")
		if diff := cmp.Diff(l.entries, again.entries, ignoreLine); diff != "" {
			t.Fatalf("format then parse changed the entries (-first +again):\n%s", diff)
		}
	})
}
