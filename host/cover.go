package host

// This file defines the coverage rule of `stark test --cover`: before each
// statement of a page (and of the modules it loads) a call
// CoverBuiltin(file, line) counts its execution. The rule applies only in
// an app whose predeclared names include CoverBuiltin, which the test runner
// adds when coverage is asked for; a served app has no such name, so its
// pages are compiled without a counter.

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"go.starlark.net/syntax"
)

// CoverBuiltin is called as CoverBuiltin(file, line) before each coverable
// statement: file is the page's absolute path, line the statement's.
const CoverBuiltin = ReservedPrefix + "cover"

// coverable reports whether s counts for coverage: every statement but
// load (which must stay first) and def (a function's body counts, line by
// line, when it is called).
func coverable(s syntax.Stmt) bool {
	switch s.(type) {
	case *syntax.LoadStmt, *syntax.DefStmt:
		return false
	}
	return true
}

// coverRule returns the counter call to insert before s.
func coverRule(file string, s syntax.Stmt) syntax.Stmt {
	if !coverable(s) {
		return nil
	}
	pos, _ := s.Span()
	line := &syntax.Literal{Token: syntax.INT, TokenPos: pos, Raw: strconv.Itoa(int(pos.Line)), Value: int64(pos.Line)}
	return &syntax.ExprStmt{X: callBuiltin(CoverBuiltin, pos, pos, stringLiteral(file, pos), line)}
}

// CoverLines returns the lines of the coverable statements of the file rel
// of the app in root, sorted: the lines coverage counts.
func CoverLines(root, rel string) ([]int, error) {
	abs := filepath.Join(root, filepath.FromSlash(rel))
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	f, err := fileOptions.Parse(abs, src, 0)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	var walk func([]syntax.Stmt)
	walk = func(list []syntax.Stmt) {
		for _, s := range list {
			if coverable(s) {
				pos, _ := s.Span()
				seen[int(pos.Line)] = true
			}
			switch s := s.(type) {
			case *syntax.DefStmt:
				walk(s.Body)
			case *syntax.ForStmt:
				walk(s.Body)
			case *syntax.WhileStmt:
				walk(s.Body)
			case *syntax.IfStmt:
				walk(s.True)
				walk(s.False)
			}
		}
	}
	walk(f.Stmts)
	out := make([]int, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Ints(out)
	return out, nil
}
