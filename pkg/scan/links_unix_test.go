//go:build unix

package scan_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/scan"
)

// TestLinks: a link loop ends, links out of the folder and to folders are
// not followed, a link to a file inside is read, a pipe is never opened,
// and a 100 MB file is listed unread.
func TestLinks(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "in")
	pemData, err := os.ReadFile("../../testdata/scan/ca/issuing.pem")
	if err != nil {
		t.Fatal(err)
	}
	outside, err := os.ReadFile("../../testdata/scan/ca/root.cer")
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "a", "issuing.pem"), pemData, 0o644))
	must(os.WriteFile(filepath.Join(top, "root.cer"), outside, 0o644))
	must(os.Symlink("../..", filepath.Join(dir, "a", "b", "loop")))           // a loop
	must(os.Symlink(filepath.Join(top), filepath.Join(dir, "up")))            // a folder outside
	must(os.Symlink("../root.cer", filepath.Join(dir, "root-link.cer")))      // a file outside
	must(os.Symlink("a/issuing.pem", filepath.Join(dir, "issuing-link.pem"))) // a file inside
	must(os.Symlink("nothing", filepath.Join(dir, "dangling")))
	must(syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644))
	big, err := os.Create(filepath.Join(dir, "big.bin"))
	must(err)
	must(big.Truncate(100 << 20))
	must(big.Close())

	done := make(chan *scan.Result)
	go func() { done <- scanDir(t, dir, scan.Options{}) }()
	var res *scan.Result
	select {
	case res = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the scan did not end (a loop, or the pipe opened)")
	}
	if len(res.Certificates) != 1 || res.Certificates[0].Cert.Subject.CommonName != "Example Scan Issuing CA" {
		t.Fatalf("certificates %d, want the issuing CA alone (the root is outside)", len(res.Certificates))
	}
	if d := cmp.Diff([]string{"a/issuing.pem", "issuing-link.pem"}, paths(res.Certificates[0].Found, samePlace)); d != "" {
		t.Errorf("found in (-want +got):\n%s", d)
	}
	// loop, up, root-link.cer, dangling, pipe.
	if res.Links != 5 {
		t.Errorf("links not followed: %d, want 5", res.Links)
	}
	if d := cmp.Diff([]string{"big.bin"}, paths(res.Failed, samePlace)); d != "" {
		t.Fatalf("failed (-want +got):\n%s", d)
	}
	if !strings.Contains(res.Failed[0].Err.Error(), "larger than the 64 MiB input limit") {
		t.Errorf("big.bin: %v", res.Failed[0].Err)
	}
	if res.Bytes != int64(2*len(pemData)) {
		t.Errorf("read %d bytes, want %d (the big file is not read)", res.Bytes, 2*len(pemData))
	}
}
