package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestArchivesShipDocs: every archive holds the binary, README.md and
// every file of docs/, with the bytes of the repository, so that the
// README's links to docs/ work where the archive is unpacked.
func TestArchivesShipDocs(t *testing.T) {
	root := filepath.Join("..", "..")
	docs, err := shippedDocs(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	want = append(want, "certkit.exe", "README.md")
	pages, err := filepath.Glob(filepath.Join(root, "docs", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		rel, _ := filepath.Rel(root, p)
		want = append(want, filepath.ToSlash(rel))
	}
	slices.Sort(want[2:])
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// Each page the README links to is among them.
	for _, m := range regexp.MustCompile(`\]\((docs/[^)#]+)`).FindAllStringSubmatch(string(readme), -1) {
		if !slices.Contains(want, m[1]) {
			t.Errorf("README.md links to %s, which is not in docs/", m[1])
		}
	}
	files := append([]archived{{"certkit.exe", []byte("MZ binary"), 0o755}}, docs...)
	stamp := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)

	z, err := zipOf(files, stamp)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	var gotZip []string
	for _, f := range zr.File {
		gotZip = append(gotZip, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		checkBytes(t, root, f.Name, data)
	}
	if d := cmp.Diff(want, gotZip); d != "" {
		t.Errorf("the .zip holds (-want +got):\n%s", d)
	}

	tgz, err := tarGzOf(files, stamp)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var gotTar []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		gotTar = append(gotTar, h.Name)
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		checkBytes(t, root, h.Name, data)
	}
	if d := cmp.Diff(want, gotTar); d != "" {
		t.Errorf("the .tar.gz holds (-want +got):\n%s", d)
	}
}

// checkBytes: a documentation file in an archive is the repository's.
func checkBytes(t *testing.T, root, name string, data []byte) {
	t.Helper()
	if name == "certkit.exe" {
		return
	}
	want, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		t.Errorf("the archive holds %s, which the repository does not: %v", name, err)
		return
	}
	if !bytes.Equal(data, want) {
		t.Errorf("the archive's %s differs from the repository's", name)
	}
}
