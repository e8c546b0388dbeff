package host

// This file is stark's own % formatter: format % x where format is a string
// literal of the page. The rewrite (FormatBuiltin) turns such an expression
// into a call that names the literal's parsed form, so that a rerun does
// not read the format again; the formatter then does what go.starlark.net's
// interpolate does, with the same results and the same errors in the same
// order (format_test.go compares the two), and prints small integers with
// strconv instead of fmt and math/big.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// A Format is a parsed % format: literal text and directives, and where
// the interpreter's reading of it fails, if it does.
type Format struct {
	src    string
	ops    []formatOp
	tail   string // the text after the last directive
	err    error  // the parse error after ops, if any
	prints bool   // some directive prints a value's text (%s, %r)
	size   int    // the literal text's length
}

// A formatOp is the text before a directive and the directive.
type formatOp struct {
	text string
	// key is the directive's mapping key (%(key)s); hasKey tells an empty
	// key from none.
	key    starlark.String
	hasKey bool
	conv   byte  // the conversion
	err    error // the directive's own error (an unknown conversion)
	// incomplete: the format ends before the conversion ("incomplete
	// format" once the argument is found).
	incomplete bool
}

var (
	errIncompleteKey = fmt.Errorf("incomplete format key")
	errIncomplete    = fmt.Errorf("incomplete format")
)

// ParseFormat reads format as the interpreter's % does.
func ParseFormat(format string) *Format {
	f := &Format{src: format}
	pending := "" // text not yet given to an operation
	for {
		i := strings.IndexByte(format, '%')
		if i < 0 {
			f.tail = pending + format
			f.size += len(format)
			return f
		}
		pending += format[:i]
		f.size += i
		format = format[i+1:]
		if format != "" && format[0] == '%' {
			// %% prints % and takes no argument: it is text.
			pending += "%"
			f.size++
			format = format[1:]
			continue
		}
		op := formatOp{text: pending}
		pending = ""
		if format != "" && format[0] == '(' {
			format = format[1:]
			j := strings.IndexByte(format, ')')
			if j < 0 {
				f.err = errIncompleteKey
				return f
			}
			op.key, op.hasKey = starlark.String(format[:j]), true
			format = format[j+1:]
		}
		if format == "" {
			op.incomplete = true
			f.ops = append(f.ops, op)
			return f
		}
		op.conv = format[0]
		switch op.conv {
		case 's', 'r':
			f.prints = true
		case 'd', 'i', 'o', 'x', 'X', 'e', 'f', 'g', 'E', 'F', 'G', 'c', '%':
		default:
			op.err = fmt.Errorf("unknown conversion %%%c", op.conv)
		}
		f.ops = append(f.ops, op)
		format = format[1:]
	}
}

// Source is the format as written.
func (f *Format) Source() string { return f.src }

// Prints reports whether a directive prints a value's text (%s or %r),
// whose size depends on the value rather than on the format.
func (f *Format) Prints() bool { return f.prints }

// Interpolate returns f % x, as the interpreter computes it.
func (f *Format) Interpolate(x starlark.Value) (starlark.Value, error) {
	var buf strings.Builder
	buf.Grow(f.size + 8*len(f.ops))
	index, nargs := 0, 1
	tuple, isTuple := x.(starlark.Tuple)
	if isTuple {
		nargs = len(tuple)
	}
	for i := range f.ops {
		op := &f.ops[i]
		buf.WriteString(op.text)
		var arg starlark.Value
		if op.hasKey {
			m, ok := x.(starlark.Mapping)
			if !ok {
				return nil, fmt.Errorf("format requires a mapping")
			}
			v, found, _ := m.Get(op.key)
			if !found {
				return nil, fmt.Errorf("key not found: %s", string(op.key))
			}
			arg = v
		} else {
			if index >= nargs {
				return nil, fmt.Errorf("not enough arguments for format string")
			}
			arg = x
			if isTuple {
				arg = tuple[index]
			}
		}
		if op.incomplete {
			return nil, errIncomplete
		}
		if op.err != nil {
			return nil, op.err
		}
		if err := formatValue(&buf, op.conv, arg); err != nil {
			return nil, err
		}
		index++
	}
	if f.err != nil {
		return nil, f.err
	}
	buf.WriteString(f.tail)
	if index < nargs {
		if _, ok := x.(starlark.Mapping); !ok {
			return nil, fmt.Errorf("too many arguments for format string")
		}
	}
	return starlark.String(buf.String()), nil
}

// formatValue prints arg for the conversion c.
func formatValue(buf *strings.Builder, c byte, arg starlark.Value) error {
	switch c {
	case 's', 'r':
		if s, ok := arg.(starlark.String); ok && c == 's' {
			buf.WriteString(string(s))
		} else {
			buf.WriteString(arg.String())
		}
	case 'd', 'i', 'o', 'x', 'X':
		var i starlark.Int
		switch a := arg.(type) {
		case starlark.Int:
			i = a
		default:
			var err error
			if i, err = starlark.NumberToInt(arg); err != nil {
				return fmt.Errorf("%%%c format requires integer: %v", c, err)
			}
		}
		if n, ok := i.Int64(); ok {
			var b [72]byte
			var out []byte
			switch c {
			case 'd', 'i':
				out = strconv.AppendInt(b[:0], n, 10)
			case 'o':
				out = strconv.AppendInt(b[:0], n, 8)
			case 'x':
				out = strconv.AppendInt(b[:0], n, 16)
			case 'X':
				out = strconv.AppendInt(b[:0], n, 16)
				for k, d := range out {
					if 'a' <= d && d <= 'f' {
						out[k] = d - 'a' + 'A'
					}
				}
			}
			buf.Write(out)
			return nil
		}
		// A big integer. fmt.Sprintf, not Fprintf into buf: buf would
		// escape, and Interpolate's builder be allocated on every call.
		switch c {
		case 'd', 'i':
			buf.WriteString(fmt.Sprintf("%d", i))
		case 'o':
			buf.WriteString(fmt.Sprintf("%o", i))
		case 'x':
			buf.WriteString(fmt.Sprintf("%x", i))
		case 'X':
			buf.WriteString(fmt.Sprintf("%X", i))
		}
	case 'e', 'f', 'g', 'E', 'F', 'G':
		f, ok := starlark.AsFloat(arg)
		if !ok {
			return fmt.Errorf("%%%c format requires float, not %s", c, arg.Type())
		}
		formatFloat(buf, f, c)
	case 'c':
		switch arg := arg.(type) {
		case starlark.Int:
			r, err := starlark.AsInt32(arg)
			if err != nil || r < 0 || r > unicode.MaxRune {
				return fmt.Errorf("%%c format requires a valid Unicode code point, got %s", arg)
			}
			buf.WriteRune(rune(r))
		case starlark.String:
			r, size := utf8.DecodeRuneInString(string(arg))
			if size != len(arg) || len(arg) == 0 {
				return fmt.Errorf("%%c format requires a single-character string")
			}
			buf.WriteRune(r)
		default:
			return fmt.Errorf("%%c format requires int or single-character string, not %s", arg.Type())
		}
	case '%':
		buf.WriteByte('%')
	}
	return nil
}

// formatFloat prints f as the interpreter's %e, %f and %g do.
func formatFloat(buf *strings.Builder, f float64, c byte) {
	switch {
	case math.IsInf(f, +1):
		buf.WriteString("+inf")
		return
	case math.IsInf(f, -1):
		buf.WriteString("-inf")
		return
	case math.IsNaN(f):
		buf.WriteString("nan")
		return
	}
	var b [64]byte
	if c == 'g' || c == 'G' {
		out := strconv.AppendFloat(b[:0], f, c, -1, 64)
		buf.Write(out)
		// Always a point or an exponent: the value is a float.
		if !bytesContain(out, c-'g'+'e') && !bytesContain(out, '.') {
			buf.WriteString(".0")
		}
		return
	}
	buf.Write(strconv.AppendFloat(b[:0], f, c, 6, 64))
}

// The formats of the pages' literals, parsed once per distinct literal in
// the process: the rewrite gives each literal its index, and a call finds
// its parse by that index. The table grows by one entry per distinct
// format literal ever compiled (not per compilation).
var formats struct {
	mu    sync.Mutex // held to add a format
	index map[string]int
	list  atomic.Pointer[[]*Format] // read without the lock
}

// formatID returns the index of format's parse, parsing it the first time.
func formatID(format string) int {
	formats.mu.Lock()
	defer formats.mu.Unlock()
	if id, ok := formats.index[format]; ok {
		return id
	}
	if formats.index == nil {
		formats.index = make(map[string]int)
	}
	var l []*Format
	if p := formats.list.Load(); p != nil {
		l = *p
	}
	id := len(l)
	// Readers hold the old slice, whose elements never change: appending
	// writes past their length or into a new array.
	l = append(l, ParseFormat(format))
	formats.list.Store(&l)
	formats.index[format] = id
	return id
}

// FormatFor returns the parse of format, which the rewrite registered as
// id; a stale or foreign id (never the case for a program compiled in this
// process) parses the format again.
func FormatFor(id int, format string) *Format {
	if p := formats.list.Load(); p != nil {
		if l := *p; id >= 0 && id < len(l) && l[id].src == format {
			return l[id]
		}
	}
	return ParseFormat(format)
}

func bytesContain(b []byte, c byte) bool {
	for _, d := range b {
		if d == c {
			return true
		}
	}
	return false
}
