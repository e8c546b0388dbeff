// Package layers holds the test that keeps stark's packages importing one
// way: the table "Packages and what each may import" of
// docs/DESIGN-notes.md is the rule, and this test reads it.
package layers

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/stark-dev/stark/"

// rules reads the table of docs/DESIGN-notes.md: its rows are
//
//	| `pkg` | `dep`, `dep`, … |
//
// under the heading "## Packages and what each may import". A dependency
// ending in "/..." admits every package under it; "go.starlark.net" admits
// the interpreter's packages, which no other package may import.
func rules(t *testing.T) map[string][]string {
	f, err := os.Open(filepath.Join("..", "..", "docs", "DESIGN-notes.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## Packages and what each may import"
			continue
		}
		if !in || !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		pkg := strings.Trim(strings.TrimSpace(cells[1]), "`")
		var deps []string
		for _, d := range strings.Split(cells[2], ",") {
			if d = strings.Trim(strings.TrimSpace(d), "`"); d != "" && d != "—" {
				deps = append(deps, d)
			}
		}
		out[pkg] = deps
	}
	if len(out) == 0 {
		t.Fatal(`docs/DESIGN-notes.md has no table under "## Packages and what each may import"`)
	}
	return out
}

func allowed(dep string, deps []string) bool {
	for _, d := range deps {
		if d == dep || (strings.HasSuffix(d, "/...") && strings.HasPrefix(dep, strings.TrimSuffix(d, "..."))) {
			return true
		}
	}
	return false
}

// TestImportDirection fails when a package of the module imports another
// (or the interpreter) against the table, or is missing from it. Test files
// are not held to it: a package's tests may drive it from above.
func TestImportDirection(t *testing.T) {
	table := rules(t)
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, module+"...")
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		if fields[0]+"/" == module {
			pkg = "." // the embedding package at the module's root
		}
		if pkg == "internal/layers" {
			continue
		}
		seen[pkg] = true
		deps, ok := table[pkg]
		if !ok {
			t.Errorf("package %s is not in docs/DESIGN-notes.md's table of imports: add it, with what it may import", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			var dep string
			switch {
			case imp+"/" == module:
				dep = "."
			case strings.HasPrefix(imp, module):
				dep = strings.TrimPrefix(imp, module)
			case imp == "go.starlark.net" || strings.HasPrefix(imp, "go.starlark.net/"):
				dep = "go.starlark.net"
			default:
				continue
			}
			if dep != pkg && !allowed(dep, deps) {
				t.Errorf("%s imports %s, against docs/DESIGN-notes.md (it may import %s)", pkg, imp, strings.Join(deps, ", "))
			}
		}
	}
	var stale []string
	for pkg := range table {
		if !seen[pkg] {
			stale = append(stale, pkg)
		}
	}
	sort.Strings(stale)
	for _, pkg := range stale {
		t.Errorf("docs/DESIGN-notes.md lists %s, which is not a package of the module", pkg)
	}
}
