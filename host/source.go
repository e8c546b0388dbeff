package host

// This file gives a page's function its own source text: the body of a
// def or the expression of a lambda, as written, for st.echo.

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// bodySpan is where a function's body is in its file: from (line, col) to
// the end of endLine for a def (whole lines), to (endLine, endCol),
// exclusive, for a lambda. Columns count runes, as syntax.Position's.
type bodySpan struct {
	line, col, endLine, endCol int32
	lambda                     bool
}

// functionBodies records where the body of every def and lambda of f is,
// by the position of its def or lambda token (resolve.Function.Pos, which
// starlark.Function.Position reports). It runs before the rewrite, on the
// positions of the file as written.
func functionBodies(f *syntax.File) map[posKey]bodySpan {
	out := make(map[posKey]bodySpan)
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.DefStmt:
			if len(n.Body) == 0 {
				break
			}
			start, _ := n.Body[0].Span()
			_, end := n.Body[len(n.Body)-1].Span()
			s := bodySpan{line: start.Line, col: 1, endLine: end.Line}
			if start.Line == n.Rparen.Line {
				s.col = start.Col // def f(): body — on the header's line
			} else if n.Rparen.Line+1 < start.Line {
				s.line = n.Rparen.Line + 1 // comments before the first statement
			}
			out[posKey{n.Def.Line, n.Def.Col}] = s
		case *syntax.LambdaExpr:
			start, end := n.Body.Span()
			out[posKey{n.Lambda.Line, n.Lambda.Col}] = bodySpan{start.Line, start.Col, end.Line, end.Col, true}
		}
		return true
	})
	return out
}

// FunctionSource returns the source of fn's body as written in its file,
// its common indentation removed: the statements of a def (with the
// comments among them), the expression of a lambda. builtin prefixes the
// error when fn is not a function of a file of the app as it is now.
func FunctionSource(t *starlark.Thread, builtin string, fn *starlark.Function) (string, error) {
	sb, err := SandboxFor(t, builtin)
	if err != nil {
		return "", err
	}
	a := sb.App
	pos := fn.Position()
	p := a.programFor(pos.Filename())
	if p == nil || p.prog != fn.Module().Program() {
		return "", fmt.Errorf("%s: the source of %s (%s) is not known: its file changed since it was loaded", builtin, fn.Name(), posFrame(a.Root, pos, ""))
	}
	span, ok := p.bodies[posKey{pos.Line, pos.Col}]
	if !ok {
		return "", fmt.Errorf("%s: the source of %s (%s) is not known", builtin, fn.Name(), posFrame(a.Root, pos, ""))
	}
	lines := strings.Split(string(p.src), "\n")
	if int(span.endLine) > len(lines) || span.line < 1 {
		return "", fmt.Errorf("%s: the source of %s (%s) is not known", builtin, fn.Name(), posFrame(a.Root, pos, ""))
	}
	body := append([]string(nil), lines[span.line-1:span.endLine]...)
	for i := range body {
		body[i] = strings.TrimRight(body[i], " \t\r")
	}
	if span.lambda {
		last := []rune(body[len(body)-1])
		body[len(body)-1] = string(last[:min(int(span.endCol)-1, len(last))])
	}
	first := []rune(body[0])
	body[0] = string(first[min(int(span.col)-1, len(first)):])
	return dedent(body, span.col > 1), nil
}

// dedent joins lines without the indentation common to those not blank;
// the first is not counted when it was cut from the middle of a line.
func dedent(lines []string, cutFirst bool) string {
	common := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "" || i == 0 && cutFirst {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " \t")); common < 0 || n < common {
			common = n
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if common > 0 && len(l) >= common && strings.TrimLeft(l[:common], " \t") == "" {
			out[i] = l[common:]
		} else {
			out[i] = strings.TrimLeft(l, " \t")
		}
	}
	return strings.Trim(strings.Join(out, "\n"), "\n")
}
