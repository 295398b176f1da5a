package finding_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// code is one constant of type finding.Code found in the source.
type code struct {
	pkg, name, value, doc string
}

// findCodes parses every non-test Go file of the module and returns each
// constant declared with type finding.Code (Code inside package finding).
// A constant of that type whose value is not a string literal (such as a
// copy of another package's constant) is reported as an error, since a
// code must be written in exactly one place.
func findCodes(t *testing.T, root string) []code {
	t.Helper()
	var out []code
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if !isCodeType(vs.Type, f.Name.Name) {
					continue
				}
				doc := vs.Doc.Text() + vs.Comment.Text()
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						t.Errorf("%s: %s has no value of its own", fset.Position(n.Pos()), n.Name)
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Errorf("%s: %s is not a string literal; define each code once, where it is reported, or in package finding when several packages report it", fset.Position(n.Pos()), n.Name)
						continue
					}
					v, _ := strconv.Unquote(lit.Value)
					out = append(out, code{pkg: pkg, name: n.Name, value: v, doc: strings.TrimSpace(doc)})
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func isCodeType(e ast.Expr, pkgName string) bool {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "finding" && x.Sel.Name == "Code"
	case *ast.Ident:
		return pkgName == "finding" && x.Name == "Code"
	}
	return false
}

// TestCodesDefinedOnce fails when two constants anywhere in the module
// spell the same code, so that one condition cannot get two definitions
// (chain's and cisco's "expires-before-leaf" once were), when a code has
// no documentation saying what condition it names, and when two codes are
// documented with the same words. That conditions reported by several
// packages do get the same code is checked by behaviour, in
// pkg/cisco's TestSharedConditionsShareCodes.
func TestCodesDefinedOnce(t *testing.T) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	codes := findCodes(t, root)
	if len(codes) < 30 {
		t.Fatalf("found only %d codes; the walk missed packages", len(codes))
	}
	byValue := map[string]code{}
	byDoc := map[string]code{}
	for _, c := range codes {
		if prev, ok := byValue[c.value]; ok {
			t.Errorf("code %q is defined twice: %s.%s and %s.%s", c.value, prev.pkg, prev.name, c.pkg, c.name)
		}
		byValue[c.value] = c
		if c.doc == "" {
			t.Errorf("%s.%s (%q) has no comment saying what condition it names", c.pkg, c.name, c.value)
			continue
		}
		// The condition, without the "CodeX:" label some comments start with.
		cond := strings.ToLower(c.doc)
		if _, after, ok := strings.Cut(cond, ": "); ok && !strings.Contains(strings.SplitN(cond, ": ", 2)[0], " ") {
			cond = after
		}
		if prev, ok := byDoc[cond]; ok {
			t.Errorf("%s.%s and %s.%s are documented as the same condition: %q", prev.pkg, prev.name, c.pkg, c.name, c.doc)
		}
		byDoc[cond] = c
	}
	for _, want := range []string{"weak-signature", "expires-before-leaf", "name-case-mismatch", "missing-eku", "not-anchored", "subject-collision", "key-too-small"} {
		if _, ok := byValue[want]; !ok {
			t.Errorf("code %q not found; the walk missed a package", want)
		}
	}
}
