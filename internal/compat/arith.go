package main

import (
	"sort"
	"strings"
	"unicode/utf8"

	"go.starlark.net/syntax"
)

// numpyArith rewrites the arithmetic on numpy arrays of a translated page
// (Starlark has no operator overloading, and the shim's arrays are lists):
// a binary +, -, *, /, // or % whose operand is an array becomes
// numpy__binop(a, "op", b), and a unary minus of an array numpy__neg(a)
// (prelude/numpy.star). An expression is an array by its syntax alone: a
// call of a numpy__ function (or typing.cast of one), a name assigned one at any place of the page
// (x = numpy__arange(3)), a parenthesised array, or an arithmetic
// expression with an array operand. The helpers combine numbers as Python
// does, so a wrong guess costs time, not meaning. src is parsed in stark's
// dialect; a page that does not parse is returned unchanged (its run then
// reports the syntax error). It returns the names of the helpers it used.
func numpyArith(src string) (string, []string) {
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	f, err := opts.Parse("page.star", src, 0)
	if err != nil {
		return src, nil
	}
	arrays := map[string]bool{}
	var isArray func(e syntax.Expr) bool
	isArray = func(e syntax.Expr) bool {
		switch e := e.(type) {
		case *syntax.CallExpr:
			id, ok := e.Fn.(*syntax.Ident)
			if ok && id.Name == "typing__cast" && len(e.Args) == 2 {
				return isArray(e.Args[1]) // cast(T, x) is x
			}
			return ok && strings.HasPrefix(id.Name, "numpy__")
		case *syntax.Ident:
			return arrays[e.Name]
		case *syntax.ParenExpr:
			return isArray(e.X)
		case *syntax.UnaryExpr:
			return e.Op == syntax.MINUS && isArray(e.X)
		case *syntax.BinaryExpr:
			return arithOps[e.Op] != "" && (isArray(e.X) || isArray(e.Y))
		}
		return false
	}
	// The names assigned an array, until no more are found (b = a * 2
	// after a = numpy__arange(3)).
	for changed := true; changed; {
		changed = false
		syntax.Walk(f, func(n syntax.Node) bool {
			if a, ok := n.(*syntax.AssignStmt); ok && a.Op == syntax.EQ {
				if id, ok := a.LHS.(*syntax.Ident); ok && !arrays[id.Name] && isArray(a.RHS) {
					arrays[id.Name] = true
					changed = true
				}
			}
			return true
		})
	}
	offs := lineOffsets(src)
	at := func(p syntax.Position) int { return offsetOf(src, offs, p) }
	var edits []edit
	used := map[string]bool{}
	depth := 0
	var visit func(n syntax.Node) bool
	visit = func(n syntax.Node) bool {
		switch e := n.(type) {
		case *syntax.BinaryExpr:
			op := arithOps[e.Op]
			if op == "" || !(isArray(e.X) || isArray(e.Y)) {
				return true
			}
			xs, xe := e.X.Span()
			ys, ye := e.Y.Span()
			depth++
			edits = append(edits,
				edit{pos: at(xs), kind: opener, depth: depth, text: "numpy__binop("},
				edit{pos: at(xe), end: at(ys), kind: replace, text: `, "` + op + `", `},
				edit{pos: at(ye), kind: closer, depth: depth, text: ")"})
			used["numpy__binop"] = true
			syntax.Walk(e.X, visit)
			syntax.Walk(e.Y, visit)
			depth--
			return false
		case *syntax.UnaryExpr:
			if e.Op != syntax.MINUS || e.X == nil || !isArray(e.X) {
				return true
			}
			xs, xe := e.X.Span()
			depth++
			edits = append(edits,
				edit{pos: at(e.OpPos), end: at(xs), kind: replace, text: "numpy__neg("},
				edit{pos: at(xe), kind: closer, depth: depth, text: ")"})
			used["numpy__neg"] = true
			syntax.Walk(e.X, visit)
			depth--
			return false
		}
		return true
	}
	syntax.Walk(f, visit)
	if len(edits) == 0 {
		return src, nil
	}
	sort.SliceStable(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		if a.pos != b.pos {
			return a.pos < b.pos
		}
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		if a.kind == closer {
			return a.depth > b.depth // the inner call closes first
		}
		return a.depth < b.depth // the outer call opens first
	})
	var out strings.Builder
	cur := 0
	for _, e := range edits {
		if e.pos > cur {
			out.WriteString(src[cur:e.pos])
			cur = e.pos
		}
		out.WriteString(e.text)
		if e.end > cur {
			cur = e.end
		}
	}
	out.WriteString(src[cur:])
	var names []string
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	return out.String(), names
}

var arithOps = map[syntax.Token]string{
	syntax.PLUS: "+", syntax.MINUS: "-", syntax.STAR: "*", syntax.SLASH: "/",
	syntax.SLASHSLASH: "//", syntax.PERCENT: "%",
}

// An edit of a page's text: text inserted at pos, replacing pos:end for a
// replace. At one position, the calls that close come first (the inner
// first), then a replacement, then the calls that open (the outer first).
type edit struct {
	pos, end int
	kind     int
	depth    int
	text     string
}

const (
	closer = iota
	replace
	opener
)

// lineOffsets returns the byte offset of each line's start.
func lineOffsets(src string) []int {
	offs := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			offs = append(offs, i+1)
		}
	}
	return offs
}

// offsetOf converts a position (1-based line, 1-based column in runes) to
// a byte offset of src.
func offsetOf(src string, offs []int, p syntax.Position) int {
	if p.Line < 1 || int(p.Line) > len(offs) {
		return len(src)
	}
	off := offs[p.Line-1]
	for col := int32(1); col < p.Col && off < len(src); col++ {
		_, n := utf8.DecodeRuneInString(src[off:])
		off += n
	}
	return off
}

// wrapFigure wraps the first argument (or figure_or_dot=) of every call of
// a method named method (st.graphviz_chart, col.graphviz_chart) in a call
// of fn: the shim's conversion of a Python figure to what stark takes, as
// Streamlit converts it inside the command. It reports whether it wrapped
// one; a page that does not parse is returned unchanged.
func wrapFigure(src, method, fn string) (string, bool) {
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	f, err := opts.Parse("page.star", src, 0)
	if err != nil {
		return src, false
	}
	offs := lineOffsets(src)
	var edits []edit
	syntax.Walk(f, func(n syntax.Node) bool {
		c, ok := n.(*syntax.CallExpr)
		if !ok || len(c.Args) == 0 {
			return true
		}
		if d, ok := c.Fn.(*syntax.DotExpr); !ok || d.Name.Name != method {
			return true
		}
		arg := c.Args[0]
		for _, a := range c.Args {
			if b, ok := a.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
				if id, ok := b.X.(*syntax.Ident); ok && id.Name == "figure_or_dot" {
					arg = b.Y
				}
			}
		}
		if b, ok := arg.(*syntax.BinaryExpr); ok && b.Op == syntax.EQ {
			return true // a keyword argument other than the figure
		}
		s, e := arg.Span()
		edits = append(edits,
			edit{pos: offsetOf(src, offs, s), kind: opener, text: fn + "("},
			edit{pos: offsetOf(src, offs, e), kind: closer, text: ")"})
		return true
	})
	if len(edits) == 0 {
		return src, false
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].pos < edits[j].pos })
	var out strings.Builder
	cur := 0
	for _, e := range edits {
		out.WriteString(src[cur:e.pos])
		out.WriteString(e.text)
		cur = e.pos
	}
	out.WriteString(src[cur:])
	return out.String(), true
}
