package host

// This file holds the argument conventions of stark's builtins, for every
// package that defines some: arguments unpacked with one message form, the
// sandbox found or the builtin named, durations given as seconds or text.

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
	"time"

	"go.starlark.net/starlark"
)

// UnpackArgs is [starlark.UnpackArgs] with one form for an argument of the
// wrong value, whether it was given by position or by keyword:
//
//	slider: for parameter min_value: got string, want int
//
// The message is built here, not read back from starlark's, so that it keeps
// its form across versions of go.starlark.net. Every other mistake (too many
// arguments, a missing or unknown one) is starlark's own.
func UnpackArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	err := starlark.UnpackArgs(fn, args, kwargs, pairs...)
	if err == nil {
		return nil
	}
	if name, uerr := firstBadValue(args, kwargs, pairs); uerr != nil {
		return fmt.Errorf("%s: for parameter %s: %s", fn, name, uerr)
	}
	if m := unexpectedKeyword.FindStringSubmatch(err.Error()); m != nil {
		names := make([]string, 0, len(pairs)/2)
		for i := 0; i < len(pairs); i += 2 {
			names = append(names, strings.TrimRight(pairs[i].(string), "?"))
		}
		if s := Suggest(m[1], names); s != "" {
			return fmt.Errorf("%s (did you mean %s?)", err, s)
		}
	}
	return err
}

// unexpectedKeyword matches starlark.UnpackArgs's message for an unknown
// keyword argument.
var unexpectedKeyword = regexp.MustCompile(`unexpected keyword argument "(\w+)"$`)

// firstBadValue finds the mistake that starlark.UnpackArgs reports first
// when it is an argument of the wrong value: it walks the arguments in
// starlark's order (positional, then keywords) and stops at the first one
// that starlark refuses for another reason (too many, given twice, unknown),
// whose message is starlark's. The values are unpacked into fresh variables:
// the caller's were set by the call that failed.
func firstBadValue(args starlark.Tuple, kwargs []starlark.Tuple, pairs []any) (string, error) {
	n := len(pairs) / 2
	if len(args) > n {
		return "", nil
	}
	param := func(i int) (name string, skipNone bool) {
		name = pairs[2*i].(string)
		if s, ok := strings.CutSuffix(name, "??"); ok {
			return s, true
		}
		return strings.TrimSuffix(name, "?"), false
	}
	check := func(i int, v starlark.Value) (string, error) {
		name, skipNone := param(i)
		if _, none := v.(starlark.NoneType); none && skipNone {
			return "", nil
		}
		ptr := reflect.New(reflect.TypeOf(pairs[2*i+1]).Elem()).Interface()
		return name, starlark.UnpackArg(v, ptr)
	}
	given := make([]bool, n)
	for i, v := range args {
		given[i] = true
		if name, err := check(i, v); err != nil {
			return name, err
		}
	}
	for _, kv := range kwargs {
		key, _ := starlark.AsString(kv[0])
		i := 0
		for i < n {
			if name, _ := param(i); name == key {
				break
			}
			i++
		}
		if i == n || given[i] {
			return "", nil // unknown, or given twice
		}
		given[i] = true
		if name, err := check(i, kv[1]); err != nil {
			return name, err
		}
	}
	return "", nil
}

// SandboxFor returns the thread's sandbox, or an error naming the builtin
// when the thread is not one of a stark run (every thread stark makes is).
func SandboxFor(t *starlark.Thread, builtin string) (*Sandbox, error) {
	sb := SandboxOf(t)
	if sb == nil {
		return nil, fmt.Errorf("%s: thread %q is not a thread of a stark run", builtin, t.Name)
	}
	return sb, nil
}

// DurationArg reads a duration given as seconds (a number) or as a
// duration string ("90s", "1h"); None is zero. name prefixes the error.
func DurationArg(name string, v starlark.Value) (time.Duration, error) {
	switch x := v.(type) {
	case starlark.NoneType:
		return 0, nil
	case starlark.String:
		d, err := time.ParseDuration(string(x))
		if err != nil || d < 0 {
			return 0, fmt.Errorf("%s: got %q, want a duration such as \"90s\" or \"1h\"", name, string(x))
		}
		return d, nil
	}
	f, ok := starlark.AsFloat(v)
	if !ok {
		return 0, fmt.Errorf("%s: got %s, want seconds or a duration string", name, v.Type())
	}
	if f < 0 || math.IsNaN(f) {
		return 0, fmt.Errorf("%s: got %s, want a non-negative number of seconds", name, v)
	}
	return time.Duration(f * float64(time.Second)), nil
}
