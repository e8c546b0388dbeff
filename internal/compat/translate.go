package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// A translation of a Python Streamlit app into a stark page, by the
// mechanical rules that Starlark forces and nothing more:
//
//   - imports are dropped (an indented one becomes pass);
//   - `with X as y:` becomes `y = X` and `with X:` becomes `_wN = X`, each
//     followed by `if True:` so that the body keeps its indentation; in the
//     body of `with X:` the calls `st.name(` write into _wN (`_wN.name(`),
//     except st.spinner, whose body writes where it was and which is closed
//     with `_wN.done()`;
//   - `with st.echo(ARGS):` becomes `def _echo_N():` over the same body
//     (so st.echo shows the block's own lines) followed by
//     `st.echo(_echo_N, ARGS)`; the names the block binds at its own level
//     and a later line mentions are returned by the function and bound again
//     by the call (`(x,) = st.echo(_echo_1)`), since Starlark has no
//     nonlocal: the shown code then ends with that return line (echoExports);
//   - Python strings are iterable, Starlark's are not: list(x) and
//     tuple(x) become compat_list(x) and compat_tuple(x)
//     (prelude/builtins.star: a string gives its characters, anything else
//     is passed to list or tuple), and `for c in "literal"` iterates
//     "literal".elems(); a loop over a string held in a variable is left
//     to fail, since the translation cannot see its type;
//   - decorators become wrappers after the function: `@st.cache_data(ttl=1)`
//     on `def f` gives `f = st.cache_data(f, ttl=1)`;
//   - f-strings become `%` formatting (`("a %s" % (x,))`), or fmt() when a
//     field has a format spec; adjacent string literals are joined with `+`;
//   - `a is b` becomes `a == b` and `is not` `!=`; `del x[k]` becomes
//     `x.pop(k)` and `del x.a` `x.pop("a")`; type annotations are dropped;
//   - a generator expression alone in a call's parentheses becomes a list
//     comprehension: f(x for x in y) is f([x for x in y]);
//   - a name bound to streamlit.components.v1 (import … as components, or
//     from streamlit.components.v1 import components: the legacy module) is
//     written st.components.v1 (components.html( → st.components.v1.html(),
//     and import streamlit's name is st (stModules);
//   - time.sleep becomes stark's sleep, and runtime.exists() (Streamlit's
//     "am I running in Streamlit") True;
//   - a module with a shim in prelude/ (numpy, pandas, datetime, os, uuid,
//     random, typing, graphviz, and shared: the e2e suite's helpers) is loaded instead of imported: every reference through
//     a name the import binds becomes the shim's function named after the
//     Python path (import numpy as np; np.random.randn → numpy__random__randn,
//     from datetime import date; date.today → datetime__date__today), loaded
//     at the top (load("_compat/numpy.star", "numpy__random__randn")); a
//     function the shim lacks fails the load, naming it. numpy.random.* and
//     random.* get the page's generator first (_compat_rng, made at the top),
//     since a loaded module's values are frozen. main.go copies the shims
//     beside each page (_compat/);
//   - try: runs its body alone: except clauses are dropped, else and finally
//     run after it (so an exception the app expected fails the run);
//     raise X("m") becomes fail("X:", "m");
//   - a chained comparison a <= b < c becomes (a <= b and b < c) (outside
//     strings, operands without spaces); `if x := e:` becomes x = e, if x:;
//     __file__ is "app.py"; st.__version__ is "1.39.0";
//   - an exception made and not raised, NameError(args) or NameException(args),
//     becomes compat_exception("NameError", args) (prelude/exceptions.star:
//     the string Python prints for it);
//   - a function that yields only as statements returns the list of what it
//     yields (generatorDefs in methods.go);
//   - x.reshape(…), x.astype(…), x.T and x.set_index(…) become shim
//     functions with the receiver first, when the app imports the shim's
//     module (methods in methods.go).
//
// Classes, context managers and coroutines (a bare yield), lambdas with statements and the modules
// without a shim are left to fail: the measurement counts them.
//
// st.xxx calls are kept as Streamlit spells them: whether stark has them is
// what the measurement finds out.

// translation is the result of translating one app.
type translation struct {
	out     string
	imports []string // modules other than streamlit that the app imports
	shims   []string // the shim modules the translation loads (prelude/NAME.star)
}

// line is a logical line: one statement, possibly spanning physical lines
// (open brackets, triple-quoted strings, backslashes).
type line struct {
	indent int
	text   string // with f-strings already translated, without the indentation
	blank  bool   // empty or only a comment
}

// block is a compound statement whose end the translator waits for.
type block struct {
	indent     int
	after      []string // lines emitted when the block ends, at indent
	with       string   // for `with X:`: the container variable of the body, or ""
	tail       []string // lines emitted at the end of the body, at tailIndent
	tailIndent int
}

var (
	reImport   = regexp.MustCompile(`^(import|from)\s+([A-Za-z_][\w.]*)`)
	reWith     = regexp.MustCompile(`(?s)^(async\s+)?with\s+(.*?)\s*:\s*(#.*)?$`)
	reWithAs   = regexp.MustCompile(`(?s)^(.*?)\s+as\s+(.+)$`)
	reDef      = regexp.MustCompile(`^(async\s+)?def\s+([A-Za-z_]\w*)`)
	reStCall   = regexp.MustCompile(`\bst\.([a-z_]\w*)\s*\(`)
	reSleep    = regexp.MustCompile(`\btime\.sleep\(`)
	reDecoCall = regexp.MustCompile(`^@\s*([\w.]+)\s*(\((.*)\))?\s*(#.*)?$`)
	reRuntime  = regexp.MustCompile(`\bruntime\.exists\(\)`)
	reDelIndex = regexp.MustCompile(`^del\s+(.+)\[(.+)\]\s*$`)
	reDelAttr  = regexp.MustCompile(`^del\s+(.+)\.(\w+)\s*$`)
	reVarAnn   = regexp.MustCompile(`^([\w.]+)\s*:\s*[^=]+?=\s*`)
	reRetAnn   = regexp.MustCompile(`\)\s*->\s*[^:]+:\s*$`)
	reParamAnn = regexp.MustCompile(`(\w+)\s*:\s*[\w\[\]., |"']+?\s*([,)=])`)
	reTry      = regexp.MustCompile(`^try\s*:\s*(#.*)?$`)
	reExcept   = regexp.MustCompile(`^except\b.*:\s*(#.*)?$`)
	reFinally  = regexp.MustCompile(`^(finally|else)\s*:\s*(#.*)?$`)
	reRaise    = regexp.MustCompile(`^raise\b\s*(.*?)(\s+from\s+.*)?$`)
	reRaiseNew = regexp.MustCompile(`^([A-Za-z_][\w.]*)\s*(\((.*)\))?$`)
	reChained  = regexp.MustCompile(`([\w.\[\]()-]+)\s*(<=|<|>=|>)\s*([\w.\[\]()]+)\s*(<=|<|>=|>)\s*([\w.\[\]-]+)`)
	reWalrus   = regexp.MustCompile(`^(if|while)\s+([A-Za-z_]\w*)\s*:=\s*(.*):\s*(#.*)?$`)
	reFile     = regexp.MustCompile(`\b__file__\b`)
	reVersion  = regexp.MustCompile(`\bst\.__version__\b`)
	reExcNew   = regexp.MustCompile(`(^|[^\w.])([A-Z]\w*(?:Error|Exception))\(\s*(\)?)`)
	reYield    = regexp.MustCompile(`(?s)^yield\s+(.+)$`)
	reListCall = regexp.MustCompile(`(^|[^\w.])(list|tuple)\(`)
	reForStr   = regexp.MustCompile(`(\bfor\s+[\w, ]+?\s+in\s+)("[^"\\]*"|'[^'\\]*')(\s*[^\s.]|\s*$)`)
	reEcho     = regexp.MustCompile(`(?s)^(st|_w\d+)\.echo\((.*)\)$`)
	reAssigned = regexp.MustCompile(`^(?:for\s+)?([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?:=[^=]|\+=|-=|\*=|/=|in\s)`)
	reDefName  = regexp.MustCompile(`^(?:def|class)\s+([A-Za-z_]\w*)`)
)

// shims are the Python modules that have a shim in prelude/: a module of
// Starlark functions named after the Python path with __ for the dots
// (numpy.random.randn is numpy__random__randn). The translation rewrites
// every reference through an import's name to that name and loads it.
var shims = map[string]bool{"numpy": true, "pandas": true, "datetime": true, "os": true, "uuid": true, "random": true, "typing": true,
	"graphviz": true, "shared": true}

// valueDepth gives, for the shims whose members are values rather than
// functions, the length of the path that names one (shared.data_mocks.X):
// what follows it (X.set_index(…)) is an attribute or method of the value,
// not part of the name.
var valueDepth = map[string]int{"shared": 3}

// stateful are the shim paths whose functions take the page's random
// generator as first argument (a loaded module's values are frozen, so
// the state lives in the page: _compat_rng).
var stateful = []string{"numpy.random.", "random."}

// stModules are the modules of the streamlit package that a page reaches
// through st: a name an import binds to one of them is written as its st
// path (from streamlit.components.v1 import components, the legacy module
// of the same functions: components.html( is st.components.v1.html().
var stModules = map[string]string{
	"streamlit":                          "st",
	"streamlit.components":               "st.components",
	"streamlit.components.v1":            "st.components.v1",
	"streamlit.components.v1.components": "st.components.v1",
}

// notRedirected are st attributes that a `with` body does not send to the
// container: they are not elements.
var notRedirected = map[string]bool{
	"session_state": true, "query_params": true, "sidebar": true, "rerun": true, "stop": true,
	"cache_data": true, "cache_resource": true, "fragment": true, "column_config": true,
	"secrets": true, "set_page_config": true, "switch_page": true, "experimental_rerun": true,
	"dialog": true, "experimental_dialog": true, "experimental_fragment": true, "context": true,
	"get_option": true, "set_option": true, "experimental_get_query_params": true,
	"experimental_set_query_params": true, "experimental_user": true,
}

func translate(src string) (translation, error) {
	var tr translation
	lines, err := logicalLines(src)
	if err != nil {
		return tr, err
	}
	var out []string
	var stack []block
	var decos []string // pending decorators, outermost first
	wn := 0
	en := 0                          // with st.echo blocks
	aliases := map[string]string{}   // a name the app imports → the Python path
	stAliases := map[string]string{} // a name bound to a module of st (import streamlit.components.v1 as components) → its st path
	used := map[string][]string{}    // shim module → mangled names referenced
	rng := false
	tryAt := map[int]bool{} // indents of try statements whose clauses may follow
	skip := -1              // the indent of a dropped except clause, or -1
	emit := func(indent int, s string) {
		out = append(out, strings.Repeat(" ", indent)+s)
	}
	closeTo := func(indent int) {
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, a := range b.tail {
				emit(b.tailIndent, a)
			}
			for _, a := range b.after {
				emit(b.indent, a)
			}
		}
	}
	container := func() string {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].with != "" {
				return stack[i].with
			}
		}
		return ""
	}
	gens, yields := generatorDefs(lines)
	for li, l := range lines {
		if l.blank {
			out = append(out, strings.Repeat(" ", l.indent)+l.text)
			continue
		}
		if skip >= 0 && l.indent > skip {
			continue
		}
		skip = -1
		closeTo(l.indent)
		// try: runs its body; except clauses are dropped; else and
		// finally run after it.
		isClause := reExcept.MatchString(l.text) || reFinally.MatchString(l.text)
		for i := range tryAt {
			if i > l.indent || i == l.indent && !isClause {
				delete(tryAt, i)
			}
		}
		if reTry.MatchString(l.text) {
			tryAt[l.indent] = true
			emit(l.indent, "if True:")
			continue
		}
		if tryAt[l.indent] && reExcept.MatchString(l.text) {
			skip = l.indent
			continue
		}
		if tryAt[l.indent] && reFinally.MatchString(l.text) {
			emit(l.indent, "if True:")
			continue
		}
		text := reSleep.ReplaceAllString(l.text, "sleep(")
		text = reFile.ReplaceAllString(text, `"app.py"`)
		text = reVersion.ReplaceAllString(text, `"`+streamlitVersion+`"`)
		text = outsideStrings(text, func(code string) string {
			if reRaise.MatchString(text) {
				return code
			}
			return reExcNew.ReplaceAllStringFunc(code, func(m string) string {
				sm := reExcNew.FindStringSubmatch(m)
				used["exceptions"] = appendNew(used["exceptions"], "compat_exception")
				if sm[3] != "" {
					return sm[1] + "compat_exception(\"" + sm[2] + "\")"
				}
				return sm[1] + "compat_exception(\"" + sm[2] + "\", "
			})
		})
		if owner, ok := yields[li]; ok && gens[owner] {
			text = "_gen.append(" + reYield.FindStringSubmatch(text)[1] + ")"
		} else if owner := enclosingDef(lines, li); owner >= 0 && gens[owner] && (text == "return" || strings.HasPrefix(text, "return ")) {
			text = "return _gen"
		}
		if m := reRaise.FindStringSubmatch(text); m != nil {
			text = raise(m[1])
		}
		text = outsideStrings(text, func(code string) string {
			return reChained.ReplaceAllString(code, "($1 $2 $3 and $3 $4 $5)")
		})
		if m := reWalrus.FindStringSubmatch(text); m != nil && m[1] == "if" {
			emit(l.indent, m[2]+" = "+m[3])
			text = "if " + m[2] + ":"
		}
		text = reRuntime.ReplaceAllString(text, "True")
		text = stringIteration(text, used)
		text = generators(text)
		if m := reDelIndex.FindStringSubmatch(text); m != nil {
			text = m[1] + ".pop(" + m[2] + ")"
		} else if m := reDelAttr.FindStringSubmatch(text); m != nil {
			text = m[1] + ".pop(\"" + m[2] + "\")"
		}
		if !reDef.MatchString(text) && !strings.HasPrefix(text, "lambda") {
			if m := reVarAnn.FindStringSubmatch(text); m != nil && !keywords[m[1]] {
				text = m[1] + " = " + text[len(m[0]):]
			}
		}
		if len(aliases) > 0 && !reImport.MatchString(text) {
			text = mangle(text, aliases, used, &rng)
			imported := map[string]bool{}
			for _, path := range aliases {
				imported[strings.Split(path, ".")[0]] = true
			}
			if imported["shared"] {
				imported["pandas"] = true // its values are frames
			}
			text = methodCalls(text, imported, used)
		}
		if c := container(); c != "" {
			text = reStCall.ReplaceAllStringFunc(text, func(m string) string {
				name := reStCall.FindStringSubmatch(m)[1]
				if notRedirected[name] || strings.HasPrefix(name, "experimental_") {
					return m
				}
				return c + m[len("st"):]
			})
		}
		if len(stAliases) > 0 && !reImport.MatchString(text) {
			text = outsideStrings(text, func(code string) string {
				for name, path := range stAliases {
					code = regexp.MustCompile(`(^|[^\w.])`+regexp.QuoteMeta(name)+`\.`).ReplaceAllString(code, "${1}"+path+".")
				}
				return code
			})
		}
		if m := reImport.FindStringSubmatch(text); m != nil {
			for name, path := range importNames(text) {
				if shims[strings.Split(path, ".")[0]] {
					aliases[name] = path
				}
				if to, ok := stModules[path]; ok && to != name {
					stAliases[name] = to
				}
			}
			mod := m[2]
			if m[1] == "import" {
				for _, part := range strings.Split(strings.TrimPrefix(text, "import"), ",") {
					f := strings.Fields(part)
					if len(f) > 0 {
						tr.addImport(f[0])
					}
				}
			} else if mod == "streamlit" {
				// from streamlit import config: Streamlit's internals,
				// except runtime, whose exists() the translation answers.
				for name := range importNames(text) {
					if name != "runtime" && name != "st" {
						tr.addImport("streamlit." + name)
					}
				}
			} else {
				tr.addImport(mod)
			}
			if l.indent > 0 {
				emit(l.indent, "pass")
			}
			continue
		}
		if strings.HasPrefix(text, "@") {
			decos = append(decos, text)
			continue
		}
		if m := reDef.FindStringSubmatch(text); m != nil {
			b := block{indent: l.indent}
			text = reRetAnn.ReplaceAllString(text, "):")
			if open := strings.IndexByte(text, '('); open >= 0 {
				text = text[:open] + reParamAnn.ReplaceAllString(text[open:], "$1$2")
			}
			name := m[2]
			// Decorators apply bottom up.
			for i := len(decos) - 1; i >= 0; i-- {
				b.after = append(b.after, decorate(name, decos[i]))
			}
			decos = nil
			emit(l.indent, text)
			if gens[li] {
				body := bodyIndent(lines, li)
				emit(body, "_gen = []")
				b.tail, b.tailIndent = []string{"return _gen"}, body
			}
			stack = append(stack, b)
			continue
		}
		if m := reWith.FindStringSubmatch(text); m != nil {
			expr := m[2]
			b := block{indent: l.indent}
			if em := reEcho.FindStringSubmatch(expr); em != nil {
				// with st.echo(…): the block becomes a function that
				// st.echo shows and runs.
				en++
				fn := fmt.Sprintf("_echo_%d", en)
				args := fn
				if strings.TrimSpace(em[2]) != "" {
					args += ", " + em[2]
				}
				call := em[1] + ".echo(" + args + ")" // _wN in a container
				emit(l.indent, "def "+fn+"():")
				if names := echoExports(lines, li); len(names) > 0 {
					b.tail, b.tailIndent = []string{"return (" + strings.Join(names, ", ") + ",)"}, bodyIndent(lines, li)
					call = "(" + strings.Join(names, ", ") + ",) = " + call
				}
				b.after = []string{call}
				stack = append(stack, b)
				continue
			}
			if am := reWithAs.FindStringSubmatch(expr); am != nil {
				emit(l.indent, am[2]+" = "+am[1])
			} else {
				wn++
				v := fmt.Sprintf("_w%d", wn)
				emit(l.indent, v+" = "+expr)
				if strings.HasPrefix(expr, "st.spinner(") || strings.Contains(expr, ".spinner(") {
					b.after = []string{v + ".done()"}
				} else {
					b.with = v
				}
			}
			emit(l.indent, "if True:")
			stack = append(stack, b)
			continue
		}
		emit(l.indent, text)
	}
	closeTo(0)
	body := strings.Join(out, "\n") + "\n"
	if len(used["numpy"]) > 0 {
		var helpers []string
		body, helpers = numpyArith(body)
		for _, h := range helpers {
			used["numpy"] = appendNew(used["numpy"], h)
		}
	}
	if len(used["graphviz"]) > 0 {
		var wrapped bool
		body, wrapped = wrapFigure(body, "graphviz_chart", "graphviz__dot")
		if wrapped {
			used["graphviz"] = appendNew(used["graphviz"], "graphviz__dot")
		}
	}
	var head []string
	for _, mod := range sortedKeys(used) {
		tr.shims = append(tr.shims, mod)
		names := used[mod]
		sort.Strings(names)
		head = append(head, fmt.Sprintf("load(\"_compat/%s.star\", %s)", mod, quoteAll(names)))
	}
	if rng {
		tr.shims = append(tr.shims, "rng")
		head = append(head, `load("_compat/rng.star", "compat_rng")`, "_compat_rng = compat_rng()")
	}
	tr.out = body
	if len(head) > 0 {
		tr.out = strings.Join(head, "\n") + "\n" + body
	}
	return tr, nil
}

// outsideStrings applies f to the parts of text outside string literals.
func outsideStrings(text string, f func(string) string) string {
	var b strings.Builder
	start := 0
	var inStr byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		if inStr != 0 {
			if c == '\\' {
				i++
			} else if c == inStr {
				inStr = 0
				b.WriteString(text[start : i+1])
				start = i + 1
			}
			continue
		}
		if c == '"' || c == '\'' {
			b.WriteString(f(text[start:i]))
			start = i
			inStr = c
		}
	}
	if inStr != 0 {
		b.WriteString(text[start:])
	} else {
		b.WriteString(f(text[start:]))
	}
	return b.String()
}

// raise translates the operand of a raise statement into a call of fail:
// raise ValueError("x") is fail("ValueError:", "x").
func raise(operand string) string {
	if operand == "" {
		return `fail("raise")`
	}
	if m := reRaiseNew.FindStringSubmatch(operand); m != nil {
		if strings.TrimSpace(m[3]) == "" {
			return fmt.Sprintf("fail(%q)", m[1])
		}
		return fmt.Sprintf("fail(%q, %s)", m[1]+":", m[3])
	}
	return "fail(" + operand + ")"
}

// importNames returns the names an import statement binds and the Python
// paths they stand for: import numpy as np gives np → numpy, from datetime
// import date gives date → datetime.date.
func importNames(text string) map[string]string {
	names := map[string]string{}
	text = strings.NewReplacer("(", " ", ")", " ", "\n", " ", "\\", " ").Replace(text)
	if rest, ok := strings.CutPrefix(text, "from "); ok {
		mod, what, ok := strings.Cut(rest, " import ")
		if !ok {
			return names
		}
		mod = strings.TrimSpace(mod)
		for _, part := range strings.Split(what, ",") {
			f := strings.Fields(part)
			switch {
			case len(f) == 1 && f[0] != "*":
				names[f[0]] = mod + "." + f[0]
			case len(f) == 3 && f[1] == "as":
				names[f[2]] = mod + "." + f[0]
			}
		}
		return names
	}
	for _, part := range strings.Split(strings.TrimPrefix(text, "import "), ",") {
		f := strings.Fields(part)
		switch {
		case len(f) == 1:
			root := strings.Split(f[0], ".")[0]
			names[root] = root
		case len(f) == 3 && f[1] == "as":
			names[f[2]] = f[0]
		}
	}
	return names
}

// mangle rewrites each reference through an imported name outside string
// literals (np.random.randn, date.today, uuid4) to the shim's function
// (numpy__random__randn, datetime__date__today, uuid__uuid4), recording it
// in used. A name after a dot, or before = (a keyword argument or an
// assignment), is left alone.
func mangle(text string, aliases map[string]string, used map[string][]string, rng *bool) string {
	var b strings.Builder
	var inStr byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		if inStr != 0 {
			b.WriteByte(c)
			if c == '\\' && i+1 < len(text) {
				i++
				b.WriteByte(text[i])
			} else if c == inStr {
				inStr = 0
			}
			continue
		}
		if c == '"' || c == '\'' {
			inStr = c
			b.WriteByte(c)
			continue
		}
		if !isIdent(c) || i > 0 && (isIdent(text[i-1]) || text[i-1] == '.') {
			b.WriteByte(c)
			continue
		}
		j := i
		for j < len(text) && isIdent(text[j]) {
			j++
		}
		word := text[i:j]
		path, ok := aliases[word]
		rest := strings.TrimLeft(text[j:], " ")
		if !ok || strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "==") {
			b.WriteString(word)
			i = j - 1
			continue
		}
		// The dotted chain after the name.
		for j < len(text) && text[j] == '.' && j+1 < len(text) && isIdent(text[j+1]) {
			if d, ok := valueDepth[strings.Split(path, ".")[0]]; ok && strings.Count(path, ".")+1 >= d {
				break // a value's attribute or method stays one
			}
			k := j + 1
			for k < len(text) && isIdent(text[k]) {
				k++
			}
			path += text[j:k]
			j = k
		}
		mod := strings.Split(path, ".")[0]
		name := strings.ReplaceAll(path, ".", "__")
		if !contains(used[mod], name) {
			used[mod] = append(used[mod], name)
		}
		b.WriteString(name)
		if j < len(text) && text[j] == '(' {
			for _, p := range stateful {
				if strings.HasPrefix(path, p) {
					*rng = true
					if strings.HasPrefix(strings.TrimLeft(text[j+1:], " "), ")") {
						b.WriteString("(_compat_rng")
					} else {
						b.WriteString("(_compat_rng, ")
					}
					j++
					break
				}
			}
		}
		i = j - 1
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string][]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

var keywords = map[string]bool{"else": true, "try": true, "finally": true, "except": true, "lambda": true,
	"if": true, "elif": true, "while": true, "for": true, "class": true}

// generators makes a list comprehension of each generator expression that is
// the only argument of a call (Starlark has no generator expressions).
func generators(text string) string {
	type open struct {
		at       int
		hasFor   bool
		hasComma bool
	}
	var stack []open
	var inStr byte
	b := []byte(text)
	var edits [][2]int // positions of ( and ) to bracket
	for i := 0; i < len(b); i++ {
		if quoted(text, &i, &inStr) {
			continue
		}
		c := b[i]
		switch c {
		case '(', '[', '{':
			stack = append(stack, open{at: i})
		case ')', ']', '}':
			if len(stack) == 0 {
				continue
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if c == ')' && o.hasFor && !o.hasComma {
				edits = append(edits, [2]int{o.at, i})
			}
		case ',':
			if len(stack) > 0 {
				stack[len(stack)-1].hasComma = true
			}
		default:
			if len(stack) > 0 && c == 'f' && strings.HasPrefix(text[i:], "for ") && (i == 0 || !isIdent(b[i-1])) {
				stack[len(stack)-1].hasFor = true
			}
		}
	}
	if len(edits) == 0 {
		return text
	}
	ins := map[int]string{}
	for _, e := range edits {
		ins[e[0]] += "["
		ins[e[1]] = "]" + ins[e[1]]
	}
	var out strings.Builder
	for i := 0; i < len(text); i++ {
		if s, ok := ins[i]; ok && text[i] == '(' {
			out.WriteByte('(')
			out.WriteString(s)
			continue
		} else if ok {
			out.WriteString(s)
		}
		out.WriteByte(text[i])
	}
	return out.String()
}

func (tr *translation) addImport(mod string) {
	parts := strings.Split(mod, ".")
	root := parts[0]
	if root == "__future__" || root == "typing" || mod == "streamlit" {
		return
	}
	if root == "streamlit" {
		root = "streamlit." + parts[1] // streamlit.components: not the st API
	}
	for _, m := range tr.imports {
		if m == root {
			return
		}
	}
	tr.imports = append(tr.imports, root)
}

// decorate turns a decorator line into the assignment that wraps fn.
func decorate(fn, deco string) string {
	m := reDecoCall.FindStringSubmatch(deco)
	if m == nil {
		return fn + " = " + strings.TrimPrefix(deco, "@") + "(" + fn + ")"
	}
	if strings.TrimSpace(m[3]) == "" {
		return fn + " = " + m[1] + "(" + fn + ")"
	}
	return fn + " = " + m[1] + "(" + fn + ", " + m[3] + ")"
}

// logicalLines splits Python source into logical lines, translating string
// literals on the way (f-strings, adjacent literals).
func logicalLines(src string) ([]line, error) {
	var lines []line
	sc := &scanner{src: src}
	for sc.pos < len(src) {
		// Indentation of the line.
		start := sc.pos
		for sc.pos < len(src) && (src[sc.pos] == ' ' || src[sc.pos] == '\t') {
			sc.pos++
		}
		indent := 0
		for _, c := range src[start:sc.pos] {
			if c == '\t' {
				indent += 8 - indent%8
			} else {
				indent++
			}
		}
		text, err := sc.logical()
		if err != nil {
			return nil, err
		}
		t := strings.TrimRight(text, " \t")
		lines = append(lines, line{indent: indent, text: t, blank: t == "" || strings.HasPrefix(t, "#")})
	}
	return lines, nil
}

type scanner struct {
	src string
	pos int
}

// logical reads to the end of a logical line and returns it translated.
func (sc *scanner) logical() (string, error) {
	var b strings.Builder
	depth := 0
	lastString := false // the last token was a string literal
	for sc.pos < len(sc.src) {
		c := sc.src[sc.pos]
		switch {
		case c == '\n':
			sc.pos++
			if depth == 0 {
				return b.String(), nil
			}
			b.WriteByte('\n')
			continue
		case c == '\\' && sc.pos+1 < len(sc.src) && sc.src[sc.pos+1] == '\n':
			sc.pos += 2
			b.WriteByte(' ')
			continue
		case c == '#':
			end := strings.IndexByte(sc.src[sc.pos:], '\n')
			if end < 0 {
				end = len(sc.src) - sc.pos
			}
			if depth == 0 {
				b.WriteString(sc.src[sc.pos : sc.pos+end])
			}
			sc.pos += end
			continue
		case c == ' ' || c == '\t' || c == '\r':
			b.WriteByte(c)
			sc.pos++
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		}
		if prefix, ok := sc.stringStart(); ok {
			lit, err := sc.stringLiteral(prefix)
			if err != nil {
				return "", err
			}
			if lastString {
				b.WriteString(" + ")
			}
			b.WriteString(lit)
			lastString = true
			continue
		}
		lastString = false
		// An identifier or number goes whole, so that a name ending in f
		// or r is not taken for a string prefix.
		if isIdent(c) {
			s := sc.pos
			for sc.pos < len(sc.src) && isIdent(sc.src[sc.pos]) {
				sc.pos++
			}
			word := sc.src[s:sc.pos]
			if word == "is" {
				// Starlark has no identity: a is b becomes a == b.
				rest := strings.TrimLeft(sc.src[sc.pos:], " \t")
				if strings.HasPrefix(rest, "not") && (len(rest) == 3 || !isIdent(rest[3])) {
					sc.pos = len(sc.src) - len(rest) + 3
					word = "!="
				} else {
					word = "=="
				}
			}
			b.WriteString(word)
			continue
		}
		b.WriteByte(c)
		sc.pos++
	}
	return b.String(), nil
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// stringStart reports whether a string literal starts at pos, and its prefix.
func (sc *scanner) stringStart() (string, bool) {
	i := sc.pos
	for i < len(sc.src) && i-sc.pos < 2 && strings.ContainsRune("rRbBfFuU", rune(sc.src[i])) {
		i++
	}
	if i < len(sc.src) && (sc.src[i] == '"' || sc.src[i] == '\'') {
		return sc.src[sc.pos:i], true
	}
	return "", false
}

// stringLiteral reads the literal at pos (after its prefix) and returns its
// translation.
func (sc *scanner) stringLiteral(prefix string) (string, error) {
	sc.pos += len(prefix)
	q := sc.src[sc.pos : sc.pos+1]
	if strings.HasPrefix(sc.src[sc.pos:], q+q+q) {
		q = q + q + q
	}
	start := sc.pos
	sc.pos += len(q)
	raw := strings.ContainsAny(prefix, "rR")
	for {
		if sc.pos >= len(sc.src) {
			return "", fmt.Errorf("unterminated string at offset %d", start)
		}
		c := sc.src[sc.pos]
		if c == '\\' {
			sc.pos += 2
			continue
		}
		if len(q) == 1 && c == '\n' && !raw {
			return "", fmt.Errorf("newline in string at offset %d", start)
		}
		if strings.HasPrefix(sc.src[sc.pos:], q) {
			sc.pos += len(q)
			break
		}
		sc.pos++
	}
	body := sc.src[start+len(q) : sc.pos-len(q)]
	keep := strings.Map(func(r rune) rune {
		if r == 'f' || r == 'F' || r == 'u' || r == 'U' {
			return -1
		}
		return r
	}, prefix)
	if !strings.ContainsAny(prefix, "fF") {
		return keep + q + body + q, nil
	}
	return fstring(keep, q, body)
}

// fstring translates the body of an f-string.
func fstring(prefix, q, body string) (string, error) {
	var lit strings.Builder // the format, in % or {} syntax
	var fields []struct{ expr, conv, spec string }
	var lits []string
	cur := ""
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '{' && i+1 < len(body) && body[i+1] == '{':
			cur += "{"
			i++
		case c == '}' && i+1 < len(body) && body[i+1] == '}':
			cur += "}"
			i++
		case c == '{':
			// The expression runs to the matching } at depth 0, outside
			// strings; then !conv and :spec.
			j, depth := i+1, 0
			var inStr byte
			exprEnd, convAt, specAt := -1, -1, -1
			for ; j < len(body); j++ {
				if quoted(body, &j, &inStr) {
					continue
				}
				d := body[j]
				if d == '}' && depth == 0 {
					exprEnd = j
					break
				}
				switch {
				case d == '(' || d == '[' || d == '{':
					depth++
				case d == ')' || d == ']' || d == '}':
					depth--
				case d == '!' && depth == 0 && convAt < 0 && specAt < 0 && j+1 < len(body) && body[j+1] != '=':
					convAt = j
				case d == ':' && depth == 0 && specAt < 0:
					specAt = j
				}
			}
			if exprEnd < 0 {
				return "", fmt.Errorf("f-string: unclosed { in %q", body)
			}
			end := exprEnd
			if specAt >= 0 {
				end = specAt
			}
			if convAt >= 0 && convAt < end {
				end = convAt
			}
			expr := body[i+1 : end]
			conv, spec := "", ""
			if convAt >= 0 {
				stop := exprEnd
				if specAt > convAt {
					stop = specAt
				}
				conv = body[convAt+1 : stop]
			}
			if specAt >= 0 {
				spec = body[specAt+1 : exprEnd]
			}
			if e := strings.TrimRight(expr, " "); strings.HasSuffix(e, "=") && !strings.HasSuffix(e, "==") {
				cur += strings.TrimSuffix(expr, "=") + "="
				expr = strings.TrimSuffix(e, "=")
				if conv == "" && spec == "" {
					conv = "r"
				}
			}
			// Nested f-strings and quotes inside the expression.
			if strings.ContainsAny(expr, "'\"") {
				t, err := logicalLines(expr)
				if err == nil && len(t) == 1 {
					expr = t[0].text
				}
			}
			lits = append(lits, cur)
			cur = ""
			fields = append(fields, struct{ expr, conv, spec string }{strings.TrimSpace(expr), conv, spec})
			i = exprEnd
		default:
			cur += string(c)
		}
	}
	lits = append(lits, cur)
	useFmt := false
	for _, f := range fields {
		if f.spec != "" {
			useFmt = true
		}
	}
	var args []string
	for i, f := range fields {
		args = append(args, f.expr)
		if useFmt {
			lit.WriteString(strings.NewReplacer("{", "{{", "}", "}}").Replace(lits[i]))
			lit.WriteString("{")
			if f.conv != "" {
				lit.WriteString("!" + f.conv)
			}
			if f.spec != "" {
				lit.WriteString(":" + f.spec)
			}
			lit.WriteString("}")
		} else {
			lit.WriteString(strings.ReplaceAll(lits[i], "%", "%%"))
			if f.conv == "r" {
				lit.WriteString("%r")
			} else {
				lit.WriteString("%s")
			}
		}
	}
	last := lits[len(lits)-1]
	if useFmt {
		lit.WriteString(strings.NewReplacer("{", "{{", "}", "}}").Replace(last))
	} else if len(fields) > 0 {
		lit.WriteString(strings.ReplaceAll(last, "%", "%%"))
	} else {
		lit.WriteString(last)
	}
	s := prefix + q + lit.String() + q
	switch {
	case len(fields) == 0:
		return s, nil
	case useFmt:
		return "fmt(" + s + ", " + strings.Join(args, ", ") + ")", nil
	default:
		return "(" + s + " % (" + strings.Join(args, ", ") + ",))", nil
	}
}

// echoExports returns the names that the body of the `with st.echo():` at
// line li binds at its own level (x = …, a, b = …, for x in …, def f) and
// that a line after the block mentions. The block is a function in the
// translation, so these names would be local to it: the function returns
// them and the call binds them again ((x,) = st.echo(_echo_1)). The shown
// code then ends with that return line, the one difference from Streamlit.
func echoExports(lines []line, li int) []string {
	body := bodyIndent(lines, li)
	end := len(lines)
	var bound []string
	for k := li + 1; k < len(lines); k++ {
		l := lines[k]
		if l.blank {
			continue
		}
		if l.indent <= lines[li].indent {
			end = k
			break
		}
		if l.indent != body {
			continue
		}
		if m := reAssigned.FindStringSubmatch(l.text); m != nil {
			for _, n := range strings.Split(m[1], ",") {
				bound = appendNew(bound, strings.TrimSpace(n))
			}
		} else if m := reDefName.FindStringSubmatch(l.text); m != nil {
			bound = appendNew(bound, m[1])
		}
	}
	var used []string
	for _, n := range bound {
		re := regexp.MustCompile(`(^|[^\w.])` + regexp.QuoteMeta(n) + `\b`)
		for k := end; k < len(lines); k++ {
			mentioned := false
			outsideStrings(lines[k].text, func(code string) string {
				mentioned = mentioned || re.MatchString(code)
				return code
			})
			if !lines[k].blank && mentioned {
				used = append(used, n)
				break
			}
		}
	}
	return used
}

// stringIteration rewrites, outside string literals, list( and tuple( to
// the prelude's compat_list( and compat_tuple( (which treat a string as its
// characters, as Python does), and adds .elems() to a string literal that a
// for clause iterates.
func stringIteration(text string, used map[string][]string) string {
	text = outsideStrings(text, func(code string) string {
		return reListCall.ReplaceAllStringFunc(code, func(m string) string {
			sm := reListCall.FindStringSubmatch(m)
			used["builtins"] = appendNew(used["builtins"], "compat_"+sm[2])
			return sm[1] + "compat_" + sm[2] + "("
		})
	})
	return reForStr.ReplaceAllString(text, "$1$2.elems()$3")
}
