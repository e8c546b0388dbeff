package main

import (
	"regexp"
	"strings"
)

// methods are the array, frame and graph methods the shims define as
// functions taking the receiver first: in an app that imports the shim's module,
// `x.reshape(2, 3)` becomes `numpy__reshape(x, 2, 3)` and the attribute
// `x.T` becomes `numpy__T(x)`. The rule is by name alone (the translator
// does not know types), so it applies to any receiver: a method of the same
// name on another value would be rewritten too, and the shim fails on what
// it does not take. A statement `x.m(..., inplace=True)` becomes
// `x = shim(x, ..., inplace=True)`.
var methods = map[string]string{
	"reshape":   "numpy__reshape",
	"astype":    "numpy__astype",
	"T":         "numpy__T",
	"set_index": "pandas__set_index",
	"node":      "graphviz__node",
	"edge":      "graphviz__edge",
	"edges":     "graphviz__edges",
	"attr":      "graphviz__attr",
	"subgraph":  "graphviz__subgraph",
	"source":    "graphviz__source",
}

// attributes are the names of methods that Python reads as attributes
// (x.T, g.source): the translation calls their function without a call
// in the source.
var attributes = map[string]bool{"T": true, "source": true}

// methodCalls rewrites the calls of methods (outside string literals)
// whose shim module the app imports, recording the names in used.
func methodCalls(text string, imported map[string]bool, used map[string][]string) string {
	for {
		out, ok := methodCall(text, imported, used)
		if !ok {
			return text
		}
		text = out
	}
}

// methodCall rewrites the first method call of methods in text.
func methodCall(text string, imported map[string]bool, used map[string][]string) (string, bool) {
	var inStr byte
	for i := 0; i < len(text); i++ {
		if quoted(text, &i, &inStr) {
			continue
		}
		c := text[i]
		if c != '.' || i == 0 || !(isIdent(text[i-1]) || text[i-1] == ')' || text[i-1] == ']') {
			continue
		}
		j := i + 1
		for j < len(text) && isIdent(text[j]) {
			j++
		}
		name := text[i+1 : j]
		fn, ok := methods[name]
		if !ok || !imported[strings.SplitN(fn, "__", 2)[0]] {
			continue
		}
		call := j < len(text) && text[j] == '('
		if attributes[name] == call {
			continue
		}
		start := receiverStart(text, i)
		if start < 0 || start == i {
			continue
		}
		recv := text[start:i]
		mod := strings.SplitN(fn, "__", 2)[0]
		if !contains(used[mod], fn) {
			used[mod] = append(used[mod], fn)
		}
		if !call {
			return text[:start] + fn + "(" + recv + ")" + text[j:], true
		}
		rest := text[j+1:]
		sep := ", "
		if strings.HasPrefix(strings.TrimLeft(rest, " "), ")") {
			sep = ""
		}
		prefix := text[:start]
		if start == 0 && strings.Contains(rest, "inplace=True") && isName(recv) {
			prefix = recv + " = "
		}
		return prefix + fn + "(" + recv + sep + rest, true
	}
	return text, false
}

// receiverStart is where the primary expression ending before dot begins
// (names, dots, and bracketed calls and indexes), or -1.
func receiverStart(text string, dot int) int {
	i := dot
	for i > 0 {
		c := text[i-1]
		switch {
		case c == ')' || c == ']':
			depth := 0
			k := i - 1
			for ; k >= 0; k-- {
				if text[k] == ')' || text[k] == ']' {
					depth++
				} else if text[k] == '(' || text[k] == '[' {
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if k < 0 {
				return -1
			}
			i = k
		case isIdent(c):
			for i > 0 && isIdent(text[i-1]) {
				i--
			}
			if i > 0 && text[i-1] == '.' {
				i--
				continue
			}
			return i
		default:
			return i
		}
	}
	return i
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isIdent(s[i]) {
			return false
		}
	}
	return s != ""
}

// streamlitVersion is what st.__version__ reads as: the release of the
// e2e apps measured.
const streamlitVersion = "1.39.0"

func appendNew(list []string, s string) []string {
	if contains(list, s) {
		return list
	}
	return append(list, s)
}

// generatorDefs finds the functions that yield values only as statements
// (`yield x`), which the translation makes list-returning functions:
// `_gen = []` first, `yield x` as `_gen.append(x)`, `return` as
// `return _gen`, and `return _gen` at the end. A function with a bare
// `yield` or a yield inside an expression (a context manager, a coroutine)
// or declared async is left to fail. gens holds the def lines' indices,
// yields maps each yield statement's line to its def's line.
func generatorDefs(lines []line) (gens map[int]bool, yields map[int]int) {
	gens, yields = map[int]bool{}, map[int]int{}
	bad := map[int]bool{}
	for li, l := range lines {
		if l.blank || !strings.Contains(l.text, "yield") {
			continue
		}
		owner := enclosingDef(lines, li)
		if owner < 0 {
			continue
		}
		if reYield.MatchString(l.text) && !strings.HasPrefix(l.text, "yield from ") {
			yields[li] = owner
			gens[owner] = true
		} else if regexpYieldWord.MatchString(l.text) {
			bad[owner] = true
		}
	}
	for d := range gens {
		if bad[d] || strings.HasPrefix(lines[d].text, "async") {
			delete(gens, d)
		}
	}
	return gens, yields
}

var regexpYieldWord = regexp.MustCompile(`(^|[^\w"'])yield\b`)

// enclosingDef is the index of the innermost def whose body holds line li,
// or -1.
func enclosingDef(lines []line, li int) int {
	indent := lines[li].indent
	for k := li - 1; k >= 0; k-- {
		l := lines[k]
		if l.blank || l.indent >= indent {
			continue
		}
		if reDef.MatchString(l.text) {
			return k
		}
		indent = l.indent
	}
	return -1
}

// bodyIndent is the indentation of the first statement after line li.
func bodyIndent(lines []line, li int) int {
	for k := li + 1; k < len(lines); k++ {
		if !lines[k].blank {
			return lines[k].indent
		}
	}
	return lines[li].indent + 4
}

// quoted steps a scan of Python source over its string literals: when
// text[*i] is in a literal (or opens one) it records the literal's quote in
// *q, steps over an escaped byte and reports true: the byte is not code.
func quoted(text string, i *int, q *byte) bool {
	c := text[*i]
	switch {
	case *q != 0:
		if c == '\\' {
			*i++
		} else if c == *q {
			*q = 0
		}
		return true
	case c == '"' || c == '\'':
		*q = c
		return true
	}
	return false
}
