package certkit_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoPath is a path inside the repository as doc.go writes one.
var repoPath = regexp.MustCompile(`\b(?:cmd|internal|pkg|testdata)/[A-Za-z0-9_./-]*[A-Za-z0-9_]`)

// TestLayoutNamesRealFiles keeps doc.go's "How the code is laid out" true:
// every file it names as the one place of a rule exists, so that the map
// cannot point at a file that was renamed or split. The larger pieces it
// places may still be being written: each must exist, or at least the
// folder it goes into.
func TestLayoutNamesRealFiles(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "// # How the code is laid out\n")
	if !ok {
		t.Fatal(`doc.go has no "# How the code is laid out" section`)
	}
	if end := strings.Index(section, "\n//\n// The test certificates"); end >= 0 {
		section = section[:end]
	}
	rules, pieces, ok := strings.Cut(section, "// The larger pieces")
	if !ok {
		t.Fatal(`doc.go's layout section lost its paragraph on "The larger pieces"`)
	}
	ruleFiles := repoPath.FindAllString(rules, -1)
	if len(ruleFiles) < 11 {
		t.Fatalf("the layout names %d rule files, want at least 11 (one for each rule): %q", len(ruleFiles), ruleFiles)
	}
	for _, p := range ruleFiles {
		st, err := os.Stat(filepath.FromSlash(p))
		switch {
		case err != nil:
			t.Errorf("doc.go names %s as the one place of a rule, but it does not exist", p)
		case st.IsDir():
			t.Errorf("doc.go names %s as the one place of a rule: name the file, not the folder", p)
		}
	}
	for _, p := range repoPath.FindAllString(pieces, -1) {
		if _, err := os.Stat(filepath.FromSlash(p)); err == nil {
			continue
		}
		parent := filepath.Dir(filepath.FromSlash(p))
		if st, err := os.Stat(parent); err != nil || !st.IsDir() {
			t.Errorf("doc.go places a piece at %s, but neither it nor its folder %s exists", p, parent)
			continue
		}
		t.Logf("%s is not written yet; its folder %s exists", p, parent)
	}
}
