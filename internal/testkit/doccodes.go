package testkit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// DocListsConsts checks that the package doc comment of the package in dir
// (its non-test files) lists, under the heading "# "+heading, every string
// constant of the package whose name starts with prefix (such as "code"
// for its finding codes), each as the first word of a line with its exact
// string (in a table, or as a list item "- value: ..." or "- "value": ...",
// the quotes and colon left out): the doc is the table of stable strings a caller compares with,
// and this keeps it from drifting. It also fails when the package has no
// such constant, so that a renamed prefix is not checked by nothing.
func DocListsConsts(t testing.TB, dir, heading, prefix string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var doc string
	consts := map[string]string{} // name -> string value
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, p, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Doc != nil {
			doc += f.Doc.Text()
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !strings.HasPrefix(n.Name, prefix) || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					consts[n.Name] = v
				}
			}
		}
	}
	if len(consts) == 0 {
		t.Fatalf("%s: no string constant named %s*", dir, prefix)
	}
	_, section, ok := strings.Cut(doc, "# "+heading+"\n")
	if !ok {
		t.Fatalf("%s: the package doc has no section # %s", dir, heading)
	}
	if end := strings.Index(section, "\n# "); end >= 0 {
		section = section[:end]
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(section, "\n") {
		fields := strings.Fields(line)
		if len(fields) > 1 && fields[0] == "-" {
			fields = fields[1:] // a list item
		}
		if len(fields) > 0 {
			listed[strings.Trim(strings.TrimSuffix(fields[0], ":"), "\"`")] = true
		}
	}
	for name, v := range consts {
		if !listed[v] {
			t.Errorf("%s: %s (%q) is not listed under # %s in the package doc", dir, name, v, heading)
		}
	}
}
