package host

// This file defines the rewrite of a parsed file before it is resolved and
// compiled: operations that the interpreter would carry out where the host
// cannot see them are routed through the host's own builtins, with the same
// semantics. go.starlark.net is a dependency used unmodified; owning the
// compilation is how the host reaches inside it.

import (
	"fmt"
	"strconv"
	"strings"

	"go.starlark.net/syntax"
)

// ReservedPrefix starts the names of the builtins that rewritten code calls.
// A page may not use such a name: its own binding would capture the calls.
const ReservedPrefix = "__stark_"

// Names of the builtins that rewritten code calls; the app's predeclared
// names must include every one (starlib's do).
const (
	// AttrBuiltin is called as AttrBuiltin(x, "name") for x.name where name
	// is one of [threadAttrs]: attributes whose value depends on the calling
	// thread's ScriptRunContext, which an attribute lookup cannot see.
	AttrBuiltin = ReservedPrefix + "attr"
)

// threadAttrs are the attribute names whose selection goes through
// [AttrBuiltin]: st.session_state and st.query_params resolve the run
// through the calling thread, never through the value they were read on.
var threadAttrs = map[string]bool{"session_state": true, "query_params": true}

// A rewriteRule returns the expression that replaces e, or nil to keep it.
// Rules see an expression after its operands were rewritten. builtin is the
// reserved name the replacement calls: an app that does not predeclare it
// (a host test's bare app) compiles without the rule.
type rewriteRule struct {
	builtin string
	apply   func(e syntax.Expr) syntax.Expr
}

// rewriteRules are applied to every expression of every file, in order.
var rewriteRules = []rewriteRule{
	{AttrBuiltin, threadAttrRule},
}

// threadAttrRule turns x.session_state into __stark_attr(x, "session_state").
func threadAttrRule(e syntax.Expr) syntax.Expr {
	dot, ok := e.(*syntax.DotExpr)
	if !ok || !threadAttrs[dot.Name.Name] {
		return nil
	}
	return callBuiltin(AttrBuiltin, dot.Dot, dot.Name.NamePos, dot.X, stringLiteral(dot.Name.Name, dot.Name.NamePos))
}

// callBuiltin makes a call of the reserved builtin name with args, placed at
// pos so that errors and backtraces point at the source it replaces.
func callBuiltin(name string, pos, end syntax.Position, args ...syntax.Expr) *syntax.CallExpr {
	return &syntax.CallExpr{
		Fn:     &syntax.Ident{NamePos: pos, Name: name},
		Lparen: pos,
		Args:   args,
		Rparen: end,
	}
}

func stringLiteral(s string, pos syntax.Position) *syntax.Literal {
	return &syntax.Literal{Token: syntax.STRING, TokenPos: pos, Raw: strconv.Quote(s), Value: s}
}

// rewriteFile applies the rules whose builtin is predeclared to every
// expression of f, in place. It fails when the file names a reserved
// identifier.
func rewriteFile(f *syntax.File, isPredeclared func(string) bool) error {
	var err error
	syntax.Walk(f, func(n syntax.Node) bool {
		if id, ok := n.(*syntax.Ident); ok && strings.HasPrefix(id.Name, ReservedPrefix) && err == nil {
			err = syntax.Error{Pos: id.NamePos, Msg: fmt.Sprintf("names beginning with %s are reserved for stark", ReservedPrefix)}
		}
		return err == nil
	})
	if err != nil {
		return err
	}
	var r rewriter
	for _, rule := range rewriteRules {
		if isPredeclared(rule.builtin) {
			r.rules = append(r.rules, rule.apply)
		}
	}
	if len(r.rules) > 0 {
		r.stmts(f.Stmts)
	}
	return nil
}

// rewriter walks statements and expressions, replacing each expression by
// what the first matching rule returns. Binding positions (assignment
// targets, loop variables, parameters, keyword names) are walked for their
// operands only, never replaced themselves.
type rewriter struct {
	rules []func(syntax.Expr) syntax.Expr
}

func (r *rewriter) stmts(list []syntax.Stmt) {
	for _, s := range list {
		r.stmt(s)
	}
}

func (r *rewriter) stmt(s syntax.Stmt) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		s.LHS = r.target(s.LHS)
		s.RHS = r.expr(s.RHS)
	case *syntax.ExprStmt:
		s.X = r.expr(s.X)
	case *syntax.DefStmt:
		r.params(s.Params)
		r.stmts(s.Body)
	case *syntax.ForStmt:
		s.Vars = r.target(s.Vars)
		s.X = r.expr(s.X)
		r.stmts(s.Body)
	case *syntax.WhileStmt:
		s.Cond = r.expr(s.Cond)
		r.stmts(s.Body)
	case *syntax.IfStmt:
		s.Cond = r.expr(s.Cond)
		r.stmts(s.True)
		r.stmts(s.False)
	case *syntax.ReturnStmt:
		if s.Result != nil {
			s.Result = r.expr(s.Result)
		}
	case *syntax.LoadStmt, *syntax.BranchStmt:
	}
}

// params rewrites the default values of parameters (name=default).
func (r *rewriter) params(ps []syntax.Expr) {
	for _, p := range ps {
		if b, ok := p.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
			b.Y = r.expr(b.Y)
		}
	}
}

// target rewrites the operands of an assignment target: x in x.f = v or
// x[i] = v, but not the target itself.
func (r *rewriter) target(e syntax.Expr) syntax.Expr {
	switch t := e.(type) {
	case *syntax.DotExpr:
		t.X = r.expr(t.X)
	case *syntax.IndexExpr:
		t.X = r.expr(t.X)
		t.Y = r.expr(t.Y)
	case *syntax.ParenExpr:
		t.X = r.target(t.X)
	case *syntax.TupleExpr:
		for i, x := range t.List {
			t.List[i] = r.target(x)
		}
	case *syntax.ListExpr:
		for i, x := range t.List {
			t.List[i] = r.target(x)
		}
	}
	return e
}

func (r *rewriter) exprs(list []syntax.Expr) {
	for i, x := range list {
		list[i] = r.expr(x)
	}
}

func (r *rewriter) expr(e syntax.Expr) syntax.Expr {
	switch x := e.(type) {
	case nil:
		return nil
	case *syntax.BinaryExpr:
		x.X = r.expr(x.X)
		x.Y = r.expr(x.Y)
	case *syntax.CallExpr:
		x.Fn = r.expr(x.Fn)
		for i, a := range x.Args {
			if kw, ok := a.(*syntax.BinaryExpr); ok && kw.Op == syntax.EQ {
				kw.Y = r.expr(kw.Y) // name=value: the name stays
				continue
			}
			x.Args[i] = r.expr(a)
		}
	case *syntax.Comprehension:
		for _, c := range x.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				c.Vars = r.target(c.Vars)
				c.X = r.expr(c.X)
			case *syntax.IfClause:
				c.Cond = r.expr(c.Cond)
			}
		}
		x.Body = r.expr(x.Body)
	case *syntax.CondExpr:
		x.Cond = r.expr(x.Cond)
		x.True = r.expr(x.True)
		x.False = r.expr(x.False)
	case *syntax.DictEntry:
		x.Key = r.expr(x.Key)
		x.Value = r.expr(x.Value)
	case *syntax.DictExpr:
		r.exprs(x.List)
	case *syntax.DotExpr:
		x.X = r.expr(x.X)
	case *syntax.IndexExpr:
		x.X = r.expr(x.X)
		x.Y = r.expr(x.Y)
	case *syntax.LambdaExpr:
		r.params(x.Params)
		x.Body = r.expr(x.Body)
	case *syntax.ListExpr:
		r.exprs(x.List)
	case *syntax.ParenExpr:
		x.X = r.expr(x.X)
	case *syntax.SliceExpr:
		x.X = r.expr(x.X)
		x.Lo = r.expr(x.Lo)
		x.Hi = r.expr(x.Hi)
		x.Step = r.expr(x.Step)
	case *syntax.TupleExpr:
		r.exprs(x.List)
	case *syntax.UnaryExpr:
		x.X = r.expr(x.X)
	case *syntax.Ident, *syntax.Literal:
	}
	for _, rule := range r.rules {
		if out := rule(e); out != nil {
			return out
		}
	}
	return e
}
