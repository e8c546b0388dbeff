package host

// This file defines compiled programs and the cache that compiles each file
// once per content.

import (
	"crypto/sha256"
	"sync"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// fileOptions are the dialect of every page and module: while loops, top-level
// control flow, global reassignment, sets and recursion (bounded by the step
// budget).
var fileOptions = &syntax.FileOptions{
	Set:             true,
	While:           true,
	TopLevelControl: true,
	GlobalReassign:  true,
	Recursion:       true,
}

// A Program is a compiled page or module, immutable once built and shared by
// every run of every session.
type Program struct {
	Path string // relative to the app root, slash-separated
	Hash [32]byte
	prog *starlark.Program
	// reach maps a function's position (of its def or lambda) to the global
	// names its body refers to, directly or through nested functions. spawn
	// uses it to freeze what a worker can reach.
	reach map[posKey][]string
	loads []loadRef
}

type posKey struct{ line, col int32 }

type loadRef struct {
	module string
	pos    syntax.Position
}

// Loads reports the modules the program loads, in order.
func (p *Program) Loads() []string {
	out := make([]string, len(p.loads))
	for i, l := range p.loads {
		out[i] = l.module
	}
	return out
}

// compile parses and resolves src. isPredeclared reports the names the app
// predeclares; any other free name is a compile error.
func compile(root, abs, rel string, src []byte, isPredeclared func(string) bool) (*Program, error) {
	f, err := fileOptions.Parse(abs, src, 0)
	if err != nil {
		return nil, compileError(root, err)
	}
	prog, err := starlark.FileProgram(f, isPredeclared)
	if err != nil {
		return nil, compileError(root, err)
	}
	p := &Program{Path: rel, Hash: hashOf(src), prog: prog, reach: reachableGlobals(f)}
	for i := 0; i < prog.NumLoads(); i++ {
		m, pos := prog.Load(i)
		p.loads = append(p.loads, loadRef{m, pos})
	}
	return p, nil
}

// reachableGlobals walks the resolved file once and records, for every
// function, the globals named in its body (nested functions included).
func reachableGlobals(f *syntax.File) map[posKey][]string {
	out := make(map[posKey][]string)
	var visit func(fn *resolve.Function)
	visit = func(fn *resolve.Function) {
		seen := make(map[string]bool)
		var names []string
		for _, stmt := range fn.Body {
			syntax.Walk(stmt, func(n syntax.Node) bool {
				switch n := n.(type) {
				case *syntax.Ident:
					if b, ok := n.Binding.(*resolve.Binding); ok && b.Scope == resolve.Global && !seen[n.Name] {
						seen[n.Name] = true
						names = append(names, n.Name)
					}
				case *syntax.DefStmt:
					visit(n.Function.(*resolve.Function))
				case *syntax.LambdaExpr:
					visit(n.Function.(*resolve.Function))
				}
				return true
			})
		}
		// Parameters' default values are evaluated where the function is
		// defined, and are frozen with the function itself.
		out[posKey{fn.Pos.Line, fn.Pos.Col}] = names
	}
	for _, stmt := range f.Stmts {
		syntax.Walk(stmt, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.DefStmt:
				visit(n.Function.(*resolve.Function))
				return false
			case *syntax.LambdaExpr:
				visit(n.Function.(*resolve.Function))
				return false
			}
			return true
		})
	}
	return out
}

// programCache holds the compiled programs of an app, keyed by path and
// content hash, so a file is compiled once per content however many runs use
// it. Old versions are dropped when a new one is stored.
type programCache struct {
	mu       sync.Mutex
	entries  map[string]*Program // by relative path: the latest content
	compiles int
}

func (c *programCache) get(rel string, hash [32]byte) *Program {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.entries[rel]; p != nil && p.Hash == hash {
		return p
	}
	return nil
}

func (c *programCache) put(p *Program) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]*Program)
	}
	c.entries[p.Path] = p
	c.compiles++
}

func hashOf(src []byte) [32]byte { return sha256.Sum256(src) }
