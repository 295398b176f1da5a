package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

// certkit runs the command line with stdin and returns the exit code,
// stdout and stderr.
func certkit(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, bytes.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// inspectOneCert runs inspect --json on path, which must hold exactly one
// certificate, and returns what it says of it.
func inspectOneCert(t *testing.T, path string) inspectCert {
	t.Helper()
	code, out, errs := certkit(t, nil, "inspect", "--json", path)
	if code != exitOK {
		t.Fatalf("inspect --json: exit %d: %s", code, errs)
	}
	var files []inspectFile
	if err := json.Unmarshal([]byte(out), &files); err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || len(files[0].Certificates) != 1 {
		t.Fatalf("inspect --json: want one certificate:\n%s", out)
	}
	return files[0].Certificates[0]
}
