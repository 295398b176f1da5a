package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestWebRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.168.1.10:0", "localhost:0", "[::]:0"} {
		out, stderr, code := cli("web", "--no-open", "--addr", addr)
		if code != exitUsage || out != "" || !strings.Contains(stderr, "loopback") && !strings.Contains(stderr, "127.0.0.1") {
			t.Errorf("web --addr %s: exit %d, stdout %q, stderr %q; want exit 2 naming the loopback rule", addr, code, out, stderr)
		}
	}
	if _, stderr, code := cli("web", "--no-open", "cert.pem"); code != exitUsage || !strings.Contains(stderr, "drop the files on the page") {
		t.Errorf("web with a file: exit %d, %q", code, stderr)
	}
	if _, stderr, code := cli("web", "--idle", "-1s", "--no-open"); code != exitUsage {
		t.Errorf("web --idle -1s: exit %d, %q", code, stderr)
	}
}

func TestWebStartsAndStopsWhenIdle(t *testing.T) {
	out, stderr, code := cli("web", "--no-open", "--idle", "300ms")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "certkit web: open http://127.0.0.1:") || !strings.Contains(out, "/?token=") {
		t.Errorf("stdout %q; want the address with its token", out)
	}
	if !strings.Contains(stderr, "stopped after 300ms without requests") {
		t.Errorf("stderr %q; want the idle stop said", stderr)
	}
	if !strings.Contains(commandList(t), "web") {
		t.Error("certkit -h does not list web")
	}
}

// TestDoubleClick: certkit starts the page only with no arguments in a
// console of its own (a double-click on Windows, where ownConsole asks
// kernel32; elsewhere it is always false), and asks about the console
// only when there are no arguments.
func TestDoubleClick(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		own, want bool
		wantAsked bool
	}{
		{nil, true, true, true},
		{[]string{}, false, false, true},
		{[]string{"web"}, true, false, false},
		{[]string{"-h"}, true, false, false},
		{[]string{""}, true, false, false},
		{[]string{"split", "certnew.p7b"}, false, false, false},
	} {
		asked := false
		got := doubleClick(tc.args, func() bool { asked = true; return tc.own })
		if got != tc.want || asked != tc.wantAsked {
			t.Errorf("args %q, own console %v: double-click %v (console asked: %v); want %v (asked: %v)", tc.args, tc.own, got, asked, tc.want, tc.wantAsked)
		}
	}
	if ownConsole() && runtime.GOOS != "windows" {
		t.Error("ownConsole is true outside Windows")
	}
}

func commandList(t *testing.T) string {
	t.Helper()
	out, _, _ := cli("-h") // help goes to stdout
	return out
}

// postWeb sends files with choices to the running page's API, as the
// page does, and returns the body.
func postWeb(t *testing.T, addr, token, path string, choices map[string]any, files ...string) ([]byte, int) {
	t.Helper()
	var named []namedFile
	for _, f := range files {
		named = append(named, namedFile{filepath.Base(f), f})
	}
	return postNamed(t, addr, token, path, choices, named...)
}

// namedFile is a file the page sends, under the name the browser gives
// it: its path inside a dropped folder, or its own name.
type namedFile struct{ name, path string }

// postNamed is postWeb with the names the page gives the files.
func postNamed(t *testing.T, addr, token, path string, choices map[string]any, files ...namedFile) ([]byte, int) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := mw.CreateFormFile("file", f.name)
		w.Write(data)
	}
	w, _ := mw.CreateFormField("choices")
	json.NewEncoder(w).Encode(choices)
	mw.Close()
	req, _ := http.NewRequest("POST", "http://"+addr+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Certkit-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b, resp.StatusCode
}

// TestWebCUCMIsCucm: the page's CUCM plan, its warnings and its step
// files are what certkit cucm prints and writes.
func TestWebCUCMIsCucm(t *testing.T) {
	s := startWeb(t)
	for _, tc := range []struct {
		name    string
		choices map[string]any
		args    []string
		files   []string
	}{
		{"CallManager", map[string]any{}, nil, []string{sample}},
		{"tomcat", map[string]any{"service": "tomcat"}, []string{"--service", "tomcat"}, []string{sample}},
		{"trunk", map[string]any{"trunk_subject": "vgw1 VGW1.example.com"}, []string{"--trunk-subject", "vgw1 VGW1.example.com"}, []string{sample}},
		{"pem and p7b", map[string]any{}, nil, []string{"../../testdata/cisco/three/root.pem", "../../testdata/cisco/three/issuing.pem", "../../testdata/cisco/three/cucm-pub.pem"}},
		// Two device certificates: the hostname picks one, else a trunk name.
		{"hostname", map[string]any{"hostname": "cucm-pub.example.com"}, []string{"--hostname", "cucm-pub.example.com"}, twoLeaves},
		{"trunk picks", map[string]any{"trunk_subject": "gw1"}, []string{"--trunk-subject", "gw1"}, twoLeaves},
		{"hostname and trunk", map[string]any{"hostname": "gw1", "trunk_subject": "cucm-pub.example.com"}, []string{"--hostname", "gw1", "--trunk-subject", "cucm-pub.example.com"}, twoLeaves},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, code := postWeb(t, s.Addr(), s.Token(), "/api/analyze", tc.choices, tc.files...)
			if code != 200 {
				t.Fatalf("analyze: %d %s", code, b)
			}
			var v struct {
				CUCM struct {
					Service  string
					Warnings []string
					Notes    []string
					Steps    []struct {
						Purpose, Subject, File, SHA256 string
					}
					Trunk []struct{ Name, Verdict string } `json:"trunk_subject"`
				}
			}
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			out, stderr, _ := cli(append(append([]string{"cucm", "-o", dir}, tc.args...), tc.files...)...)
			for _, st := range v.CUCM.Steps {
				if !strings.Contains(out, st.Purpose) || !strings.Contains(out, st.Subject) || !strings.Contains(out, filepath.Join(dir, st.File)) || !strings.Contains(out, st.SHA256) {
					t.Errorf("step %+v is not in certkit cucm's plan:\n%s", st, out)
				}
			}
			if len(v.CUCM.Steps) == 0 {
				t.Errorf("the page shows no step (%s); certkit cucm says:\n%s%s", b, out, stderr)
			}
			for _, n := range v.CUCM.Trunk {
				if line := fmt.Sprintf("  %-24s %s\n", n.Name, n.Verdict); !strings.Contains(out, line) {
					t.Errorf("the page's trunk name %q %q is not in certkit cucm's output:\n%s", n.Name, n.Verdict, out)
				}
			}
			if _, ok := tc.choices["trunk_subject"]; ok && len(v.CUCM.Trunk) == 0 {
				t.Errorf("the page checks no trunk subject name (%s)", b)
			}
			var cliWarnings, cliNotes []string
			for _, l := range strings.Split(stderr, "\n") {
				// The page lists findings as the command prints them:
				// "warning: CODE: MESSAGE", "error: ...".
				if w, ok := strings.CutPrefix(l, "certkit: "); ok && (strings.HasPrefix(w, "warning: ") || strings.HasPrefix(w, "error: ")) {
					cliWarnings = append(cliWarnings, w)
				}
				if n, ok := strings.CutPrefix(l, "certkit: note: "); ok {
					cliNotes = append(cliNotes, n)
				}
			}
			if d := cmp.Diff(cliWarnings, v.CUCM.Warnings, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("warnings (-certkit cucm +page):\n%s", d)
			}
			if d := cmp.Diff(cliNotes, v.CUCM.Notes, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("notes (-certkit cucm +page):\n%s", d)
			}
			zipped, code := postWeb(t, s.Addr(), s.Token(), "/api/cucm.zip", tc.choices, tc.files...)
			if code != 200 {
				t.Fatalf("cucm.zip: %d %s", code, zipped)
			}
			zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
			if err != nil {
				t.Fatal(err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != len(zr.File) || len(entries) == 0 {
				t.Fatalf("cucm.zip holds %d files, certkit cucm -o wrote %d", len(zr.File), len(entries))
			}
			for i, f := range zr.File {
				rc, _ := f.Open()
				got, _ := io.ReadAll(rc)
				want, err := os.ReadFile(filepath.Join(dir, f.Name))
				if err != nil || !bytes.Equal(got, want) || entries[i].Name() != f.Name {
					t.Errorf("cucm.zip's %s differs from certkit cucm -o's files (%v)", f.Name, err)
				}
			}
		})
	}
}

// twoLeaves holds CUCM's and a gateway's certificate, with their CAs.
var twoLeaves = []string{"../../testdata/cisco/three/root.pem", "../../testdata/cisco/three/issuing.pem",
	"../../testdata/cisco/three/cucm-pub.pem", "../../testdata/cisco/three/gateway.pem"}

// TestWebCUCMTwoLeaves: when neither the hostname nor a trunk name picks
// one of several device certificates, the page plans none and says why in
// certkit cucm's words.
func TestWebCUCMTwoLeaves(t *testing.T) {
	s := startWeb(t)
	for _, tc := range []struct {
		name    string
		choices map[string]any
		args    []string
	}{
		{"no name", map[string]any{}, nil},
		{"unknown hostname", map[string]any{"hostname": "gw2"}, []string{"--hostname", "gw2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, code := postWeb(t, s.Addr(), s.Token(), "/api/analyze", tc.choices, twoLeaves...)
			if code != 200 {
				t.Fatalf("analyze: %d %s", code, b)
			}
			var v struct{ CUCM struct{ Error string } }
			json.Unmarshal(b, &v)
			_, stderr, code := cli(append(append([]string{"cucm"}, tc.args...), twoLeaves...)...)
			first, _, _ := strings.Cut(stderr, "\n")
			why := strings.TrimPrefix(first, "certkit: ")
			if code != exitUsage || why == first {
				t.Fatalf("certkit cucm: exit %d, %q; want exit 2 and the leaf choice error", code, stderr)
			}
			if !strings.HasPrefix(v.CUCM.Error, why+"; ") || !strings.Contains(v.CUCM.Error, "hostname") {
				t.Errorf("the page says %q; want certkit cucm's %q, then how to pick one on the page", v.CUCM.Error, why)
			}
			if _, code := postWeb(t, s.Addr(), s.Token(), "/api/cucm.zip", tc.choices, twoLeaves...); code != http.StatusUnprocessableEntity {
				t.Errorf("cucm.zip: %d; want 422", code)
			}
		})
	}
}

// siteFolders are the generated CUCM site's folders as the page gets
// them when they are dropped: each file under its path from the site.
func siteFolders(t *testing.T, dirs ...string) []namedFile {
	t.Helper()
	var out []namedFile
	for _, d := range dirs {
		err := filepath.WalkDir(site(d), func(p string, de os.DirEntry, err error) error {
			if err != nil || de.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(site(""), p)
			out = append(out, namedFile{filepath.ToSlash(rel), p})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// The browser gives a folder's files in no set order.
	slices.Reverse(out)
	return out
}

// TestWebCUCMAuditIsCucmAudit: for the generated site's trust-store
// folders, its show cert list trust text, and the folders of the gateways'
// new certificates and CUCM's own, given their roles, the page's audit is
// certkit cucm audit's: the same counts, actions, findings, notes and
// lines, and the same CSV as -o writes.
func TestWebCUCMAuditIsCucmAudit(t *testing.T) {
	s := startWeb(t)
	list := namedFile{"show-cert-list-trust.txt", site("show-cert-list-trust.txt")}
	for _, tc := range []struct {
		name    string
		choices map[string]any
		files   []namedFile
		args    []string
	}{
		{"roles", map[string]any{"cucm_roles": map[string]string{"gateways/": "gateways", "own/": "own"}},
			append(siteFolders(t, "gateways", "stores", "own"), list),
			[]string{"--gateways", site("gateways"), "--own", site("own"), "--list", site("show-cert-list-trust.txt"), site("stores")}},
		// The whole site's folder dropped: each subfolder is a group.
		{"site folder", map[string]any{"cucm_roles": map[string]string{"site/gateways/": "gateways", "site/own/": "own"}},
			prefixed("site/", append(siteFolders(t, "gateways", "stores", "own"), list, namedFile{"notes.txt", "../../go.mod"})),
			[]string{"--gateways", site("gateways"), "--own", site("own"), "--list", site("show-cert-list-trust.txt"), site("stores")}},
		{"stores alone", map[string]any{}, siteFolders(t, "stores"), []string{site("stores")}},
		{"one store as --store", map[string]any{"cucm_roles": map[string]string{"downloads/": "CallManager-trust"}},
			renamed(siteFolders(t, "stores/CallManager-trust"), "stores/CallManager-trust/", "downloads/"),
			[]string{"--store", "CallManager-trust", site("stores/CallManager-trust")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, code := postNamed(t, s.Addr(), s.Token(), "/api/analyze", tc.choices, tc.files...)
			if code != 200 {
				t.Fatalf("analyze: %d %s", code, b)
			}
			var v struct {
				Chains    []any
				CUCMAudit *struct {
					Stores []struct {
						Name                 string
						Before, After, Files int
						Heading, Count       string
						Actions              []struct{ Code, File, Subject, Expires, Reason, Delete, CLI, SHA256, Successor_SHA256 string }
					}
					Findings []struct{ Severity, Code, Message, Store, File string }
					Notes    []string
					Error    string
				} `json:"cucm_audit"`
			}
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			if v.CUCMAudit == nil || v.CUCMAudit.Error != "" {
				t.Fatalf("no audit on the page (%+v): %.300s", v.CUCMAudit, b)
			}
			if len(v.Chains) != 0 && tc.name == "stores alone" {
				t.Errorf("the trust stores' files are in %d chains; they are for the audit only", len(v.Chains))
			}
			out, stderr, _ := cli(append([]string{"cucm", "audit", "--json"}, tc.args...)...)
			var want auditJSON
			if err := json.Unmarshal([]byte(out), &want); err != nil {
				t.Fatalf("cucm audit --json: %v\n%s", err, stderr)
			}
			text, stderr, _ := cli(append([]string{"cucm", "audit"}, tc.args...)...)
			lines := map[string]bool{}
			for _, l := range strings.Split(text, "\n") {
				lines[strings.TrimSpace(l)] = true
			}
			type act struct{ Code, Store, File, SHA256, Subject, Reason, Successor string }
			var gotStores, wantStores []auditStoreJSON
			var gotActs, wantActs []act
			for _, st := range v.CUCMAudit.Stores {
				gotStores = append(gotStores, auditStoreJSON{Name: st.Name, Before: st.Before, After: st.After})
				if !lines[st.Count] || len(st.Actions) > 0 && !lines[st.Heading] {
					t.Errorf("the page's lines %q and %q are not cucm audit's:\n%s", st.Heading, st.Count, text)
				}
				for _, a := range st.Actions {
					gotActs = append(gotActs, act{a.Code, st.Name, a.File, a.SHA256, a.Subject, a.Reason, a.Successor_SHA256})
					if !lines["delete   "+a.Delete] || !lines["cli      "+a.CLI] || !lines["expires  "+a.Expires] {
						t.Errorf("%s: the page's delete, cli or expires line is not cucm audit's: %+v", a.File, a)
					}
				}
			}
			wantStores = append(wantStores, want.Stores...)
			for _, a := range want.Actions {
				succ := ""
				if a.SuccessorSHA256 != nil {
					succ = *a.SuccessorSHA256
				}
				wantActs = append(wantActs, act{a.Code, a.Store, a.File, a.SHA256, a.Subject, a.Reason, succ})
			}
			if d := cmp.Diff(wantStores, gotStores); d != "" {
				t.Errorf("stores (-cucm audit +page):\n%s", d)
			}
			if d := cmp.Diff(wantActs, gotActs); d != "" {
				t.Errorf("actions (-cucm audit +page):\n%s", d)
			}
			var wantFindings []string
			for _, f := range want.Findings {
				wantFindings = append(wantFindings, fmt.Sprintf("%s (%s): %s [%s %s]", f.Code, f.Severity, f.Message, f.Store, f.File))
			}
			var gotFindings []string
			for _, f := range v.CUCMAudit.Findings {
				gotFindings = append(gotFindings, fmt.Sprintf("%s (%s): %s [%s %s]", f.Code, f.Severity, f.Message, f.Store, f.File))
			}
			if d := cmp.Diff(wantFindings, gotFindings); d != "" {
				t.Errorf("findings (-cucm audit +page):\n%s", d)
			}
			var wantNotes []string
			for _, l := range strings.Split(stderr, "\n") {
				if n, ok := strings.CutPrefix(l, "certkit: note: "); ok {
					wantNotes = append(wantNotes, n)
				}
			}
			if d := cmp.Diff(wantNotes, v.CUCMAudit.Notes, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("notes (-cucm audit +page):\n%s", d)
			}
			if len(wantActs) == 0 {
				t.Fatal("cucm audit recommends nothing: the test would compare empty plans")
			}

			csvFile, code := postNamed(t, s.Addr(), s.Token(), "/api/cucm-audit.csv", tc.choices, tc.files...)
			if code != 200 {
				t.Fatalf("cucm-audit.csv: %d %s", code, csvFile)
			}
			dir := t.TempDir()
			cli(append([]string{"cucm", "audit", "-o", dir}, tc.args...)...)
			wantCSV, err := os.ReadFile(filepath.Join(dir, "cucm-audit.csv"))
			if err != nil || !bytes.Equal(csvFile, wantCSV) {
				t.Errorf("the page's CSV differs from cucm audit -o's (%v):\n%s", err, cmp.Diff(string(wantCSV), string(csvFile)))
			}
		})
	}
}

// prefixed puts the files in the folder dir.
func prefixed(dir string, files []namedFile) []namedFile {
	for i := range files {
		files[i].name = dir + files[i].name
	}
	return files
}

// renamed gives files under the folder from the folder to instead.
func renamed(files []namedFile, from, to string) []namedFile {
	for i := range files {
		files[i].name = to + strings.TrimPrefix(files[i].name, from)
	}
	return files
}

// TestWebCSRIsCsr: the page lints a dropped CSR or IOS capture as
// certkit csr does.
func TestWebCSRIsCsr(t *testing.T) {
	s := startWeb(t)
	for _, f := range []string{"ios-capture.txt", "vgw1.csr", "sha1-1024.csr", "md5.csr", "tampered.csr", "ios-capture-utf16.txt"} {
		path := "../../testdata/csr/" + f
		b, code := postWeb(t, s.Addr(), s.Token(), "/api/analyze", map[string]any{"hostname": "vgw1", "csr_service": "CallManager"}, path)
		if code != 200 {
			t.Fatalf("%s: %d %s", f, code, b)
		}
		var v struct {
			Requests []struct {
				Subject  string
				Findings []struct{ Severity, Code, Message string }
			}
		}
		json.Unmarshal(b, &v)
		out, stderr, _ := cli("csr", "--hostname", "vgw1", "--service", "CallManager", path)
		if len(v.Requests) != 1 {
			t.Errorf("%s: the page lints %d requests; certkit csr reads one (%s)", f, len(v.Requests), stderr)
			continue
		}
		if !strings.Contains(out, "subject:             "+v.Requests[0].Subject+"\n") {
			t.Errorf("%s: subject %q is not certkit csr's:\n%s", f, v.Requests[0].Subject, out)
		}
		var want []string
		for _, l := range strings.Split(out[strings.Index(out, "findings:"):], "\n")[1:] {
			if l = strings.TrimSpace(l); l != "" {
				want = append(want, strings.Join(strings.Fields(l), " "))
			}
		}
		var got []string
		for _, fd := range v.Requests[0].Findings {
			got = append(got, strings.Join(strings.Fields(fd.Severity+" "+fd.Code+": "+fd.Message), " "))
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: findings (-certkit csr +page):\n%s", f, d)
		}
	}
}

// TestWebPasteTwoLeaves: with the CUCM and the gateway certificates among
// the files, the page asks for the hostname rather than guess, and with it
// gives issuer-for --ios's text for the gateway.
func TestWebPasteTwoLeaves(t *testing.T) {
	s := startWeb(t)
	dir := "../../testdata/cisco/three/"
	files := []string{dir + "root.pem", dir + "issuing.pem", dir + "cucm-pub.pem", dir + "gateway.pem"}
	type paste struct {
		Paste struct{ Text, Error, Gateway string }
	}
	get := func(choices map[string]any) paste {
		b, code := postWeb(t, s.Addr(), s.Token(), "/api/analyze", choices, files...)
		if code != 200 {
			t.Fatalf("analyze: %d %s", code, b)
		}
		var p paste
		json.Unmarshal(b, &p)
		return p
	}
	p := get(map[string]any{"trustpoint": "tp1"})
	if p.Paste.Text != "" || !strings.Contains(p.Paste.Error, `CN=cucm-pub.example.com`) || !strings.Contains(p.Paste.Error, `CN=gw1`) || !strings.Contains(p.Paste.Error, "hostname") {
		t.Errorf("two leaves, no hostname: %+v; want no text and an error naming both and asking for the hostname", p.Paste)
	}
	// The trustpoint, when it is the gateway's CN, picks it too.
	if p := get(map[string]any{"trustpoint": "gw1"}); p.Paste.Gateway != "gw1" {
		t.Errorf("trustpoint gw1: gateway %q", p.Paste.Gateway)
	}
	p = get(map[string]any{"trustpoint": "tp1", "hostname": "gw1"})
	want, stderr, _ := cli("issuer-for", "--ios", "tp1", dir+"gateway.pem", dir+"issuing.pem", dir+"root.pem")
	if p.Paste.Gateway != "gw1" || p.Paste.Text != want {
		t.Errorf("with the hostname: gateway %q, text differs from issuer-for --ios (%s):\n%s", p.Paste.Gateway, stderr, cmp.Diff(want, p.Paste.Text))
	}
}

// TestWebIOSAuditIsIosAudit: for IOS configurations and show captures,
// the page's audit is certkit ios audit --json's report.
func TestWebIOSAuditIsIosAudit(t *testing.T) {
	s := startWeb(t)
	dir := t.TempDir()
	var files []string
	for _, f := range []string{"config/full-config.txt", "fleet/verybiggw.cfg", "fleet/oldgw.cfg"} {
		data, err := os.ReadFile("../../testdata/ios/" + f)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.Base(f))
		os.WriteFile(p, data, 0o644)
		files = append(files, p)
	}
	b, code := postWeb(t, s.Addr(), s.Token(), "/api/analyze", map[string]any{}, append(files, sample)...)
	if code != 200 {
		t.Fatalf("analyze: %d %s", code, b)
	}
	var v struct {
		IOSAudit any `json:"ios_audit"`
	}
	json.Unmarshal(b, &v)
	out, stderr, _ := cli(append([]string{"ios", "audit", "--json"}, files...)...)
	var want any
	if err := json.Unmarshal([]byte(strings.ReplaceAll(out, dir+string(filepath.Separator), "")), &want); err != nil {
		t.Fatalf("ios audit --json: %v: %s", err, stderr)
	}
	if v.IOSAudit == nil {
		t.Fatal("the page has no IOS audit")
	}
	if d := cmp.Diff(want, v.IOSAudit); d != "" {
		t.Errorf("audit (-certkit ios audit --json +page):\n%s", d)
	}
	// A bundle alone has no audit.
	b, _ = postWeb(t, s.Addr(), s.Token(), "/api/analyze", map[string]any{}, sample)
	if strings.Contains(string(b), `"ios_audit"`) {
		t.Error("certnew.p7b alone gets an IOS audit")
	}
}
