package apptest

// This file defines the assert module of test files.

import (
	"fmt"
	"regexp"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"
)

// A Failure is an assertion that did not hold: it ends the test, whose
// report gives the position of the assert call.
type Failure struct{ Msg string }

func (f *Failure) Error() string { return f.Msg }

var assertModule = &starlarkstruct.Module{Name: "assert", Members: starlark.StringDict{
	"eq":       starlark.NewBuiltin("assert.eq", assertEq),
	"ne":       starlark.NewBuiltin("assert.ne", assertNe),
	"true":     starlark.NewBuiltin("assert.true", assertTrue),
	"false":    starlark.NewBuiltin("assert.false", assertFalse),
	"contains": starlark.NewBuiltin("assert.contains", assertContains),
	"fails":    starlark.NewBuiltin("assert.fails", assertFails),
}}

// maxRepr bounds a value's text in a failure.
const maxRepr = 300

func repr(v starlark.Value) string {
	s := v.String()
	if len(s) > maxRepr {
		s = s[:maxRepr] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}

// fail returns the failure of b: "assert.eq: msg: detail".
func fail(b *starlark.Builtin, msg, detail string) error {
	if msg != "" {
		return &Failure{Msg: fmt.Sprintf("%s: %s: %s", b.Name(), msg, detail)}
	}
	return &Failure{Msg: fmt.Sprintf("%s: %s", b.Name(), detail)}
}

func unpackPair(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (x, y starlark.Value, msg string, err error) {
	err = starlark.UnpackArgs(b.Name(), args, kwargs, "a", &x, "b", &y, "msg?", &msg)
	return
}

func assertEq(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	x, y, msg, err := unpackPair(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	eq, err := starlark.Equal(x, y)
	if err != nil {
		return nil, fail(b, msg, err.Error())
	}
	if eq {
		return starlark.None, nil
	}
	xs, xok := x.(starlark.String)
	ys, yok := y.(starlark.String)
	if xok && yok && (strings.Contains(string(xs), "\n") || strings.Contains(string(ys), "\n") || len(xs) > 80 || len(ys) > 80) {
		return nil, fail(b, msg, "the strings differ (- got, + want):\n"+lineDiff(string(xs), string(ys)))
	}
	return nil, fail(b, msg, fmt.Sprintf("%s != %s", repr(x), repr(y)))
}

func assertNe(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	x, y, msg, err := unpackPair(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	eq, err := starlark.Equal(x, y)
	if err != nil {
		return nil, fail(b, msg, err.Error())
	}
	if eq {
		return nil, fail(b, msg, fmt.Sprintf("both are %s", repr(x)))
	}
	return starlark.None, nil
}

func assertTruth(want bool) func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x starlark.Value
		var msg string
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "x", &x, "msg?", &msg); err != nil {
			return nil, err
		}
		if bool(x.Truth()) != want {
			return nil, fail(b, msg, fmt.Sprintf("%s is %t", repr(x), !want))
		}
		return starlark.None, nil
	}
}

var (
	assertTrue  = assertTruth(true)
	assertFalse = assertTruth(false)
)

func assertContains(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var container, x starlark.Value
	var msg string
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "container", &container, "x", &x, "msg?", &msg); err != nil {
		return nil, err
	}
	in, err := starlark.Binary(syntax.IN, x, container)
	if err != nil {
		return nil, fail(b, msg, err.Error())
	}
	if !in.Truth() {
		return nil, fail(b, msg, fmt.Sprintf("%s is not in %s", repr(x), repr(container)))
	}
	return starlark.None, nil
}

// assertFails calls fn and requires it to fail with a message that the
// pattern (a regular expression) matches; it returns the message.
func assertFails(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Callable
	var pattern, msg string
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "fn", &fn, "pattern", &pattern, "msg?", &msg); err != nil {
		return nil, err
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("%s: the pattern %q: %v", b.Name(), pattern, err)
	}
	_, err = starlark.Call(th, fn, nil, nil)
	if err == nil {
		return nil, fail(b, msg, fmt.Sprintf("%s did not fail", repr(fn)))
	}
	if tc, _ := th.Local(testKey).(*testContext); tc != nil && th.ExecutionSteps() >= tc.suite.maxSteps() {
		return nil, err // the test's step limit: not the failure asked for
	}
	text := err.Error()
	if ee, ok := err.(*starlark.EvalError); ok {
		text = ee.Msg
	}
	if !re.MatchString(text) {
		return nil, fail(b, msg, fmt.Sprintf("the error %q does not match %q", text, pattern))
	}
	return starlark.String(text), nil
}

// lineDiff is a line diff of got and want: "- " lines only in got, "+ "
// lines only in want, "  " lines in both (at most 3 around a change).
func lineDiff(got, want string) string {
	a, b := strings.Split(got, "\n"), strings.Split(want, "\n")
	const maxLines = 2000
	if len(a) > maxLines || len(b) > maxLines {
		return fmt.Sprintf("- (%d lines)\n+ (%d lines)", len(a), len(b))
	}
	// The longest common subsequence, by dynamic programming.
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var lines []line
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			lines = append(lines, line{' ', a[i]})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			lines = append(lines, line{'-', a[i]})
			i++
		default:
			lines = append(lines, line{'+', b[j]})
			j++
		}
	}
	// Keep 3 lines of context around changes.
	keep := make([]bool, len(lines))
	for k, l := range lines {
		if l.op != ' ' {
			for d := max(0, k-3); d <= min(len(lines)-1, k+3); d++ {
				keep[d] = true
			}
		}
	}
	var sb strings.Builder
	skipped := false
	for k, l := range lines {
		if !keep[k] {
			skipped = true
			continue
		}
		if skipped {
			sb.WriteString("  …\n")
			skipped = false
		}
		fmt.Fprintf(&sb, "%c %s\n", l.op, l.text)
	}
	if skipped {
		sb.WriteString("  …\n")
	}
	return strings.TrimRight(sb.String(), "\n")
}
