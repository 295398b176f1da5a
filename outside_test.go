package certkit_test

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outsideWords name files and folders that a user of the module does not
// have: the notes and scripts certkit was developed with, and the folder
// of other projects' test data beside the repository. No Go source,
// comment, message or document of the repository may mention them, so
// that nothing points a reader at something they cannot open.
//
// The list below is the only place they may appear.
var outsideWords = []string{ // outside-words:begin
	"FIELD.md",
	"score.py",
	"seed workflow",
	"field guide",
	"shared/",
} // outside-words:end

// TestNoTextPointsOutside reads every Go file and every Markdown document
// of the repository (testdata/README.md, README.md, BENCHMARKS.md...) for
// the words of outsideWords, in any letter case.
func TestNoTextPointsOutside(t *testing.T) {
	self, err := filepath.Abs("outside_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var read int
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir // .git, .ci
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".md") {
			return nil
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		read++
		inList := false
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if abs == self {
				// This file's own list is the one exemption.
				if strings.Contains(line, "outside-words:"+"begin") {
					inList = true
				}
				if inList {
					inList = !strings.Contains(line, "outside-words:"+"end")
					continue
				}
			}
			lower := strings.ToLower(line)
			for _, w := range outsideWords {
				if strings.Contains(lower, strings.ToLower(w)) {
					t.Errorf("%s:%d mentions %q, which a user of the module does not have: %s", path, n, w, strings.TrimSpace(line))
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if read < 50 {
		t.Fatalf("read only %d Go and Markdown files; is the test running at the repository root?", read)
	}
}
