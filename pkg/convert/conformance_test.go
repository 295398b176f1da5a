package convert

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/internal/testkit"
)

type manifestEntry struct {
	File     string    `json:"file"`
	Kind     string    `json:"kind"`
	Certs    *[]string `json:"certs"`
	Password string    `json:"password"`
	Subject  string    `json:"subject"`
}

// TestConformance checks every file openssl was run on: certkit's
// certificate set must equal openssl's, in file order, and where openssl
// found nothing Decode must fail.
func TestConformance(t *testing.T) {
	dir := filepath.Join(testkit.PeerDir(t), "formats")
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Skipf("no manifest: %v", err)
	}
	var m struct {
		Files []manifestEntry `json:"files"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Files) == 0 {
		t.Fatal("manifest lists no files")
	}
	for _, f := range m.Files {
		t.Run(f.File, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, f.File))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Decode(data, Options{Password: f.Password})
			switch {
			case f.Kind == "csr":
				if f.Certs == nil {
					if err == nil {
						t.Fatalf("openssl reads no CSR, but Decode succeeded with %d requests", len(res.Requests))
					}
					return
				}
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if len(res.Requests) != 1 || len(res.Certificates) != 0 {
					t.Fatalf("got %d CSRs and %d certificates, want 1 CSR", len(res.Requests), len(res.Certificates))
				}
			case f.Certs == nil:
				if err == nil {
					t.Fatalf("openssl reads nothing, but Decode found %d certificates", len(res.Certificates))
				}
				var de *DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("error %v is not a *DecodeError", err)
				}
			case len(*f.Certs) == 0:
				if !errors.Is(err, ErrNoCertificates) {
					t.Fatalf("empty container: err = %v, want ErrNoCertificates", err)
				}
			default:
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				var got []string
				for _, c := range res.Certificates {
					sum := sha256.Sum256(c.Raw)
					got = append(got, hex.EncodeToString(sum[:]))
				}
				if diff := cmp.Diff(*f.Certs, got); diff != "" {
					t.Errorf("certificates differ from openssl's (-openssl +certkit):\n%s", diff)
				}
			}
			if err != nil {
				t.Logf("%v", err)
			}
		})
	}
}
