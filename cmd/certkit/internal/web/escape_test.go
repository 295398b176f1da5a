package web

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/voicepki/certkit/internal/x509text"
)

// unprintable walks decoded JSON and returns the path and value of each
// string a page would show with characters that reorder or hide text or
// act as controls, but for those under skip (keys whose values are the
// page's own, such as its files' names, which it matches by).
func unprintable(v any, path string, skip map[string]bool) []string {
	var out []string
	switch x := v.(type) {
	case string:
		if strings.HasSuffix(path, ".paste.text") {
			x = strings.ReplaceAll(x, "\n", "") // the paste session's lines
		}
		if x509text.Printable(x) != x {
			out = append(out, fmt.Sprintf("%s: %q", path, x))
		}
	case []any:
		for i, e := range x {
			out = append(out, unprintable(e, fmt.Sprintf("%s[%d]", path, i), skip)...)
		}
	case map[string]any:
		for k, e := range x {
			if !skip[k] {
				out = append(out, unprintable(e, path+"."+k, skip)...)
			}
		}
	}
	return out
}

// TestPageShowsNothingThatDrivesTheTerminal: the page's analysis of the
// hostile files (subjects, SANs, AIA URLs, a CSR, an IOS configuration,
// a store folder whose file names carry escapes) holds, in every string it
// shows, control characters and right-to-left overrides escaped as \XX,
// as the command prints them. Only the files' own names (which the page
// sent and matches by) and the SANs of the IOS audit's JSON (certkit ios
// audit --json's exact values, which the page does not show) are left
// out; the JSON holds no DEL, C1 control or override raw at all.
func TestPageShowsNothingThatDrivesTheTerminal(t *testing.T) {
	s := start(t, Options{})
	files := []file{
		testFile(t, "hostile/escapes/vgw9.pem"), testFile(t, "hostile/escapes/vgw10.pem"), testFile(t, "hostile/escapes/root.pem"),
		testFile(t, "hostile/escapes/vgw9.csr"), testFile(t, "hostile/escapes/vgw9-config.txt"),
	}
	root := testFile(t, "hostile/escapes/root.pem")
	files = append(files, file{"stores/CallManager-trust/root.pem", root.data}, file{"stores/CallManager-trust/root-again.pem", root.data})
	// The page sends the names as the browser has them in its choices:
	// the multipart header cannot carry control characters.
	var names []string
	for _, f := range files {
		names = append(names, f.name)
	}
	names[len(names)-1] = "stores/CallManager-trust/root\x1b]0;pwned\x07.pem" // a duplicate: an action names it
	body, ct := form(t, &Choices{Trustpoint: "vgw9", Hostname: "vgw9", TrunkSubject: "vgw9.example.com", CSRService: "CallManager", Names: names}, files...)
	resp := call(t, s, "POST", "/api/analyze", body, ct, nil)
	b := readBody(t, resp)
	if resp.StatusCode != 200 {
		t.Fatalf("analyze: %s: %s", resp.Status, b)
	}
	for i, c := range string(b) {
		if c == 0x7f || c >= 0x80 && c < 0xa0 || c == '\u202e' {
			t.Fatalf("the JSON holds %q raw at byte %d", c, i)
		}
	}
	if !strings.Contains(string(b), `root\\1B]0;pwned\\07.pem`) {
		t.Errorf("the audit does not name the file with escapes as the page shows it:\n%s", b)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	for _, bad := range unprintable(v, "", map[string]bool{"names": true}) {
		if strings.HasPrefix(bad, ".files[") && strings.Contains(bad, "].name:") {
			continue // the page's own name for the file it sent
		}
		if strings.HasPrefix(bad, ".ios_audit.") && strings.Contains(bad, "].sans[") {
			continue // certkit ios audit --json's exact values, which the page does not show
		}
		t.Error(bad)
	}
}
