package starlib

// This file defines the guarded forms of the interpreter's operations that
// can build a huge result in one step: repetition (x * n), interpolation
// (s % x), the string, list and set methods of host.GuardedMethods, the
// conversions to a string (str, repr, print, fail) and the builtins that
// materialize a sequence (list, tuple, sorted, …). Each measures the
// result before it is built, asks the sandbox's Alloc for it, and then
// calls the interpreter's own operation, so a page sees the same values and
// the same errors as before for every input within the bounds.
//
// The host's rewrite of each file routes the operators and methods here
// (host/rewrite.go); the builtins are predeclared under their own names,
// which shadow the interpreter's.

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// MaxPrintDepth bounds the nesting of a value that str, repr, print, fail,
// % and format print. The interpreter's printer checks every list and dict
// against the path above it, which takes time quadratic in the depth (a
// list nested 100,000 deep is one step of seconds); no data a page shows
// is nested this deep.
const MaxPrintDepth = host.MaxJSONDepth

// Bytes one element of a sequence takes: a list's or tuple's slot (an
// interface), a string's header when it is boxed, a set's or dict's entry.
const (
	slotBytes  = 16
	boxedBytes = 16
	entryBytes = 64
)

// allocFor checks that the calling thread's run may allocate n bytes in
// one call of builtin (host.Sandbox.Alloc); a thread without a sandbox
// gets the default bound.
func allocFor(t *starlark.Thread, builtin string, n int64) error {
	if sb := host.SandboxOf(t); sb != nil {
		return sb.Alloc(builtin, n)
	}
	if n < 0 || n > host.DefaultCallBytes {
		return (&host.Sandbox{Limits: host.Limits{CallBytes: host.DefaultCallBytes}}).Alloc(builtin, n)
	}
	return nil
}

// allocLimit is what one call of the thread's run may allocate now.
func allocLimit(t *starlark.Thread) int64 {
	if sb := host.SandboxOf(t); sb != nil {
		return sb.AllocLimit()
	}
	return host.DefaultCallBytes
}

// mulSize returns n*m, or -1 when it overflows an int64.
func mulSize(n, m int64) int64 {
	if n < 0 || m < 0 {
		return -1
	}
	hi, lo := bits.Mul64(uint64(n), uint64(m))
	if hi != 0 || lo > math.MaxInt64 {
		return -1
	}
	return int64(lo)
}

// addSize returns n+m, or -1 when either is -1 or the sum overflows.
func addSize(n, m int64) int64 {
	if n < 0 || m < 0 || n > math.MaxInt64-m {
		return -1
	}
	return n + m
}

// ---- operators ----

// mul is x * y (host.MulBuiltin).
func mul(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: want 2 operands", b.Name())
	}
	x, y := args[0], args[1]
	if err := checkMul(t, x, y); err != nil {
		return nil, err
	}
	return starlark.Binary(syntax.STAR, x, y)
}

func checkMul(t *starlark.Thread, x, y starlark.Value) error {
	seq, count := x, y
	if _, ok := x.(starlark.Int); ok {
		seq, count = y, x
	}
	n, ok := count.(starlark.Int)
	if !ok {
		return nil
	}
	var size int64
	switch s := seq.(type) {
	case starlark.Int:
		// Products of ints grow by the sum of their lengths.
		if _, ok := s.Int64(); ok {
			if _, ok := n.Int64(); ok {
				return nil
			}
		}
		size = int64(s.BigInt().BitLen()+n.BigInt().BitLen()) / 8
	case starlark.String, starlark.Bytes, *starlark.List, starlark.Tuple:
		i, err := starlark.AsInt32(n)
		if err != nil || i <= 0 {
			return nil // the interpreter's own error, or an empty result
		}
		l := int64(starlark.Len(s))
		if l*int64(i) >= 1<<30 {
			return nil // past the interpreter's own bound: its error
		}
		switch s.(type) {
		case *starlark.List, starlark.Tuple:
			size = l * int64(i) * slotBytes
		default:
			size = l * int64(i)
		}
	default:
		return nil
	}
	return allocFor(t, seq.Type()+" * "+count.Type(), size)
}

// mod is x % y (host.ModBuiltin).
func mod(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: want 2 operands", b.Name())
	}
	x, y := args[0], args[1]
	if f, ok := x.(starlark.String); ok {
		size, err := interpolationSize(t, string(f), y)
		if err != nil {
			return nil, err
		}
		if size > allocLimit(t) {
			return nil, allocAtLeast(t, "string % "+y.Type(), size)
		}
	}
	return starlark.Binary(syntax.PERCENT, x, y)
}

// formatLiteral is "literal" % y (host.FormatBuiltin): the literal's parsed
// format, applied by stark's formatter once what %s and %r print fits.
func formatLiteral(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 3 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: want an id, a format and an operand", b.Name())
	}
	id, ok := args[0].(starlark.Int)
	src, ok2 := args[1].(starlark.String)
	if !ok || !ok2 {
		return nil, fmt.Errorf("%s: want an id, a format and an operand", b.Name())
	}
	n, _ := id.Int64()
	f := host.FormatFor(int(n), string(src))
	y := args[2]
	if f.Prints() {
		size, err := interpolationSize(t, string(src), y)
		if err != nil {
			return nil, err
		}
		if size > allocLimit(t) {
			return nil, allocAtLeast(t, "string % "+y.Type(), size)
		}
	}
	return f.Interpolate(y)
}

// interpolationSize returns the size of format % x, or -1 when the
// interpreter will refuse it (its error is the one to show). It reads the
// format as the interpreter's interpolate does.
func interpolationSize(t *starlark.Thread, format string, x starlark.Value) (int64, error) {
	limit := allocLimit(t)
	size := int64(0)
	index, nargs := 0, 1
	tuple, isTuple := x.(starlark.Tuple)
	if isTuple {
		nargs = len(tuple)
	}
	for {
		i := strings.IndexByte(format, '%')
		if i < 0 {
			return size + int64(len(format)), nil
		}
		size += int64(i)
		format = format[i+1:]
		if format != "" && format[0] == '%' {
			size++
			format = format[1:]
			continue
		}
		var arg starlark.Value
		if format != "" && format[0] == '(' {
			j := strings.IndexByte(format, ')')
			m, ok := x.(starlark.Mapping)
			if j < 0 || !ok {
				return -1, nil
			}
			v, found, _ := m.Get(starlark.String(format[1:j]))
			if !found {
				return -1, nil
			}
			arg = v
			format = format[j+1:]
		} else {
			if index >= nargs {
				return -1, nil
			}
			arg = x
			if isTuple {
				arg = tuple[index]
			}
		}
		if format == "" {
			return -1, nil
		}
		switch format[0] {
		case 's', 'r':
			n, err := printedSize(t, "string % "+x.Type(), arg, format[0] == 'r', limit-size)
			if err != nil {
				return 0, err
			}
			size += n
		case 'd', 'i', 'o', 'x', 'X', 'e', 'f', 'g', 'E', 'F', 'G':
			size += numberSize(arg)
		default:
			size += 4
		}
		if size > limit {
			return size, nil
		}
		format = format[1:]
		index++
	}
}

// numberSize bounds the printed size of a number.
func numberSize(v starlark.Value) int64 {
	if i, ok := v.(starlark.Int); ok {
		if _, small := i.Int64(); !small {
			return int64(i.BigInt().BitLen())/3 + 2 // octal is the longest
		}
	}
	return 330 // %f of the largest float
}

// addend is the right operand of x += y (host.AddendBuiltin): y, once what
// a list's += would append from it fits in one call.
func addend(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: want 1 operand", b.Name())
	}
	y := args[0]
	switch y.(type) {
	case starlark.Int, starlark.Float, starlark.String, starlark.Bytes:
		return y, nil
	}
	if n := starlark.Len(y); n > 0 {
		if err := allocFor(t, "+= "+y.Type(), mulSize(int64(n), slotBytes)); err != nil {
			return nil, err
		}
	}
	return y, nil
}

// ---- methods ----

// recv is the receiver of a guarded method call (host.RecvBuiltin).
func recv(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: want 1 operand", b.Name())
	}
	switch x := args[0].(type) {
	case starlark.String, *starlark.List, *starlark.Set:
		return guardedRecv{x}, nil
	}
	return args[0], nil
}

// A guardedRecv stands for its value as the receiver of one method call:
// its methods of host.GuardedMethods measure their result and then call
// the value's own; any other attribute is the value's.
type guardedRecv struct{ v starlark.Value }

var _ starlark.HasAttrs = guardedRecv{}

func (g guardedRecv) String() string        { return g.v.String() }
func (g guardedRecv) Type() string          { return g.v.Type() }
func (g guardedRecv) Freeze()               { g.v.Freeze() }
func (g guardedRecv) Truth() starlark.Bool  { return g.v.Truth() }
func (g guardedRecv) Hash() (uint32, error) { return g.v.Hash() }
func (g guardedRecv) AttrNames() []string   { return g.v.(starlark.HasAttrs).AttrNames() }

func (g guardedRecv) Attr(name string) (starlark.Value, error) {
	m, err := g.v.(starlark.HasAttrs).Attr(name)
	if err != nil || m == nil {
		return m, err
	}
	orig, ok := m.(*starlark.Builtin)
	check := methodChecks[name]
	if !ok || check == nil {
		return m, nil
	}
	return starlark.NewBuiltin(name, func(t *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := check(t, g.v, args, kwargs); err != nil {
			return nil, err
		}
		return orig.CallInternal(t, args, kwargs)
	}), nil
}

// methodChecks measure the result of a method call before it is made. A
// check that cannot read its arguments returns nil: the method's own
// error is the one to show.
var methodChecks = map[string]func(t *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error{
	"replace":    checkReplace,
	"join":       checkJoin,
	"format":     checkFormat,
	"split":      checkSplit,
	"rsplit":     checkSplit,
	"splitlines": checkSplitlines,
	"extend":     checkGrow("extend", slotBytes),
	"union":      checkGrow("union", entryBytes),
}

func checkReplace(t *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error {
	s, ok := recv.(starlark.String)
	if !ok || len(args) < 2 || len(kwargs) != 0 {
		return nil
	}
	old, ok1 := args[0].(starlark.String)
	repl, ok2 := args[1].(starlark.String)
	if !ok1 || !ok2 || len(repl) <= len(old) {
		return nil
	}
	count := int64(-1)
	if len(args) == 3 {
		c, ok := args[2].(starlark.Int)
		if !ok {
			return nil
		}
		if v, ok := c.Int64(); ok {
			count = v
		}
	}
	var n int64
	if old == "" {
		n = int64(utf8.RuneCountInString(string(s))) + 1
	} else {
		n = int64(strings.Count(string(s), string(old)))
	}
	if count >= 0 && count < n {
		n = count
	}
	return allocFor(t, "replace", addSize(int64(len(s)), mulSize(n, int64(len(repl)-len(old)))))
}

func checkJoin(t *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error {
	sep, ok := recv.(starlark.String)
	if !ok || len(args) != 1 || len(kwargs) != 0 {
		return nil
	}
	iterable, ok := args[0].(starlark.Iterable)
	if !ok {
		return nil
	}
	limit := allocLimit(t)
	it := iterable.Iterate()
	defer it.Done()
	var size, n int64
	var x starlark.Value
	for it.Next(&x) {
		s, ok := x.(starlark.String)
		if !ok {
			return nil
		}
		if n > 0 {
			size += int64(len(sep))
		}
		size += int64(len(s))
		n++
		if size > limit {
			return allocAtLeast(t, "join", size)
		}
	}
	return allocFor(t, "join", size)
}

// checkFormat bounds str.format: each replacement field prints its
// argument with str (or repr for !r).
func checkFormat(t *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error {
	f, ok := recv.(starlark.String)
	if !ok {
		return nil
	}
	format := string(f)
	limit := allocLimit(t)
	size, auto := int64(0), 0
	for format != "" {
		i := strings.IndexAny(format, "{}")
		if i < 0 {
			size += int64(len(format))
			break
		}
		size += int64(i)
		if i+1 < len(format) && format[i+1] == format[i] { // {{ or }}
			size++
			format = format[i+2:]
			continue
		}
		if format[i] == '}' {
			return nil
		}
		j := strings.IndexByte(format[i:], '}')
		if j < 0 {
			return nil
		}
		field := format[i+1 : i+j]
		format = format[i+j+1:]
		name, conv, _ := strings.Cut(field, "!")
		name, _, _ = strings.Cut(name, ":")
		var arg starlark.Value
		switch {
		case name == "":
			if auto >= len(args) {
				return nil
			}
			arg = args[auto]
			auto++
		case name[0] >= '0' && name[0] <= '9':
			var k int
			if _, err := fmt.Sscan(name, &k); err != nil || k < 0 || k >= len(args) {
				return nil
			}
			arg = args[k]
		default:
			for _, kv := range kwargs {
				if k, ok := kv[0].(starlark.String); ok && string(k) == name {
					arg = kv[1]
				}
			}
			if arg == nil {
				return nil
			}
		}
		n, err := printedSize(t, "format", arg, conv == "r", limit-size)
		if err != nil {
			return err
		}
		size += n
		if size > limit {
			return allocAtLeast(t, "format", size)
		}
	}
	return allocFor(t, "format", size)
}

// allocAtLeast is allocFor for a size measured only until it passed the
// limit.
func allocAtLeast(t *starlark.Thread, builtin string, n int64) error {
	if sb := host.SandboxOf(t); sb != nil {
		return sb.AllocAtLeast(builtin, n)
	}
	return allocFor(t, builtin, n)
}

func checkSplit(t *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error {
	s, ok := recv.(starlark.String)
	if !ok || int64(len(s)+1)*(slotBytes+boxedBytes) <= 64<<10 {
		return nil
	}
	var sep starlark.Value = starlark.None
	maxsplit := -1
	if err := starlark.UnpackArgs("split", args, kwargs, "sep?", &sep, "maxsplit?", &maxsplit); err != nil {
		return nil
	}
	var n int64
	switch sep := sep.(type) {
	case starlark.String:
		if sep == "" {
			return nil
		}
		n = int64(strings.Count(string(s), string(sep))) + 1
	case starlark.NoneType:
		in := false
		for _, r := range string(s) {
			space := unicode.IsSpace(r)
			if !space && !in {
				n++
			}
			in = !space
		}
	default:
		return nil
	}
	if maxsplit >= 0 && int64(maxsplit)+1 < n {
		n = int64(maxsplit) + 1
	}
	return allocFor(t, "split", mulSize(n, slotBytes+boxedBytes))
}

func checkSplitlines(t *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error {
	s, ok := recv.(starlark.String)
	if !ok || int64(len(s)+1)*(slotBytes+boxedBytes) <= 64<<10 {
		return nil
	}
	n := int64(strings.Count(string(s), "\n")+strings.Count(string(s), "\r")) + 1
	return allocFor(t, "splitlines", mulSize(n, slotBytes+boxedBytes))
}

// checkGrow bounds a method that adds the elements of its argument to the
// receiver (list.extend, set.union): the receiver's elements and the
// argument's, each of per bytes.
func checkGrow(name string, per int64) func(*starlark.Thread, starlark.Value, starlark.Tuple, []starlark.Tuple) error {
	return func(t *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error {
		n := int64(starlark.Len(recv))
		for _, a := range args {
			if l := starlark.Len(a); l > 0 {
				n += int64(l)
			}
		}
		return allocFor(t, name, mulSize(n, per))
	}
}

// ---- printing ----

// printedSize returns the bytes of v as str (or repr) prints it, and fails
// naming builtin when v is nested more than MaxPrintDepth deep. Measuring
// stops once the size passes limit (the size returned is then at least
// that much), so its cost is bounded by the limit, whatever sharing makes
// the printed value exponentially larger than the value in memory.
func printedSize(t *starlark.Thread, builtin string, v starlark.Value, repr bool, limit int64) (int64, error) {
	if s, ok := v.(starlark.String); ok && !repr {
		return int64(len(s)), nil
	}
	m := measurer{limit: limit, builtin: builtin}
	if err := m.walk(v, 0); err != nil {
		return 0, err
	}
	return m.size, nil
}

type measurer struct {
	builtin string
	limit   int64
	size    int64
	path    []starlark.Value // the lists and dicts being measured, for cycles
}

// errStop ends a walk that passed its limit.
var errStop = fmt.Errorf("stop")

func (m *measurer) add(n int64) error {
	m.size += n
	if m.size > m.limit {
		return errStop
	}
	return nil
}

func (m *measurer) walk(v starlark.Value, depth int) error {
	err := m.value(v, depth)
	if err == errStop {
		return nil
	}
	return err
}

func (m *measurer) onPath(v starlark.Value) bool {
	for _, p := range m.path {
		if p == v {
			return true
		}
	}
	return false
}

func (m *measurer) value(v starlark.Value, depth int) error {
	if depth > MaxPrintDepth {
		return fmt.Errorf("%s: the value is nested more than %d deep (lists, tuples, dicts and sets within each other)", m.builtin, MaxPrintDepth)
	}
	switch x := v.(type) {
	case starlark.String:
		return m.add(quotedSize(string(x)))
	case starlark.Bytes:
		return m.add(4*int64(len(x)) + 3)
	case starlark.Int, starlark.Float:
		return m.add(numberSize(x))
	case starlark.NoneType, starlark.Bool:
		return m.add(5)
	case *starlark.List:
		if m.onPath(x) {
			return m.add(5)
		}
		m.path = append(m.path, x)
		defer func() { m.path = m.path[:len(m.path)-1] }()
		if err := m.add(2 + 2*int64(x.Len())); err != nil {
			return err
		}
		for i := 0; i < x.Len(); i++ {
			if err := m.value(x.Index(i), depth+1); err != nil {
				return err
			}
		}
	case starlark.Tuple:
		if err := m.add(3 + 2*int64(len(x))); err != nil {
			return err
		}
		for _, e := range x {
			if err := m.value(e, depth+1); err != nil {
				return err
			}
		}
	case *starlark.Dict:
		if m.onPath(x) {
			return m.add(5)
		}
		m.path = append(m.path, x)
		defer func() { m.path = m.path[:len(m.path)-1] }()
		if err := m.add(2 + 4*int64(x.Len())); err != nil {
			return err
		}
		for _, kv := range x.Items() {
			if err := m.value(kv[0], depth+1); err != nil {
				return err
			}
			if err := m.value(kv[1], depth+1); err != nil {
				return err
			}
		}
	case *starlark.Set:
		if err := m.add(7 + 2*int64(x.Len())); err != nil {
			return err
		}
		it := x.Iterate()
		defer it.Done()
		var e starlark.Value
		for it.Next(&e) {
			if err := m.value(e, depth+1); err != nil {
				return err
			}
		}
	default:
		// Functions, builtins, modules, ranges and the host's values
		// print a name or a summary.
		return m.add(64)
	}
	return nil
}

// quotedSize bounds the length of s quoted as a Starlark string literal.
func quotedSize(s string) int64 {
	n := int64(2)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\a' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '\v':
				n += 2
			case c < 0x20 || c == 0x7f:
				n += 4
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			n += 4
		case unicode.IsPrint(r):
			n += int64(size)
		default:
			n += 10
		}
		i += size
	}
	return n
}

// checkPrint bounds the printing of v by builtin (str, repr, print, fail,
// fmt): its depth, and its size against what one call may allocate.
func checkPrint(t *starlark.Thread, builtin string, v starlark.Value, repr bool) error {
	switch v.(type) {
	case starlark.String:
		if !repr {
			return nil
		}
	case starlark.Int, starlark.Float, starlark.Bool, starlark.NoneType:
		return nil
	}
	limit := allocLimit(t)
	n, err := printedSize(t, builtin, v, repr, limit)
	if err != nil {
		return err
	}
	if n > limit {
		return allocAtLeast(t, builtin, n)
	}
	return allocFor(t, builtin, n)
}

// ---- builtins of the universe ----

// guardedUniverse returns the interpreter's builtin name wrapped by check,
// under the same name: errors within bounds are the builtin's own.
func guardedUniverse(name string, check func(t *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) error) *starlark.Builtin {
	orig := starlark.Universe[name].(*starlark.Builtin)
	return starlark.NewBuiltin(name, func(t *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := check(t, args, kwargs); err != nil {
			return nil, err
		}
		return orig.CallInternal(t, args, kwargs)
	})
}

// printArgs checks every positional argument as builtin prints it.
func printArgs(builtin string, repr bool) func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) error {
	return func(t *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) error {
		for _, a := range args {
			if err := checkPrint(t, builtin, a, repr); err != nil {
				return err
			}
		}
		return nil
	}
}

// seqArgs checks a builtin that builds per bytes for each element of its
// positional sequence arguments (the shortest one's, for zip).
func seqArgs(builtin string, per int64, shortest bool) func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) error {
	return func(t *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) error {
		n := int64(-1)
		for _, a := range args {
			l := int64(starlark.Len(a))
			if l < 0 {
				continue
			}
			if n < 0 || (shortest && l < n) || (!shortest && l > n) {
				n = l
			}
		}
		if n <= 0 {
			return nil
		}
		if shortest {
			per += slotBytes * int64(len(args))
		}
		return allocFor(t, builtin, mulSize(n, per))
	}
}

// guardedBuiltins are the predeclared names that rewritten code calls and
// the builtins of the universe they shadow.
func guardedBuiltins() starlark.StringDict {
	return starlark.StringDict{
		host.MulBuiltin:    starlark.NewBuiltin("*", mul),
		host.ModBuiltin:    starlark.NewBuiltin("%", mod),
		host.FormatBuiltin: starlark.NewBuiltin("%", formatLiteral),
		host.RecvBuiltin:   starlark.NewBuiltin("method", recv),
		host.AddendBuiltin: starlark.NewBuiltin("+=", addend),

		"str":   guardedUniverse("str", printArgs("str", false)),
		"repr":  guardedUniverse("repr", printArgs("repr", true)),
		"print": guardedUniverse("print", printArgs("print", false)),
		"fail":  guardedUniverse("fail", printArgs("fail", false)),

		"list":      guardedUniverse("list", seqArgs("list", slotBytes, false)),
		"tuple":     guardedUniverse("tuple", seqArgs("tuple", slotBytes, false)),
		"sorted":    guardedUniverse("sorted", seqArgs("sorted", slotBytes, false)),
		"reversed":  guardedUniverse("reversed", seqArgs("reversed", slotBytes, false)),
		"set":       guardedUniverse("set", seqArgs("set", entryBytes, false)),
		"enumerate": guardedUniverse("enumerate", seqArgs("enumerate", slotBytes+entryBytes, false)),
		"zip":       guardedUniverse("zip", seqArgs("zip", slotBytes+boxedBytes, true)),
	}
}
