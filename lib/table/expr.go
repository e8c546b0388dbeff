package table

// This file defines the column expressions of table.filter: comparisons of
// a column with a literal combined with and, or, not and parentheses,
// parsed once and evaluated in Go over whole columns.
//
//	expr    = and {"or" and}
//	and     = not {"and" not}
//	not     = "not" not | primary
//	primary = "(" expr ")" | operand [op operand]
//	operand = name | `quoted name` | number | 'string' | "string"
//	        | true | false | True | False | null | None
//	op      = "==" | "!=" | "<" | "<=" | ">" | ">="
//
// A comparison has a column on one side and a literal on the other; a
// column alone is a bool column's value. A comparison with a null value is
// false, except "== null" and "!= null"; "not" turns that false into true.
//
// Parentheses and "not" nest at most [exprMaxDepth] deep: the parser and
// the evaluation recurse once per level (a chain of and / or does not
// nest), so a visitor's "((((…))))" fails with an error rather than
// overflowing the goroutine's stack. Evaluation checks the run's
// cancellation as it goes ([host.Work]).

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stark-dev/stark/host"
)

// exprMaxDepth is how deep parentheses and "not" may nest in a filter
// expression. Real conditions nest a few levels; the bound keeps the
// parser's and the evaluation's recursion far from the stack's limit.
const exprMaxDepth = 100

// An expr is a parsed filter expression.
type expr interface {
	// eval returns, for each row of t, whether the expression holds; w
	// meters the work (one unit per row of each condition).
	eval(t *Table, w *host.Work) ([]bool, error)
}

type (
	orExpr  struct{ terms []expr } // two or more
	andExpr struct{ terms []expr } // two or more
	notExpr struct{ x expr }
	// cmpExpr is "col op lit" (a literal on the left is flipped).
	cmpExpr struct {
		col string
		op  string
		lit literal
	}
	// boolCol is a bool column used as a condition.
	boolCol struct{ col string }
)

type litKind uint8

const (
	litNull litKind = iota
	litInt
	litFloat
	litString
	litBool
)

type literal struct {
	kind litKind
	i    int64
	f    float64
	s    string
	b    bool
	text string // as written, for errors
}

func (l literal) describe() string {
	switch l.kind {
	case litNull:
		return "null"
	case litInt:
		return l.text + " (int)"
	case litFloat:
		return l.text + " (float)"
	case litString:
		return l.text + " (string)"
	}
	return l.text + " (bool)"
}

// A token of an expression.
type token struct {
	kind string // "name", "number", "string", "op", "(", ")", "keyword", "eof"
	text string // the name, the string's value, the operator or keyword
	src  string // as written
	pos  int    // byte offset
}

// exprError is a syntax error at a position of the expression.
type exprError struct {
	src string
	pos int
	msg string
}

// exprQuoteMax is the longest expression an error quotes whole; a longer
// one is quoted around the error's position.
const exprQuoteMax = 120

func (e *exprError) Error() string {
	pos := min(e.pos, len(e.src))
	col := utf8.RuneCountInString(e.src[:pos]) + 1
	if len(e.src) <= exprQuoteMax {
		return fmt.Sprintf("bad expression %q at column %d: %s", e.src, col, e.msg)
	}
	lo, hi := max(pos-exprQuoteMax/2, 0), min(pos+exprQuoteMax/2, len(e.src))
	for lo > 0 && !utf8.RuneStart(e.src[lo]) {
		lo--
	}
	for hi < len(e.src) && !utf8.RuneStart(e.src[hi]) {
		hi++
	}
	return fmt.Sprintf("bad expression (%d bytes) at column %d, near %q: %s", len(e.src), col, e.src[lo:hi], e.msg)
}

type exprParser struct {
	src   string
	toks  []token
	i     int
	depth int // parentheses and nots open
}

// enter counts one more level of nesting at t, failing past exprMaxDepth;
// the caller calls p.leave when the level closes.
func (p *exprParser) enter(t token) error {
	if p.depth++; p.depth > exprMaxDepth {
		return p.errorf(t, "parentheses and not nest more than %d deep; write the condition flatter", exprMaxDepth)
	}
	return nil
}

func (p *exprParser) leave() { p.depth-- }

// parseExpr parses a filter expression.
func parseExpr(src string) (expr, error) {
	toks, err := lexExpr(src)
	if err != nil {
		return nil, err
	}
	p := &exprParser{src: src, toks: toks}
	if p.peek().kind == "eof" {
		return nil, p.errorf(p.peek(), "the expression is empty; write a condition such as \"price > 10\"")
	}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != "eof" {
		return nil, p.errorf(t, "want and / or after a condition, got %s", describeTok(t))
	}
	return e, nil
}

func (p *exprParser) peek() token { return p.toks[p.i] }
func (p *exprParser) next() token {
	t := p.toks[p.i]
	if t.kind != "eof" {
		p.i++
	}
	return t
}

func (p *exprParser) errorf(t token, format string, args ...any) error {
	return &exprError{src: p.src, pos: t.pos, msg: fmt.Sprintf(format, args...)}
}

func (p *exprParser) isKeyword(word string) bool {
	t := p.peek()
	return t.kind == "keyword" && t.text == word
}

func (p *exprParser) or() (expr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	if !p.isKeyword("or") {
		return l, nil
	}
	terms := []expr{l}
	for p.isKeyword("or") {
		p.next()
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		terms = append(terms, r)
	}
	return &orExpr{terms}, nil
}

func (p *exprParser) and() (expr, error) {
	l, err := p.not()
	if err != nil {
		return nil, err
	}
	if !p.isKeyword("and") {
		return l, nil
	}
	terms := []expr{l}
	for p.isKeyword("and") {
		p.next()
		r, err := p.not()
		if err != nil {
			return nil, err
		}
		terms = append(terms, r)
	}
	return &andExpr{terms}, nil
}

func (p *exprParser) not() (expr, error) {
	if p.isKeyword("not") {
		if err := p.enter(p.next()); err != nil {
			return nil, err
		}
		defer p.leave()
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return &notExpr{x}, nil
	}
	return p.primary()
}

// operand is a column name or a literal.
type operand struct {
	col   string
	isCol bool
	lit   literal
	tok   token
}

func (p *exprParser) primary() (expr, error) {
	if p.peek().kind == "(" {
		open := p.next()
		if err := p.enter(open); err != nil {
			return nil, err
		}
		defer p.leave()
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if t := p.peek(); t.kind != ")" {
			if t.kind == "eof" {
				return nil, p.errorf(open, "this ( is not closed")
			}
			return nil, p.errorf(t, "want ), got %s", describeTok(t))
		}
		p.next()
		return e, nil
	}
	a, err := p.operand()
	if err != nil {
		return nil, err
	}
	opTok := p.peek()
	if opTok.kind != "op" {
		literalNext := opTok.kind == "number" || opTok.kind == "string" || opTok.kind == "keyword" && opTok.text != "and" && opTok.text != "or" && opTok.text != "not"
		if a.isCol && !literalNext {
			return &boolCol{col: a.col}, nil
		}
		if opTok.kind == "eof" {
			return nil, p.errorf(opTok, "want a comparison operator (== != < <= > >=) after %s", a.tok.src)
		}
		return nil, p.errorf(opTok, "want a comparison operator (== != < <= > >=), got %s", describeTok(opTok))
	}
	p.next()
	b, err := p.operand()
	if err != nil {
		return nil, err
	}
	op := opTok.text
	switch {
	case a.isCol && b.isCol:
		return nil, p.errorf(b.tok, "compare the column %s with a value, not with the column %s", a.col, b.col)
	case !a.isCol && !b.isCol:
		return nil, p.errorf(a.tok, "a comparison needs a column; %s and %s are both values", a.tok.src, b.tok.src)
	case !a.isCol:
		a, b = b, a
		op = flipped[op]
	}
	if b.lit.kind == litNull && op != "==" && op != "!=" {
		return nil, p.errorf(b.tok, "null compares only with == and !=")
	}
	return &cmpExpr{col: a.col, op: op, lit: b.lit}, nil
}

// flipped maps an operator to the one that holds with its sides swapped.
var flipped = map[string]string{"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

func (p *exprParser) operand() (operand, error) {
	t := p.next()
	switch t.kind {
	case "name":
		return operand{col: t.text, isCol: true, tok: t}, nil
	case "number":
		l, err := numberLiteral(t.text)
		if err != nil {
			return operand{}, p.errorf(t, "%v", err)
		}
		return operand{lit: l, tok: t}, nil
	case "string":
		return operand{lit: literal{kind: litString, s: t.text, text: t.src}, tok: t}, nil
	case "keyword":
		switch t.text {
		case "true", "True":
			return operand{lit: literal{kind: litBool, b: true, text: t.src}, tok: t}, nil
		case "false", "False":
			return operand{lit: literal{kind: litBool, text: t.src}, tok: t}, nil
		case "null", "None":
			return operand{lit: literal{kind: litNull, text: t.src}, tok: t}, nil
		}
	case "eof":
		return operand{}, p.errorf(t, "the expression ends early; want a column name or a value")
	}
	return operand{}, p.errorf(t, "want a column name or a value, got %s", describeTok(t))
}

func numberLiteral(s string) (literal, error) {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return literal{kind: litInt, i: i, text: s}, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return literal{}, fmt.Errorf("%q is not a number", s)
	}
	if err != nil || math.IsInf(f, 0) {
		return literal{}, fmt.Errorf("the number %s is out of range", s)
	}
	return literal{kind: litFloat, f: f, text: s}, nil
}

func describeTok(t token) string {
	switch t.kind {
	case "eof":
		return "the end"
	case "name":
		return "the column " + t.src
	case "keyword":
		return t.src
	}
	return strconv.Quote(t.src)
}

var exprKeywords = map[string]bool{
	"and": true, "or": true, "not": true, "null": true, "None": true,
	"true": true, "True": true, "false": true, "False": true,
}

// lexExpr splits src into tokens, ending with an "eof" token.
func lexExpr(src string) ([]token, error) {
	var toks []token
	open := 0 // parentheses open
	fail := func(pos int, format string, args ...any) error {
		return &exprError{src: src, pos: pos, msg: fmt.Sprintf(format, args...)}
	}
	for i := 0; i < len(src); {
		c := src[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '(' || c == ')':
			// The parser bounds the nesting; failing here as well spares
			// the tokens of a visitor's million parentheses.
			if c == '(' {
				if open++; open > exprMaxDepth {
					return nil, fail(i, "parentheses and not nest more than %d deep; write the condition flatter", exprMaxDepth)
				}
			} else {
				open = max(open-1, 0)
			}
			toks = append(toks, token{kind: string(c), text: string(c), src: string(c), pos: i})
			i++
		case c == '=' || c == '!' || c == '<' || c == '>':
			op := string(c)
			if i+1 < len(src) && src[i+1] == '=' {
				op += "="
			}
			switch op {
			case "=":
				return nil, fail(i, "use == to compare")
			case "!":
				return nil, fail(i, "use not, or != to compare")
			}
			toks = append(toks, token{kind: "op", text: op, src: op, pos: i})
			i += len(op)
		case c == '\'' || c == '"':
			var b strings.Builder
			i++
			for {
				if i >= len(src) {
					return nil, fail(start, "this string is not closed")
				}
				d := src[i]
				if d == c {
					i++
					break
				}
				if d == '\\' && i+1 < len(src) {
					switch e := src[i+1]; e {
					case 'n':
						b.WriteByte('\n')
					case 't':
						b.WriteByte('\t')
					case '\\', '\'', '"':
						b.WriteByte(e)
					default:
						return nil, fail(i, "unknown escape \\%c", e)
					}
					i += 2
					continue
				}
				b.WriteByte(d)
				i++
			}
			toks = append(toks, token{kind: "string", text: b.String(), src: src[start:i], pos: start})
		case c == '`':
			end := strings.IndexByte(src[i+1:], '`')
			if end < 0 {
				return nil, fail(i, "this quoted column name is not closed")
			}
			name := src[i+1 : i+1+end]
			i += end + 2
			toks = append(toks, token{kind: "name", text: name, src: src[start:i], pos: start})
		case c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+':
			i++
			for i < len(src) {
				d := src[i]
				if d >= '0' && d <= '9' || d == '.' || d == '_' || d == 'e' || d == 'E' || (d == '-' || d == '+') && (src[i-1] == 'e' || src[i-1] == 'E') {
					i++
					continue
				}
				break
			}
			text := src[start:i]
			if strings.Contains(text, "_") || text == "-" || text == "+" || text == "." {
				return nil, fail(start, "%q is not a number", text)
			}
			toks = append(toks, token{kind: "number", text: text, src: text, pos: start})
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			for i < len(src) && (src[i] == '_' || src[i] >= 'a' && src[i] <= 'z' || src[i] >= 'A' && src[i] <= 'Z' || src[i] >= '0' && src[i] <= '9') {
				i++
			}
			word := src[start:i]
			kind := "name"
			if exprKeywords[word] {
				kind = "keyword"
			}
			toks = append(toks, token{kind: kind, text: word, src: word, pos: start})
		default:
			r, _ := utf8.DecodeRuneInString(src[i:])
			return nil, fail(i, "unexpected character %q; quote column names with `backquotes`", r)
		}
	}
	return append(toks, token{kind: "eof", pos: len(src)}), nil
}

func (e *orExpr) eval(t *Table, w *host.Work) ([]bool, error) {
	return evalChain(t, w, e.terms, true)
}

func (e *andExpr) eval(t *Table, w *host.Work) ([]bool, error) {
	return evalChain(t, w, e.terms, false)
}

// evalChain combines the terms of an or chain (or) or an and chain from
// the left.
func evalChain(t *Table, w *host.Work, terms []expr, or bool) ([]bool, error) {
	l, err := terms[0].eval(t, w)
	if err != nil {
		return nil, err
	}
	for _, term := range terms[1:] {
		r, err := term.eval(t, w)
		if err != nil {
			return nil, err
		}
		if or {
			for i, b := range r {
				l[i] = l[i] || b
			}
		} else {
			for i, b := range r {
				l[i] = l[i] && b
			}
		}
	}
	return l, nil
}

func (e *notExpr) eval(t *Table, w *host.Work) ([]bool, error) {
	x, err := e.x.eval(t, w)
	if err != nil {
		return nil, err
	}
	for i, b := range x {
		x[i] = !b
	}
	return x, nil
}

func (e *boolCol) eval(t *Table, w *host.Work) ([]bool, error) {
	if err := w.Add(t.n); err != nil {
		return nil, err
	}
	c, err := t.col("filter", e.col)
	if err != nil {
		return nil, unprefixed(err)
	}
	switch c.typ {
	case TypeBool:
		return maskOf(c.n, c.null, func(i int) bool { return c.bools[i] }), nil
	case TypeNull:
		return make([]bool, c.n), nil
	}
	return nil, fmt.Errorf("column %q is %s, not bool; compare it with a value, e.g. %s != null", c.name, c.typ, quoteName(c.name))
}

// unprefixed drops the "filter: " that Table.col adds: the caller adds it.
func unprefixed(err error) error {
	return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "filter: "))
}

func quoteName(name string) string {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return "`" + name + "`"
		}
	}
	if exprKeywords[name] || name == "" {
		return "`" + name + "`"
	}
	return name
}

func (e *cmpExpr) eval(t *Table, w *host.Work) ([]bool, error) {
	if err := w.Add(t.n); err != nil {
		return nil, err
	}
	c, err := t.col("filter", e.col)
	if err != nil {
		return nil, unprefixed(err)
	}
	n := c.n
	if e.lit.kind == litNull {
		out := make([]bool, n)
		for i := range out {
			out[i] = (c.typ == TypeNull || c.isNull(i)) == (e.op == "==")
		}
		return out, nil
	}
	mismatch := func() error {
		return fmt.Errorf("cannot compare column %q of type %s with %s", c.name, c.typ, e.lit.describe())
	}
	switch c.typ {
	case TypeNull:
		return make([]bool, n), nil
	case TypeInt:
		switch e.lit.kind {
		case litInt:
			return compareOrdered(c.ints, c.null, e.op, e.lit.i), nil
		case litFloat:
			f := e.lit.f
			return maskOf(n, c.null, func(i int) bool { return holds(e.op, cmp.Compare(float64(c.ints[i]), f)) }), nil
		}
	case TypeFloat:
		switch e.lit.kind {
		case litInt:
			return compareOrdered(c.flts, c.null, e.op, float64(e.lit.i)), nil
		case litFloat:
			return compareOrdered(c.flts, c.null, e.op, e.lit.f), nil
		}
	case TypeString:
		if e.lit.kind == litString {
			return compareOrdered(c.strs, c.null, e.op, e.lit.s), nil
		}
	case TypeBool:
		if e.lit.kind == litBool {
			b := e.lit.b
			return maskOf(n, c.null, func(i int) bool { return holds(e.op, cmpBool(c.bools[i], b)) }), nil
		}
	case TypeTime:
		if e.lit.kind == litString {
			at, ok := parseTime(e.lit.s)
			if !ok {
				return nil, fmt.Errorf("cannot compare column %q of type time with %s: want a date such as '2024-01-31' or an RFC 3339 time", c.name, e.lit.text)
			}
			return maskOf(n, c.null, func(i int) bool { return holds(e.op, c.times[i].Compare(at)) }), nil
		}
	}
	return nil, mismatch()
}

// holds reports whether a comparison whose result is r (-1, 0, 1)
// satisfies op.
func holds(op string, r int) bool {
	switch op {
	case "==":
		return r == 0
	case "!=":
		return r != 0
	case "<":
		return r < 0
	case "<=":
		return r <= 0
	case ">":
		return r > 0
	}
	return r >= 0
}

// compareOrdered returns vals[i] op lit for every row, false where null.
// The loops are written per operator: this is the inner loop of filter.
func compareOrdered[T cmp.Ordered](vals []T, null []bool, op string, lit T) []bool {
	out := make([]bool, len(vals))
	switch op {
	case "==":
		for i, v := range vals {
			out[i] = v == lit
		}
	case "!=":
		for i, v := range vals {
			out[i] = v != lit
		}
	case "<":
		for i, v := range vals {
			out[i] = v < lit
		}
	case "<=":
		for i, v := range vals {
			out[i] = v <= lit
		}
	case ">":
		for i, v := range vals {
			out[i] = v > lit
		}
	case ">=":
		for i, v := range vals {
			out[i] = v >= lit
		}
	}
	if null != nil {
		for i, isNull := range null {
			if isNull {
				out[i] = false
			}
		}
	}
	return out
}

// maskOf returns f(i) for every row, false where null.
func maskOf(n int, null []bool, f func(i int) bool) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = (null == nil || !null[i]) && f(i)
	}
	return out
}

// parseTime parses a time as the readers and filter accept it: RFC 3339
// (fractional seconds allowed) or a date YYYY-MM-DD (midnight UTC).
func parseTime(s string) (time.Time, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	if len(s) == 10 {
		t, err := time.Parse(time.DateOnly, s)
		return t, err == nil
	}
	t, err := time.Parse(time.RFC3339, s)
	return t, err == nil
}
