package csr

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/voicepki/certkit/internal/testkit"
	"github.com/voicepki/certkit/internal/x509text"
)

// peerEntry is one file listed in the manifest.json of the public test
// data's formats folder.
type peerEntry struct {
	File        string  `json:"file"`
	Kind        string  `json:"kind"`
	Subject     *string `json:"subject"`
	SignatureOK *bool   `json:"signature_ok"`
}

// peerRequests returns the CSR entries of the peer manifest and the folder
// they live in, or skips the test when the peer data is absent.
func peerRequests(t *testing.T) (string, []peerEntry) {
	dir := testkit.PeerDir(t, "formats")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Files []peerEntry `json:"files"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var out []peerEntry
	for _, e := range m.Files {
		if e.Kind == "csr" {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		t.Fatal("the peer manifest lists no CSR")
	}
	return dir, out
}

// TestPeerConformance parses every CSR the peer manifest lists and checks
// the subject openssl recorded, and that the one openssl cannot read fails.
func TestPeerConformance(t *testing.T) {
	dir, entries := peerRequests(t)
	for _, e := range entries {
		t.Run(e.File, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, e.File))
			if err != nil {
				t.Fatal(err)
			}
			req, err := Parse(data)
			if e.Subject == nil {
				if err == nil || req != nil {
					t.Fatalf("Parse = %v, %v; openssl cannot read this file, so Parse must fail", req, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got, want := x509text.RequestSubject(req), testkit.CertkitSubject(*e.Subject); got != want {
				t.Errorf("subject\n got %s\nwant %s", got, want)
			}
			if e.SignatureOK != nil && *e.SignatureOK {
				if err := CheckSignature(req); err != nil {
					t.Errorf("CheckSignature: %v; openssl verifies it", err)
				}
			}
		})
	}
}
