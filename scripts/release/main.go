// Command release builds certkit for the six platforms voice engineers use
// and packs each binary with the README and docs/, so that nobody needs Go
// to run it:
//
//	go run ./scripts/release [-version v1.2.0] [-out dist]
//
// For windows/amd64, windows/arm64, darwin/amd64, darwin/arm64,
// linux/amd64 and linux/arm64 it runs go build with -trimpath, CGO off and
// the version and commit stamped into the binary (certkit version prints
// them), then
// writes certkit_VERSION_OS_ARCH.zip (Windows) or .tar.gz, and a
// SHA256SUMS file over the archives, in sha256sum's format. The archives
// carry the commit's time, not the build's, so two runs on one commit give
// the same bytes. Without -version it takes git describe --tags --always
// --dirty. It prints each binary's size.
//
// CI runs it too, so that a change that breaks one platform's build fails.
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// targets are the platforms a release is built for.
var targets = []struct{ goos, goarch string }{
	{"windows", "amd64"}, {"windows", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"linux", "amd64"}, {"linux", "arm64"},
}

func main() {
	version := flag.String("version", "", "the version to stamp (default: git describe --tags --always --dirty)")
	out := flag.String("out", "dist", "the directory the archives and SHA256SUMS go into")
	flag.Parse()
	if err := release(*version, *out); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func release(version, out string) error {
	if version == "" {
		v, err := git("describe", "--tags", "--always", "--dirty")
		if err != nil {
			return fmt.Errorf("no -version given, and git describe failed: %v", err)
		}
		version = v
	}
	if strings.ContainsAny(version, `/\ `) {
		return fmt.Errorf("version %q holds a slash or a space", version)
	}
	rev, _ := git("rev-parse", "HEAD") // stamped for builds without VCS information
	stamp := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if t, err := git("log", "-1", "--format=%ct"); err == nil {
		if n, err := strconv.ParseInt(t, 10, 64); err == nil {
			stamp = time.Unix(n, 0).UTC()
		}
	}
	docs, err := shippedDocs(os.DirFS("."))
	if err != nil {
		return fmt.Errorf("run it from the repository root: %v", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	bin, err := os.MkdirTemp("", "certkit-release-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bin)

	var sums strings.Builder
	for _, t := range targets {
		exe := "certkit"
		if t.goos == "windows" {
			exe += ".exe"
		}
		path := filepath.Join(bin, t.goos+"-"+t.goarch, exe)
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+version+" -X main.revision="+rev, "-o", path, "./cmd/certkit")
		cmd.Env = append(os.Environ(), "GOOS="+t.goos, "GOARCH="+t.goarch, "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build for %s/%s: %v", t.goos, t.goarch, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files := append([]archived{{exe, data, 0o755}}, docs...)
		name := fmt.Sprintf("certkit_%s_%s_%s", version, t.goos, t.goarch)
		var archive []byte
		if t.goos == "windows" {
			name += ".zip"
			archive, err = zipOf(files, stamp)
		} else {
			name += ".tar.gz"
			archive, err = tarGzOf(files, stamp)
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, name), archive, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(archive), name)
		fmt.Printf("%-8s %-6s %9d bytes  %s\n", t.goos, t.goarch, len(data), name)
	}
	if err := os.WriteFile(filepath.Join(out, "SHA256SUMS"), []byte(sums.String()), 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s/SHA256SUMS (check with: sha256sum -c SHA256SUMS)\n", out)
	return nil
}

// shippedDocs returns the documentation every archive carries: README.md,
// then every file under docs/ (the pages, and web.png, which docs/web.md
// shows), in lexical order, with their paths as in the repository, so that
// the README's links work in the unpacked archive.
func shippedDocs(fsys fs.FS) ([]archived, error) {
	readme, err := fs.ReadFile(fsys, "README.md")
	if err != nil {
		return nil, err
	}
	files := []archived{{"README.md", readme, 0o644}}
	pages := 0
	err = fs.WalkDir(fsys, "docs", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if path.Ext(p) == ".md" {
			pages++
		}
		files = append(files, archived{p, data, 0o644})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if pages == 0 {
		return nil, fmt.Errorf("docs/ holds no .md page")
	}
	return files, nil
}

// archived is one file of an archive.
type archived struct {
	name string
	data []byte
	mode int64
}

func zipOf(files []archived, stamp time.Time) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: stamp}
		h.SetMode(os.FileMode(f.mode))
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func tarGzOf(files []archived, stamp time.Time) ([]byte, error) {
	var b bytes.Buffer
	gz, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	gz.ModTime = stamp
	tw := tar.NewWriter(gz)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.data)), ModTime: stamp, Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := io.Copy(tw, bytes.NewReader(f.data)); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// git runs git with args and returns its output, trimmed.
func git(args ...string) (string, error) {
	out, err := exec.Command("git", args...).Output()
	return strings.TrimSpace(string(out)), err
}
