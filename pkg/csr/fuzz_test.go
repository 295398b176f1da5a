package csr

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/internal/x509text"
)

// FuzzParse checks that Parse never panics, that it returns a request only
// alone or with a signature error, that its errors carry the csr: prefix,
// that a parsed request reads back the same from its own DER, and that
// Lint and Subject accept whatever Parse returns.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzParse", "*"))
	if err != nil {
		f.Fatal(err)
	}
	if len(seeds) == 0 {
		f.Fatal("no seed corpus in testdata/fuzz/FuzzParse")
	}
	files, err := filepath.Glob(filepath.Join(testkit.Root(f), "testdata", "csr", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := Parse(data)
		if err != nil && !strings.HasPrefix(err.Error(), "csr: ") {
			t.Fatalf("error %q lacks the csr: prefix", err)
		}
		if req == nil {
			if err == nil {
				t.Fatal("Parse returned neither a request nor an error")
			}
			return
		}
		if err != nil && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("Parse returned a request with error %v", err)
		}
		again, err2 := Parse(req.Raw)
		if again == nil || !bytes.Equal(again.Raw, req.Raw) || errors.Is(err, ErrBadSignature) != errors.Is(err2, ErrBadSignature) {
			t.Fatalf("re-parsing the request's DER gave %v, %v", again, err2)
		}
		Lint(req, Policy{Hostname: "gw", FQDN: "gw.example.com", Service: "CallManager"})
		x509text.RequestSubject(req)
	})
}
