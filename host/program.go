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
	// binds maps each global to the places the file binds it. spawn
	// refuses a worker that reaches a global the page may bind again.
	binds map[string]*bindSites
	loads []loadRef
	// src is the file as written, and bodies where each function's body
	// is in it (FunctionSource, for st.echo).
	src    []byte
	bodies map[posKey]bodySpan
}

// bindSites are the places a file binds one global name.
type bindSites struct {
	at     []syntax.Position
	inLoop bool // one of them is in the body of a top-level for or while
}

// settled reports whether the global, once bound, is never bound again: it
// has one binding, run at most once.
func (b *bindSites) settled() bool { return len(b.at) == 1 && !b.inLoop }

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
		return nil, compileError(root, err).withSnippet(src)
	}
	bodies := functionBodies(f)
	if err := rewriteFile(f, isPredeclared); err != nil {
		return nil, compileError(root, err).withSnippet(src)
	}
	prog, err := starlark.FileProgram(f, isPredeclared)
	if err != nil {
		return nil, compileError(root, err).withSnippet(src)
	}
	p := &Program{Path: rel, Hash: hashOf(src), prog: prog, reach: reachableGlobals(f), binds: globalBindings(f), src: src, bodies: bodies}
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

// globalBindings records where the file binds each global: assignments
// (augmented ones too), for-loop variables, def and load, all at top level,
// the only place globals are bound.
func globalBindings(f *syntax.File) map[string]*bindSites {
	out := make(map[string]*bindSites)
	bind := func(id *syntax.Ident, inLoop bool) {
		if b, ok := id.Binding.(*resolve.Binding); !ok || b.Scope != resolve.Global {
			return
		}
		s := out[id.Name]
		if s == nil {
			s = &bindSites{}
			out[id.Name] = s
		}
		s.at = append(s.at, id.NamePos)
		s.inLoop = s.inLoop || inLoop
	}
	var bindLHS func(e syntax.Expr, inLoop bool)
	bindLHS = func(e syntax.Expr, inLoop bool) {
		switch e := e.(type) {
		case *syntax.Ident:
			bind(e, inLoop)
		case *syntax.ParenExpr:
			bindLHS(e.X, inLoop)
		case *syntax.TupleExpr:
			for _, x := range e.List {
				bindLHS(x, inLoop)
			}
		case *syntax.ListExpr:
			for _, x := range e.List {
				bindLHS(x, inLoop)
			}
		}
	}
	var stmts func(list []syntax.Stmt, inLoop bool)
	stmts = func(list []syntax.Stmt, inLoop bool) {
		for _, st := range list {
			switch st := st.(type) {
			case *syntax.AssignStmt:
				bindLHS(st.LHS, inLoop)
			case *syntax.DefStmt:
				bind(st.Name, inLoop)
			case *syntax.LoadStmt:
				for _, id := range st.To {
					bind(id, inLoop)
				}
			case *syntax.ForStmt:
				bindLHS(st.Vars, true)
				stmts(st.Body, true)
			case *syntax.WhileStmt:
				stmts(st.Body, true)
			case *syntax.IfStmt:
				stmts(st.True, inLoop)
				stmts(st.False, inLoop)
			}
		}
	}
	stmts(f.Stmts, false)
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

// put stores p as the latest program of its path and returns the program
// that callers must use: the one already stored when another caller
// compiled the same content meanwhile, so that every run shares one
// program per content (cache keys and spawn's analysis rely on it). then
// is called with that program under the cache's lock.
func (c *programCache) put(p *Program, then func(*Program)) *Program {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]*Program)
	}
	if e := c.entries[p.Path]; e != nil && e.Hash == p.Hash {
		p = e
	} else {
		c.entries[p.Path] = p
		c.compiles++
	}
	then(p)
	return p
}

func hashOf(src []byte) [32]byte { return sha256.Sum256(src) }
