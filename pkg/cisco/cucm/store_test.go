package cucm

import (
	"encoding/json"
	"encoding/pem"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/voicepki/certkit/pkg/finding"
)

func pemFile(der []byte) *fstest.MapFile {
	return &fstest.MapFile{Data: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

func TestReadTree(t *testing.T) {
	root := makeCA(t, "Root CA", nil)
	gw := makeLeaf(t, "gw1.example.com", nil, nil)
	fsys := fstest.MapFS{
		"callmanager-trust/gw1.pem":   pemFile(gw.Raw),
		"callmanager-trust/root.der":  &fstest.MapFile{Data: root.Cert.Raw},
		"callmanager-trust/Thumbs.db": &fstest.MapFile{Data: []byte{0, 1}},
		"callmanager-trust/old/x.pem": pemFile(gw.Raw),
		"tomcat-trust/root.pem":       pemFile(root.Cert.Raw),
		"show-cert-list-trust.txt":    &fstest.MapFile{Data: []byte("x")},
		"gateways/gw1.pem":            pemFile(gw.Raw),
		".DS_Store":                   &fstest.MapFile{},
	}
	tree, err := readTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range tree.Stores {
		for _, e := range s.Entries {
			got = append(got, e.Store+"/"+e.File+" "+e.Certificate.Subject.CommonName)
		}
	}
	want := []string{"CallManager-trust/gw1.pem gw1.example.com", "CallManager-trust/root.der Root CA", "tomcat-trust/root.pem Root CA"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"callmanager-trust/old", "gateways", "show-cert-list-trust.txt"}, tree.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}

	if _, err := readTree(fstest.MapFS{"gateways/gw1.pem": pemFile(gw.Raw)}); !errors.Is(err, ErrNoStore) {
		t.Errorf("no store folder: %v, want ErrNoStore", err)
	}
	_, err = readTree(fstest.MapFS{"callmanager-trust/bad.pem": &fstest.MapFile{Data: []byte("hello")}})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Store != "CallManager-trust" || fe.File != "bad.pem" || fe.Path != "callmanager-trust/bad.pem" {
		t.Errorf("bad file: %v (%+v), want a *FileError naming CallManager-trust/bad.pem, at callmanager-trust/bad.pem", err, fe)
	}
}

func TestReadStore(t *testing.T) {
	if _, err := readStore("CallManager", nil); !errors.Is(err, errUnknownStore) {
		t.Errorf("CallManager (a service, not a store): %v", err)
	}
	s, err := readStore("phone-vpn-trust", nil)
	if err != nil || s.Name != "Phone-VPN-trust" {
		t.Errorf("letter case: %v %+v", err, s)
	}
	if s, err := readStore("Custom-trust", nil); err != nil || s.Name != "Custom-trust" {
		t.Errorf("unknown -trust name: %v", err)
	}
	root := makeCA(t, "Root CA", nil)
	two := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Cert.Raw}), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: makeLeaf(t, "x", nil, nil).Raw})...)
	s, err = readStore("tomcat-trust", []File{{Name: "bundle.pem", Data: two}})
	if err != nil || len(s.Entries) != 2 || len(s.Notes) != 1 {
		t.Errorf("a file with two certificates: %v, %d entries, notes %v", err, len(s.Entries), s.Notes)
	}
	key := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: []byte{0x30, 0}})
	if _, err := readStore("tomcat-trust", []File{{Name: "k.pem", Data: key}}); err == nil {
		t.Error("a file with no certificate: no error")
	}
}

// TestFindingJSON checks that a finding prints finding.Finding's JSON form
// with store and file after it, and without them when they are unknown.
func TestFindingJSON(t *testing.T) {
	f := newFinding(codeNotListed, finding.Info, "tomcat-trust", "a.pem", nil, "m")
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"severity":"info","code":"not-listed","message":"m","store":"tomcat-trust","file":"a.pem"}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	b, _ = json.Marshal(newFinding(codeNotListed, finding.Warning, "", "", nil, "m"))
	if want := `{"severity":"warning","code":"not-listed","message":"m"}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}
