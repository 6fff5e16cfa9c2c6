package app

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

// TestIDsDocumented: every id constant of ids.go is in the table of
// docs/ui-ids.md, and no two constants share a value.
func TestIDsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "ui-ids.md"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "ids.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			for i, name := range v.Names {
				lit, ok := v.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				id, _ := strconv.Unquote(lit.Value)
				n++
				if other, dup := seen[id]; dup {
					t.Errorf("%s and %s are both %q", other, name.Name, id)
				}
				seen[id] = name.Name
				// Prefixes are documented as set-KEY and err-KEY.
				want := "`" + id + "`"
				if strings.HasSuffix(id, "-") {
					want = "`" + id + "KEY`"
				}
				if !strings.Contains(string(doc), want) {
					t.Errorf("%s (%s) is not documented in docs/ui-ids.md", name.Name, want)
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("found only %d id constants in ids.go", n)
	}
	for _, key := range []string{"hidden", "lr", "fliph"} {
		if !strings.Contains(string(doc), "`"+IDSetting(key)+"`") {
			t.Errorf("%s is not documented", IDSetting(key))
		}
	}
}
