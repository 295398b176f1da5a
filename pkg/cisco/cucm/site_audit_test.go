package cucm

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestAuditSiteSources: a folder of stores (os.DirFS), the same stores
// given as files in memory (fstest.MapFS, one Source per store) and as
// File lists give one plan, word for word, with the same notes; reading
// notes and an undecodable file come back as the front ends need them.
func TestAuditSiteSources(t *testing.T) {
	stores := filepath.Join(siteDir, "stores")
	opts := Options{At: testAt, Gateways: readCerts(t, filepath.Join(siteDir, "gateways")), Own: readCerts(t, filepath.Join(siteDir, "own"))}
	tree, err := AuditSite([]Source{{FS: os.DirFS(stores), Where: stores}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	mem := fstest.MapFS{}
	var asFiles []Source
	for _, name := range []string{"CallManager-trust", "tomcat-trust"} {
		files, _, err := readFiles(os.DirFS(filepath.Join(stores, name)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			mem[name+"/"+f.Name] = &fstest.MapFile{Data: f.Data}
		}
		asFiles = append(asFiles, Source{Store: strings.ToLower(name), Files: files})
	}
	// A folder inside a store and a file beside the stores: skipped,
	// and said so.
	mem["CallManager-trust/old/x.pem"] = &fstest.MapFile{Data: []byte("x")}
	mem["README.txt"] = &fstest.MapFile{Data: []byte("x")}
	fromMap, err := AuditSite([]Source{{FS: mem, Where: "site"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	fromFiles, err := AuditSite(asFiles, opts)
	if err != nil {
		t.Fatal(err)
	}
	if tree.Text() != fromMap.Text() || tree.Text() != fromFiles.Text() || string(tree.CSV()) != string(fromFiles.CSV()) {
		t.Errorf("the plans differ:\n%s", cmp.Diff(tree.Text(), fromFiles.Text()))
	}
	wantNotes := []string{"site: skipped CallManager-trust/old, which is not a trust store folder", "site: skipped README.txt, which is not a trust store folder", adviceNote}
	if diff := cmp.Diff(wantNotes, fromMap.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if !tree.NeedsAction() {
		t.Error("a plan with actions does not need action")
	}

	// One store in two sources (cucm audit --store NAME a.pem dir/): one
	// store, entries in the order given.
	files := asFiles[1].Files
	two, err := AuditSite([]Source{{Store: "tomcat-trust", Files: files[:1]}, {Store: "tomcat-trust", Files: files[1:]}}, Options{At: testAt})
	if err != nil {
		t.Fatal(err)
	}
	if len(two.Stores) != 1 || two.Stores[0].Files != len(files) {
		t.Errorf("two sources of one store: %+v", two.Stores)
	}

	// A file that does not decode: a *FileError naming where.
	bad := fstest.MapFS{"CallManager-trust/broken.pem": &fstest.MapFile{Data: []byte("-----BEGIN CERTIFICATE-----\nAAAA\n")}}
	_, err = AuditSite([]Source{{FS: bad, Where: "dl"}}, opts)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Where != "dl" || fe.Path != "CallManager-trust/broken.pem" {
		t.Errorf("broken file: %v", err)
	}
	_, err = AuditSite([]Source{{FS: fstest.MapFS{"x.pem": &fstest.MapFile{}}, Where: "dl"}}, opts)
	if !errors.Is(err, ErrNoStore) {
		t.Errorf("no store: %v", err)
	}
}
