package stark_test

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/api.golden")

// exportedAPI lists the package's exported surface, one declaration a
// line: functions and methods with their signatures, types with their
// exported fields, variables and constants.
func exportedAPI(t *testing.T) []string {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	str := func(n any) string {
		var b bytes.Buffer
		printer.Fprint(&b, fset, n)
		return strings.Join(strings.Fields(b.String()), " ")
	}
	var out []string
	for _, f := range pkgs["stark"].Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				recv := ""
				if d.Recv != nil {
					recv = "(" + str(d.Recv.List[0].Type) + ") "
				}
				out = append(out, "func "+recv+d.Name.Name+strings.TrimPrefix(str(d.Type), "func"))
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if !s.Name.IsExported() {
							continue
						}
						st, ok := s.Type.(*ast.StructType)
						if !ok {
							eq := ""
							if s.Assign.IsValid() {
								eq = "= "
							}
							out = append(out, "type "+s.Name.Name+" "+eq+str(s.Type))
							continue
						}
						out = append(out, "type "+s.Name.Name+" struct")
						for _, fl := range st.Fields.List {
							for _, n := range fl.Names {
								if n.IsExported() {
									out = append(out, "field "+s.Name.Name+"."+n.Name+" "+str(fl.Type))
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								out = append(out, d.Tok.String()+" "+n.Name)
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestExportedAPI fails when the exported surface changes without
// testdata/api.golden (go test -update) and docs/embedding.md, which must
// name every exported identifier, changing with it.
func TestExportedAPI(t *testing.T) {
	api := exportedAPI(t)
	got := strings.Join(api, "\n") + "\n"
	if *update {
		if err := os.WriteFile("testdata/api.golden", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/api.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the exported API changed: describe it in docs/embedding.md, then go test -run TestExportedAPI -update\ngot:\n%s\nwant:\n%s", got, want)
	}
	doc, err := os.ReadFile("docs/embedding.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range api {
		fields := strings.Fields(line)
		name := fields[1]
		if fields[0] == "func" && strings.HasPrefix(name, "(") {
			name = strings.TrimSuffix(fields[2], fields[2][strings.IndexByte(fields[2], '('):])
		} else if fields[0] == "field" {
			name = name[strings.IndexByte(name, '.')+1:]
		} else if i := strings.IndexByte(name, '('); i > 0 {
			name = name[:i]
		}
		if !strings.Contains(string(doc), name) {
			t.Errorf("docs/embedding.md does not mention %s (%s)", name, line)
		}
	}
}
