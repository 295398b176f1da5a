package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestInspectAndCSRReadEveryCapture: inspect reads each IOS capture that
// csr reads, and both find vgw1's one request.
func TestInspectAndCSRReadEveryCapture(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "csr", "ios-capture*.txt"))
	if err != nil || len(files) < 6 {
		t.Fatalf("%d IOS captures found (%v), want 6 or more", len(files), err)
	}
	for _, f := range files {
		code, out, errs := certkit(t, nil, "inspect", "--json", f)
		if code != exitOK {
			t.Errorf("inspect %s: exit %d: %s", filepath.Base(f), code, errs)
			continue
		}
		if got := jsonValues(t, out, "subject"); len(got) != 1 || got[0] != "unstructuredName=vgw1.example.com,CN=vgw1.example.com" {
			t.Errorf("inspect %s: subjects %q, want vgw1's request alone", filepath.Base(f), got)
		}
		code, out, errs = certkit(t, nil, "csr", f)
		if code != exitOK || !strings.Contains(out, "subject:             unstructuredName=vgw1.example.com,CN=vgw1.example.com\n") {
			t.Errorf("csr %s: exit %d, stdout\n%s%s", filepath.Base(f), code, out, errs)
		}
	}
}
