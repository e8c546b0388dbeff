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

	// MulBuiltin is called as MulBuiltin(x, y) for x * y (and x *= y) that
	// may repeat a string, bytes, list or tuple, or multiply big ints: it
	// asks [Sandbox.Alloc] for the size of the result, then does what the
	// interpreter does.
	MulBuiltin = ReservedPrefix + "mul"
	// ModBuiltin is called as ModBuiltin(x, y) for x % y (and x %= y) that
	// may interpolate a string: it bounds the depth and the size of what
	// %s and %r print, then does what the interpreter does.
	ModBuiltin = ReservedPrefix + "mod"
	// FormatBuiltin is called as FormatBuiltin(id, format, x) for
	// format % x where format is a string literal: id names the literal's
	// parse (FormatFor), so that a run does not read the format again. The
	// builtin bounds what %s and %r print, as ModBuiltin does, then
	// formats with stark's own formatter ([Format.Interpolate]).
	FormatBuiltin = ReservedPrefix + "format"
	// RecvBuiltin is called as RecvBuiltin(x) for the receiver of a call
	// x.name(...) of a method of [GuardedMethods]: it returns x itself, or,
	// for a receiver whose method of that name can build a large result in
	// one step (a string's replace, a list's extend), a value whose method
	// measures the result first and then calls the real one.
	RecvBuiltin = ReservedPrefix + "recv"
	// AddendBuiltin is called as AddendBuiltin(y) for the right operand of
	// x += y: it returns y, after bounding what a list's += would append
	// from a lazy sequence (a range).
	AddendBuiltin = ReservedPrefix + "addend"
	// MagicBuiltin is called as MagicBuiltin(x) (MagicBuiltin(a, b) for a
	// bare tuple a, b) for an expression statement that is not a call and
	// not a docstring: Streamlit's magic, which writes the value as
	// st.write does. The builtin writes only in the run's page (a module's
	// bare expressions stay silent) and only when the app has magic on
	// (Options.NoMagic).
	MagicBuiltin = ReservedPrefix + "magic"
)

// GuardedMethods are the method names whose calls go through
// [RecvBuiltin]: the methods of strings, lists and sets that build a result
// of a size the interpreter does not bound.
var GuardedMethods = map[string]bool{
	"replace": true, "join": true, "format": true, "split": true, "rsplit": true,
	"splitlines": true, "extend": true, "union": true,
}

// threadAttrs are the attribute names whose selection goes through
// [AttrBuiltin]: st.session_state, st.query_params, st.context, st.user and
// st.secrets resolve the run (or the app) through the calling thread, never
// through the value they were read on.
var threadAttrs = map[string]bool{"session_state": true, "query_params": true, "context": true, "user": true, "secrets": true}

// A rewriteRule returns the expression that replaces e, or nil to keep it.
// Rules see an expression after its operands were rewritten. builtin is the
// reserved name the replacement calls: an app that does not predeclare it
// (a host test's bare app) compiles without the rule. assign, when set,
// rewrites an augmented assignment (x op= y) in place, after its operands.
type rewriteRule struct {
	builtin string
	apply   func(e syntax.Expr) syntax.Expr
	assign  func(s *syntax.AssignStmt)
	// exprStmt, when set, rewrites an expression statement in place,
	// before its expression is rewritten; docstrings (a string literal
	// first in a file or a function's body) are not given to it.
	exprStmt func(s *syntax.ExprStmt)
	// before, when set, returns a statement to insert before each
	// statement of every block of the file (nil: none), given the file's
	// path.
	before func(file string, s syntax.Stmt) syntax.Stmt
}

// rewriteRules are applied to every expression of every file, in order.
//
// The guarding rules cost a builtin call where the interpreter would take
// one instruction, so they leave alone what cannot build a large result: a
// product or remainder with a float or number literal operand, += of a
// literal. x + y is not guarded: its result is no larger than its operands,
// which exist already (the heap guard's concern, not one call's).
var rewriteRules = []rewriteRule{
	{builtin: AttrBuiltin, apply: threadAttrRule},
	{builtin: MulBuiltin, apply: mulRule, assign: augRule(syntax.STAR_EQ, MulBuiltin)},
	{builtin: FormatBuiltin, apply: formatRule},
	{builtin: ModBuiltin, apply: modRule, assign: augRule(syntax.PERCENT_EQ, ModBuiltin)},
	{builtin: RecvBuiltin, apply: methodRule},
	{builtin: AddendBuiltin, assign: addendRule},
	{builtin: MagicBuiltin, exprStmt: magicRule},
	// Coverage: only an app that predeclares CoverBuiltin (`stark test
	// --cover`) gets it; a served app never does.
	{builtin: CoverBuiltin, before: coverRule},
}

// threadAttrRule turns x.session_state into __stark_attr(x, "session_state").
func threadAttrRule(e syntax.Expr) syntax.Expr {
	dot, ok := e.(*syntax.DotExpr)
	if !ok || !threadAttrs[dot.Name.Name] {
		return nil
	}
	return callBuiltin(AttrBuiltin, dot.Dot, dot.Name.NamePos, dot.X, stringLiteral(dot.Name.Name, dot.Name.NamePos))
}

// mulRule turns x * y into __stark_mul(x, y), unless an operand is a float
// literal (the product is then a number, or an error either way).
func mulRule(e syntax.Expr) syntax.Expr {
	b, ok := e.(*syntax.BinaryExpr)
	if !ok || b.Op != syntax.STAR || isLiteral(b.X, syntax.FLOAT) || isLiteral(b.Y, syntax.FLOAT) {
		return nil
	}
	return callBuiltin(MulBuiltin, b.OpPos, b.OpPos, b.X, b.Y)
}

// formatRule turns "literal" % y into __stark_format(id, "literal", y),
// where id is the literal's parsed format (formatID).
func formatRule(e syntax.Expr) syntax.Expr {
	b, ok := e.(*syntax.BinaryExpr)
	if !ok || b.Op != syntax.PERCENT {
		return nil
	}
	x := b.X
	for {
		p, ok := x.(*syntax.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	l, ok := x.(*syntax.Literal)
	if !ok || l.Token != syntax.STRING {
		return nil
	}
	format, _ := l.Value.(string)
	id := formatID(format)
	pos := b.OpPos
	idLit := &syntax.Literal{Token: syntax.INT, TokenPos: pos, Raw: strconv.Itoa(id), Value: int64(id)}
	return callBuiltin(FormatBuiltin, pos, pos, idLit, b.X, b.Y)
}

// modRule turns x % y into __stark_mod(x, y), unless an operand is a number
// literal (n % 2 is arithmetic, and "%d" % 5 prints one number) or x is a
// string literal that prints numbers only ("line %d of %d" % (i, n)): its
// result is the literal and a number per directive.
func modRule(e syntax.Expr) syntax.Expr {
	b, ok := e.(*syntax.BinaryExpr)
	if !ok || b.Op != syntax.PERCENT || isNumber(b.X) || isNumber(b.Y) || numbersOnly(b.X) {
		return nil
	}
	return callBuiltin(ModBuiltin, b.OpPos, b.OpPos, b.X, b.Y)
}

// numbersOnly reports whether e is a string literal whose % directives
// print numbers or single characters only (no %s, %r).
func numbersOnly(e syntax.Expr) bool {
	l, ok := e.(*syntax.Literal)
	if !ok || l.Token != syntax.STRING {
		return false
	}
	f, _ := l.Value.(string)
	for {
		i := strings.IndexByte(f, '%')
		if i < 0 {
			return true
		}
		f = f[i+1:]
		if strings.HasPrefix(f, "(") {
			j := strings.IndexByte(f, ')')
			if j < 0 {
				return false
			}
			f = f[j+1:]
		}
		if f == "" || !strings.ContainsRune("%dioxXeEfFgGc", rune(f[0])) {
			return false
		}
		f = f[1:]
	}
}

// methodRule turns x.name(args) into __stark_recv(x).name(args) for a name
// of GuardedMethods. The attribute lookup and the call stay the
// interpreter's, so every other receiver behaves and fails as before.
func methodRule(e syntax.Expr) syntax.Expr {
	c, ok := e.(*syntax.CallExpr)
	if !ok {
		return nil
	}
	dot, ok := c.Fn.(*syntax.DotExpr)
	if !ok || !GuardedMethods[dot.Name.Name] {
		return nil
	}
	if inner, ok := dot.X.(*syntax.CallExpr); ok {
		if id, ok := inner.Fn.(*syntax.Ident); ok && id.Name == RecvBuiltin {
			return nil // already guarded
		}
	}
	start, _ := dot.X.Span()
	dot.X = callBuiltin(RecvBuiltin, start, dot.Dot, dot.X)
	return c
}

// augRule returns the rule that turns x op= y, for the operator of tok, into
// x = builtin(x, y), which is what the interpreter does for every augmented
// operator but +=. Only targets whose evaluation has no effect are
// rewritten (a name, or a[i] and a.f of names and literals): the target is
// evaluated twice.
func augRule(tok syntax.Token, builtin string) func(*syntax.AssignStmt) {
	return func(s *syntax.AssignStmt) {
		if s.Op != tok || isLiteral(s.RHS, syntax.FLOAT) || (tok == syntax.PERCENT_EQ && isNumber(s.RHS)) {
			return
		}
		x := copyPure(s.LHS)
		if x == nil {
			return
		}
		s.Op = syntax.EQ
		s.RHS = callBuiltin(builtin, s.OpPos, s.OpPos, x, s.RHS)
	}
}

// addendRule turns x += y into x += __stark_addend(y) unless y is a literal.
func addendRule(s *syntax.AssignStmt) {
	if s.Op != syntax.PLUS_EQ {
		return
	}
	if _, ok := s.RHS.(*syntax.Literal); ok {
		return
	}
	start, _ := s.RHS.Span()
	s.RHS = callBuiltin(AddendBuiltin, start, s.OpPos, s.RHS)
}

// copyPure returns a copy of e when evaluating it has no effect and cannot
// fail differently the second time (names, literals, and index and
// attribute expressions of them), or nil.
func copyPure(e syntax.Expr) syntax.Expr {
	switch x := e.(type) {
	case *syntax.Ident:
		return &syntax.Ident{NamePos: x.NamePos, Name: x.Name}
	case *syntax.Literal:
		c := *x
		return &c
	case *syntax.ParenExpr:
		return copyPure(x.X)
	case *syntax.IndexExpr:
		a, i := copyPure(x.X), copyPure(x.Y)
		if a == nil || i == nil {
			return nil
		}
		return &syntax.IndexExpr{X: a, Lbrack: x.Lbrack, Y: i, Rbrack: x.Rbrack}
	case *syntax.DotExpr:
		a := copyPure(x.X)
		if a == nil {
			return nil
		}
		return &syntax.DotExpr{X: a, Dot: x.Dot, NamePos: x.NamePos, Name: &syntax.Ident{NamePos: x.Name.NamePos, Name: x.Name.Name}}
	}
	return nil
}

func isLiteral(e syntax.Expr, tok syntax.Token) bool {
	l, ok := e.(*syntax.Literal)
	return ok && l.Token == tok
}

// isNumber reports whether e is a number literal, possibly negated.
func isNumber(e syntax.Expr) bool {
	if u, ok := e.(*syntax.UnaryExpr); ok && (u.Op == syntax.MINUS || u.Op == syntax.PLUS) {
		e = u.X
	}
	return isLiteral(e, syntax.INT) || isLiteral(e, syntax.FLOAT)
}

// magicRule turns the statement x, unless x is a call, into
// __stark_magic(x), and a, b into __stark_magic(a, b). Calls are left alone,
// as Streamlit leaves them: st.write(...) and f() write or not by themselves.
func magicRule(s *syntax.ExprStmt) {
	x := s.X
	for {
		p, ok := x.(*syntax.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	if _, ok := x.(*syntax.CallExpr); ok {
		return
	}
	args := []syntax.Expr{s.X}
	if t, ok := x.(*syntax.TupleExpr); ok {
		args = t.List
	}
	start, end := s.X.Span()
	s.X = callBuiltin(MagicBuiltin, start, end, args...)
}

// isDocstring reports whether s is a string literal statement.
func isDocstring(s syntax.Stmt) bool {
	e, ok := s.(*syntax.ExprStmt)
	return ok && isLiteral(e.X, syntax.STRING)
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
			if rule.apply != nil {
				r.rules = append(r.rules, rule.apply)
			}
			if rule.assign != nil {
				r.assigns = append(r.assigns, rule.assign)
			}
			if rule.exprStmt != nil {
				r.exprStmts = append(r.exprStmts, rule.exprStmt)
			}
			if rule.before != nil {
				r.befores = append(r.befores, rule.before)
			}
		}
	}
	if len(r.exprStmts) > 0 {
		r.docs = make(map[syntax.Stmt]bool)
		if len(f.Stmts) > 0 && isDocstring(f.Stmts[0]) {
			r.docs[f.Stmts[0]] = true
		}
		syntax.Walk(f, func(n syntax.Node) bool {
			if d, ok := n.(*syntax.DefStmt); ok && len(d.Body) > 0 && isDocstring(d.Body[0]) {
				r.docs[d.Body[0]] = true
			}
			return true
		})
	}
	if len(r.rules)+len(r.assigns)+len(r.exprStmts)+len(r.befores) > 0 {
		r.file = f.Path
		f.Stmts = r.stmts(f.Stmts)
		aliasBuiltins(f)
	}
	return nil
}

// aliasPrefix starts the globals that hold the reserved builtins in a
// rewritten file (aliasBuiltins). They begin with an underscore, so load
// does not export them, and with ReservedPrefix, so no page can name them.
const aliasPrefix = ReservedPrefix + "g_"

// aliasBuiltins binds, first in f (after its docstring), a global of its
// own to each reserved builtin the rewritten file calls, and makes the
// calls name that global. The interpreter finds a predeclared name by a
// map look-up at every use and a global by its index; a page's products
// and formats call these builtins hundreds of times a run. The global is
// bound once, before anything else runs, so a worker that reaches it
// (spawn) finds it settled.
func aliasBuiltins(f *syntax.File) {
	var names []string
	aliases := make(map[string]string)
	syntax.Walk(f, func(n syntax.Node) bool {
		id, ok := n.(*syntax.Ident)
		if !ok || !strings.HasPrefix(id.Name, ReservedPrefix) {
			return true
		}
		a, seen := aliases[id.Name]
		if !seen {
			a = aliasPrefix + strings.TrimPrefix(id.Name, ReservedPrefix)
			aliases[id.Name] = a
			names = append(names, id.Name)
		}
		id.Name = a
		return true
	})
	if len(names) == 0 {
		return
	}
	at := 0
	if isDocstring(f.Stmts[0]) {
		at = 1
	}
	pos, _ := f.Stmts[0].Span()
	prologue := make([]syntax.Stmt, 0, len(names)+len(f.Stmts))
	prologue = append(prologue, f.Stmts[:at]...)
	for _, name := range names {
		prologue = append(prologue, &syntax.AssignStmt{
			OpPos: pos,
			Op:    syntax.EQ,
			LHS:   &syntax.Ident{NamePos: pos, Name: aliases[name]},
			RHS:   &syntax.Ident{NamePos: pos, Name: name},
		})
	}
	f.Stmts = append(prologue, f.Stmts[at:]...)
}

// rewriter walks statements and expressions, replacing each expression by
// what the first matching rule returns. Binding positions (assignment
// targets, loop variables, parameters, keyword names) are walked for their
// operands only, never replaced themselves.
type rewriter struct {
	rules     []func(syntax.Expr) syntax.Expr
	assigns   []func(*syntax.AssignStmt)
	exprStmts []func(*syntax.ExprStmt)
	befores   []func(string, syntax.Stmt) syntax.Stmt
	docs      map[syntax.Stmt]bool // the docstrings of the file
	file      string               // the file's path
}

// stmts rewrites a block and returns it, with the statements the before
// rules insert.
func (r *rewriter) stmts(list []syntax.Stmt) []syntax.Stmt {
	if len(r.befores) == 0 {
		for _, s := range list {
			r.stmt(s)
		}
		return list
	}
	out := make([]syntax.Stmt, 0, 2*len(list))
	for _, s := range list {
		for _, b := range r.befores {
			if x := b(r.file, s); x != nil {
				out = append(out, x)
			}
		}
		r.stmt(s)
		out = append(out, s)
	}
	return out
}

func (r *rewriter) stmt(s syntax.Stmt) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		s.LHS = r.target(s.LHS)
		s.RHS = r.expr(s.RHS)
		if s.Op != syntax.EQ {
			for _, rule := range r.assigns {
				rule(s)
			}
		}
	case *syntax.ExprStmt:
		if !r.docs[s] {
			for _, rule := range r.exprStmts {
				rule(s)
			}
		}
		s.X = r.expr(s.X)
	case *syntax.DefStmt:
		r.params(s.Params)
		s.Body = r.stmts(s.Body)
	case *syntax.ForStmt:
		s.Vars = r.target(s.Vars)
		s.X = r.expr(s.X)
		s.Body = r.stmts(s.Body)
	case *syntax.WhileStmt:
		s.Cond = r.expr(s.Cond)
		s.Body = r.stmts(s.Body)
	case *syntax.IfStmt:
		s.Cond = r.expr(s.Cond)
		s.True = r.stmts(s.True)
		s.False = r.stmts(s.False)
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
