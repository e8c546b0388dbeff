package apptest

// This file defines the coverage of `stark test --cover`: which statements
// of the app's pages (and of the modules they load) the tests ran. The app
// the tests run is given host.CoverBuiltin, so that its pages are compiled
// with a counter call before each statement (host/cover.go); a served app
// never has it.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// A Coverage counts the executions of the statements of an app's files.
type Coverage struct {
	root string
	mu   sync.Mutex
	hits map[string]map[int]int // by file (relative to root), by line
}

func newCoverage(root string) *Coverage {
	return &Coverage{root: root, hits: map[string]map[int]int{}}
}

// builtin is host.CoverBuiltin(file, line).
func (c *Coverage) builtin() *starlark.Builtin {
	return starlark.NewBuiltin(host.CoverBuiltin, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		if len(args) != 2 {
			return starlark.None, nil
		}
		file, _ := starlark.AsString(args[0])
		line, _ := starlark.AsInt32(args[1])
		c.mu.Lock()
		m := c.hits[file]
		if m == nil {
			m = map[int]int{}
			c.hits[file] = m
		}
		m[line]++
		c.mu.Unlock()
		return starlark.None, nil
	})
}

// A FileCoverage is the coverage of one file.
type FileCoverage struct {
	File       string      // relative to the app directory, slash-separated
	Statements int         // how many lines hold a statement
	Covered    int         // how many of them ran
	Lines      []int       // the statement lines, sorted
	Hits       map[int]int // executions by line
}

// Percent is the share of the statements that ran.
func (f FileCoverage) Percent() float64 {
	if f.Statements == 0 {
		return 100
	}
	return 100 * float64(f.Covered) / float64(f.Statements)
}

// Files returns the coverage of the app's pages and of every file a test
// ran, in path order. A page no test ran is at 0%.
func (c *Coverage) Files(pages []string) []FileCoverage {
	c.mu.Lock()
	byRel := map[string]map[int]int{}
	for abs, m := range c.hits {
		rel, err := filepath.Rel(c.root, abs)
		if err != nil {
			continue
		}
		cp := make(map[int]int, len(m))
		for l, n := range m {
			cp[l] = n
		}
		byRel[filepath.ToSlash(rel)] = cp
	}
	c.mu.Unlock()
	for _, p := range pages {
		if byRel[p] == nil {
			byRel[p] = map[int]int{}
		}
	}
	var out []FileCoverage
	for rel, hits := range byRel {
		lines, err := host.CoverLines(c.root, rel)
		if err != nil {
			continue
		}
		fc := FileCoverage{File: rel, Statements: len(lines), Lines: lines, Hits: hits}
		for _, l := range lines {
			if hits[l] > 0 {
				fc.Covered++
			}
		}
		out = append(out, fc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// WriteCoverSummary prints a line per file, its share of statements run,
// and the total.
func WriteCoverSummary(w io.Writer, files []FileCoverage) {
	width := 0
	for _, f := range files {
		width = max(width, len(f.File))
	}
	var stmts, covered int
	for _, f := range files {
		fmt.Fprintf(w, "cover %-*s %5.1f%% of %d statements\n", width, f.File, f.Percent(), f.Statements)
		stmts += f.Statements
		covered += f.Covered
	}
	total := FileCoverage{Statements: stmts, Covered: covered}
	fmt.Fprintf(w, "cover %-*s %5.1f%% of %d statements\n", width, "total", total.Percent(), stmts)
}

// WriteCoverListing writes each file's source with, in front of each line
// holding a statement, how many times it ran; a statement that never ran
// is marked "!".
func WriteCoverListing(w io.Writer, root string, files []FileCoverage) error {
	for _, f := range files {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.File)))
		if err != nil {
			return err
		}
		stmt := map[int]bool{}
		for _, l := range f.Lines {
			stmt[l] = true
		}
		fmt.Fprintf(w, "== %s: %.1f%% of %d statements\n", f.File, f.Percent(), f.Statements)
		sc := bufio.NewScanner(bytes.NewReader(src))
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for n := 1; sc.Scan(); n++ {
			text := strings.TrimRight(sc.Text(), " \t\r")
			switch {
			case !stmt[n]:
				fmt.Fprintf(w, "       | %s\n", text)
			case f.Hits[n] == 0:
				fmt.Fprintf(w, "!    0 | %s\n", text)
			default:
				fmt.Fprintf(w, "%6d | %s\n", f.Hits[n], text)
			}
		}
	}
	return nil
}
