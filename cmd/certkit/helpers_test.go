package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
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

// selfSignedDER issues tmpl to a new P-256 key, signed by that same key,
// and returns the certificate's DER.
func selfSignedDER(t *testing.T, tmpl *x509.Certificate) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// writeCertPEM writes der as a CERTIFICATE PEM file named name in a new
// temporary directory and returns its path.
func writeCertPEM(t *testing.T, name string, der []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
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
