package host

// This file gives errors that come from Python habits a hint: what to write
// in Starlark instead. A hint is matched on the error's message and, for a
// compile error, its source line; it never changes the message.

import (
	"regexp"
	"strings"
)

// A hintRule gives its hint to an error whose message matches msg and,
// when line is set, whose source line matches line.
type hintRule struct {
	msg, line *regexp.Regexp
	hint      string
}

var hintRules = []hintRule{
	{msg: re(`^got string literal`), line: re(`(^|[^\w])[fF][rR]?["']`),
		hint: `Starlark has no f-strings: write "Hello %s" % name, or "Hello {}".format(name)`},
	{msg: re(`^got (import|from),`),
		hint: `stark pages import nothing: st, data, table, json, http, sql, time, math, fmt, spawn and cache_data are already there; load("lib/util.star", "f") loads a function from your own file`},
	{msg: re(`^got with,`),
		hint: `containers are values, not context managers: col1, col2 = st.columns(2), then col1.write(...); st.sidebar.write(...); f = st.form("f"), then f.text_input(...)`},
	{msg: re(`unexpected input character '@'`),
		hint: `Starlark has no decorators: after the def, wrap the function: f = st.cache_data(f), f = st.fragment(f)`},
	{msg: re(`^got (try|except|finally|raise),`),
		hint: `Starlark has no try or raise: an error stops the run and is shown with its line; check first (if k in d, d.get(k)), stop with fail("why"); a spawned task's error is task.exception()`},
	{msg: re(`^got del,`),
		hint: `Starlark has no del: d.pop(k) removes a key (st.session_state.pop(k) too), lst.pop(i) or lst.remove(x) an item`},
	{msg: re(`^got class,`),
		hint: `Starlark has no classes: keep data in dicts (or tables), behaviour in functions that take them`},
	{msg: re(`^got is,`),
		hint: `Starlark has no is: compare with == and != (x == None)`},
	{msg: re(`^got (global|nonlocal),`),
		hint: `Starlark has no global: return the new value, or keep it in st.session_state`},
	{msg: re(`^got '=', want '\('`), line: re(`^\s*load\s*=`),
		hint: `load is reserved in Starlark (it loads modules): choose another name`},
	{msg: re(`^got (yield|async|await)`),
		hint: `Starlark has no generators or async: build a list and return it; spawn(f) runs f on a thread of its own`},
	{msg: re(`^undefined: sum$`),
		hint: `Starlark has no sum: add in a loop (total = 0, then for x in xs: total += x), or aggregate a table: t.group_by("k").agg(total=("v", "sum"))`},
	{msg: re(`^undefined: (open|input|exec|eval|__import__)$`),
		hint: `pages cannot reach files, the console or Python: read the app's files with data.csv("file.csv"), data.json(...); ask the visitor with st.text_input`},
	{msg: re(`^undefined: (isinstance)$`),
		hint: `compare types by name: type(x) == "list"`},
	{msg: re(`^undefined: (True|False|None)$`),
		hint: `this name is Starlark's too; check its case`},
	{msg: re(`^undefined: (pd|np|plt|datetime|os|sys|re)$`),
		hint: `Starlark has no Python modules: tables are data.table(...) and data.csv(...), dates are time.time values or "YYYY-MM-DD" strings, charts are st.line_chart and the others`},
	{msg: re(`cannot (append to|insert into|clear|assign to element of|pop from|remove from|extend) frozen (list|dict)|frozen (list|dict)`),
		hint: `values in st.session_state, in a cache or in a loaded module are frozen: build a new one and assign it, st.session_state["xs"] = st.session_state["xs"] + [x]`},
}

func re(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// hintFor returns the hint for e, or "".
func hintFor(e *Error) string {
	for _, r := range hintRules {
		if !r.msg.MatchString(e.Message) {
			continue
		}
		if r.line != nil && !r.line.MatchString(e.Snippet) {
			continue
		}
		return r.hint
	}
	return ""
}

// hinted sets e's hint, if it has none, and returns e.
func hinted(e *Error) *Error {
	if e != nil && e.Hint == "" {
		e.Hint = hintFor(e)
	}
	return e
}

// Suggest returns the candidate closest to name, for a "did you mean"
// when name is unknown: one that starts with name and an underscore
// (min → min_value), or one at most two edits away (a third of name's
// length for short names). It returns "" when none is close.
func Suggest(name string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if c == name {
			continue
		}
		if strings.HasPrefix(c, name+"_") || strings.HasSuffix(c, "_"+name) {
			return c
		}
		limit := min(2, max(1, len(name)/3))
		if d := editDistance(name, c); d <= limit && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the number of edits (insert, delete, replace, or swap
// two neighbours: "lable" is one from "label") that make a into b.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
