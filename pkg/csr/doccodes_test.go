package csr

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

// TestDocListsEveryCode keeps the package doc's Findings section in step
// with the code constants: every constant of type finding.Code declared in
// the package's non-test files must appear in the doc as a list item
// "  - CODE: ...", with its exact string, so that a script author reading
// the doc finds every code Lint reports.
func TestDocListsEveryCode(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	codes := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Doc != nil {
			doc += f.Doc.Text()
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				sel, ok := vs.Type.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Code" {
					continue
				}
				for i, n := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s is not a string literal", n.Name)
					}
					v, _ := strconv.Unquote(lit.Value)
					codes[n.Name] = v
				}
			}
		}
	}
	if len(codes) == 0 {
		t.Fatal("no code constants found")
	}
	if doc == "" {
		if _, err := os.Stat("doc.go"); err != nil {
			t.Fatal("no package doc (doc.go)")
		}
	}
	for name, v := range codes {
		if !strings.Contains(doc, "  - "+v+": ") {
			t.Errorf("%s (%q) is not in the package doc's Findings list", name, v)
		}
	}
}
