// Package json defines stark's json module: go.starlark.net's lib/json
// (encode, encode_indent, decode, indent) with bounds on nesting, size and
// work that a page cannot get past.
package json

// This file defines the json module that pages see: encode, encode_indent,
// decode and indent, with the API and the results of go.starlark.net's
// lib/json for valid input, and bounds that one does not have. Nesting is
// bounded by [jsonMaxDepth] (decode parses without recursion, so a
// visitor's two million "[" fail with an error rather than overflowing the
// stack), the size of a result by [limits] call_bytes ([host.Work]), and
// every loop checks the run's cancellation. Cycle detection in encode is a
// set of the values on the path, not a scan of it, so deep values encode in
// linear time.

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// jsonMaxDepth is how deep arrays and objects (lists, dicts, structs) may
// nest in what json decodes, encodes and indents. Real documents nest a
// few levels; a thousand keeps every recursion far from the stack's limit
// and the work of a deep value linear. It is the depth to which stark
// converts and prints values everywhere (host.MaxJSONDepth).
const jsonMaxDepth = host.MaxJSONDepth

// jsonMaxDigits is the longest integer json.decode converts: converting
// decimal digits to a big integer takes time quadratic in their count (the
// bound Python puts on int(str) for the same reason).
const jsonMaxDigits = 4300

// Module is the json module pages see.
var Module = &starlarkstruct.Module{
	Name: "json",
	Members: starlark.StringDict{
		"encode":        starlark.NewBuiltin("json.encode", jsonEncode),
		"encode_indent": starlark.NewBuiltin("json.encode_indent", jsonEncodeIndent),
		"decode":        starlark.NewBuiltin("json.decode", jsonDecode),
		"indent":        starlark.NewBuiltin("json.indent", jsonIndent),
	},
}

// jsonWork returns the meter of one call of a json builtin.
func jsonWork(t *starlark.Thread, name string) *host.Work {
	var sb *host.Sandbox
	if t != nil {
		sb = host.SandboxOf(t)
	}
	return sb.Work(name)
}

// jsonBound is an error of a bound (depth, size, cancellation): it is not
// wrapped in the path of the value where it happened, and decode's default
// does not hide it. A named one (the run's cancellation, [host.Work]'s
// size error, which names the builtin) is the builtin's error as it is.
type jsonBound struct {
	err   error
	named bool
}

func (e jsonBound) Error() string { return e.err.Error() }

func jsonDepthError() error {
	return jsonBound{err: fmt.Errorf("nesting deeper than %d levels (lists, dicts and structs inside each other)", jsonMaxDepth)}
}

// jsonError returns the error of the json builtin name.
func jsonError(name string, err error) error {
	var b jsonBound
	if errors.As(err, &b) && b.named {
		return b.err
	}
	return fmt.Errorf("%s: %v", name, err)
}

// json.encode(x)
func jsonEncode(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	s, err := encodeJSON(x, jsonWork(t, b.Name()))
	if err != nil {
		return nil, jsonError(b.Name(), err)
	}
	return starlark.String(s), nil
}

// encodeJSON returns the JSON text of x (see jsonEncoder).
func encodeJSON(x starlark.Value, w *host.Work) (string, error) {
	e := &jsonEncoder{w: w, path: map[unsafe.Pointer]bool{}}
	if err := e.emit(x); err != nil {
		return "", err
	}
	if err := e.fits(0); err != nil {
		return "", err
	}
	return e.buf.String(), nil
}

// jsonEncoder writes a value's JSON. Its recursion is bounded by
// jsonMaxDepth; path holds the containers being written, to refuse cycles.
type jsonEncoder struct {
	buf   bytes.Buffer
	w     *host.Work
	path  map[unsafe.Pointer]bool
	depth int
	quote [128]byte
}

// fits checks the run and the bound on the output, with n bytes more.
func (e *jsonEncoder) fits(n int) error {
	if err := e.w.Tick(); err != nil {
		return jsonBound{err, true}
	}
	if err := e.w.Fits(int64(e.buf.Len()) + int64(n)); err != nil {
		return jsonBound{err, true}
	}
	return nil
}

func (e *jsonEncoder) writeString(s string) {
	// Printable ASCII needs only \" and \\; encoding/json escapes the rest
	// (as lib/json does, for the same output).
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 {
			data, _ := stdjson.Marshal(s)
			e.buf.Write(data)
			return
		}
	}
	if len(s) < len(e.quote)-2 {
		e.buf.Write(strconv.AppendQuote(e.quote[:0], s))
		return
	}
	e.buf.WriteString(strconv.Quote(s))
}

// jsonPointer returns the address of a value that may contain itself, or
// nil.
func jsonPointer(x starlark.Value) unsafe.Pointer {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.UnsafePointer:
		return v.UnsafePointer()
	}
	return nil
}

func (e *jsonEncoder) emit(x starlark.Value) error {
	if err := e.fits(0); err != nil {
		return err
	}
	if p := jsonPointer(x); p != nil {
		if e.path[p] {
			return errors.New("cycle in JSON structure")
		}
		if e.depth >= jsonMaxDepth {
			return jsonDepthError()
		}
		e.path[p] = true
		e.depth++
		defer func() { delete(e.path, p); e.depth-- }()
	}
	buf := &e.buf
	switch x := x.(type) {
	case stdjson.Marshaler:
		data, err := x.MarshalJSON()
		if err != nil {
			return err
		}
		buf.Write(data)
	case starlark.NoneType:
		buf.WriteString("null")
	case starlark.Bool:
		if x {
			buf.WriteString("true")
		} else {
			buf.WriteString("false")
		}
	case starlark.Int:
		buf.WriteString(x.String())
	case starlark.Float:
		if f := float64(x); math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("cannot encode non-finite float %v", x)
		}
		buf.WriteString(x.String())
	case starlark.String:
		if err := e.fits(len(x) + 2); err != nil {
			return err
		}
		e.writeString(string(x))
	case starlark.IterableMapping:
		items := x.Items()
		for _, item := range items {
			if _, ok := item[0].(starlark.String); !ok {
				return fmt.Errorf("%s has %s key, want string", x.Type(), item[0].Type())
			}
		}
		sort.Slice(items, func(i, j int) bool {
			return items[i][0].(starlark.String) < items[j][0].(starlark.String)
		})
		buf.WriteByte('{')
		for i, item := range items {
			if i > 0 {
				buf.WriteByte(',')
			}
			e.writeString(string(item[0].(starlark.String)))
			buf.WriteByte(':')
			if err := e.emit(item[1]); err != nil {
				return wrapJSON(err, "in %s key %s", x.Type(), item[0])
			}
		}
		buf.WriteByte('}')
	case starlark.Iterable:
		buf.WriteByte('[')
		it := x.Iterate()
		defer it.Done()
		var elem starlark.Value
		for i := 0; it.Next(&elem); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := e.emit(elem); err != nil {
				return wrapJSON(err, "at %s index %d", x.Type(), i)
			}
		}
		buf.WriteByte(']')
	case starlark.HasAttrs:
		names := append([]string(nil), x.AttrNames()...)
		sort.Strings(names)
		buf.WriteByte('{')
		for i, name := range names {
			v, err := x.Attr(name)
			if err != nil {
				return fmt.Errorf("cannot access attribute %s.%s: %w", x.Type(), name, err)
			}
			if v == nil {
				return fmt.Errorf("missing attribute %s.%s (despite %q appearing in dir()", x.Type(), name, name)
			}
			if i > 0 {
				buf.WriteByte(',')
			}
			e.writeString(name)
			buf.WriteByte(':')
			if err := e.emit(v); err != nil {
				return wrapJSON(err, "in field .%s", name)
			}
		}
		buf.WriteByte('}')
	default:
		return fmt.Errorf("cannot encode %s as JSON", x.Type())
	}
	return nil
}

// wrapJSON says where in the value err happened, unless it is a bound's.
func wrapJSON(err error, format string, args ...any) error {
	var b jsonBound
	if errors.As(err, &b) {
		return err
	}
	return fmt.Errorf("%s: %v", fmt.Sprintf(format, args...), err)
}

// json.encode_indent(x, *, prefix="", indent="\t")
func jsonEncodeIndent(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	prefix, indent := "", "\t"
	if err := starlark.UnpackArgs(b.Name(), nil, kwargs, "prefix?", &prefix, "indent?", &indent); err != nil {
		return nil, err
	}
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, nil, 1, &x); err != nil {
		return nil, err
	}
	w := jsonWork(t, b.Name())
	s, err := encodeJSON(x, w)
	if err != nil {
		return nil, jsonError(b.Name(), err)
	}
	out, err := indentJSON(s, prefix, indent, w)
	if err != nil {
		return nil, jsonError(b.Name(), err)
	}
	return starlark.String(out), nil
}

// json.indent(str, *, prefix="", indent="\t")
func jsonIndent(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	prefix, indent := "", "\t"
	if err := starlark.UnpackArgs(b.Name(), nil, kwargs, "prefix?", &prefix, "indent?", &indent); err != nil {
		return nil, err
	}
	var s string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, nil, 1, &s); err != nil {
		return nil, err
	}
	out, err := indentJSON(s, prefix, indent, jsonWork(t, b.Name()))
	if err != nil {
		return nil, jsonError(b.Name(), err)
	}
	return starlark.String(out), nil
}

// indentJSON indents JSON text as encoding/json's Indent does, once the
// nesting is within jsonMaxDepth and the indented text's size (each line
// break with its prefix and indents, which grow with the depth) fits the
// call's bound.
func indentJSON(s, prefix, indent string, w *host.Work) (string, error) {
	size, err := indentedSize(s, len(prefix), len(indent), w)
	if err != nil {
		return "", err
	}
	if err := w.Fits(size); err != nil {
		return "", jsonBound{err, true}
	}
	var buf bytes.Buffer
	buf.Grow(int(min(size, int64(len(s))*2)))
	if err := stdjson.Indent(&buf, []byte(s), prefix, indent); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// indentedSize returns a bound of the size of s indented (-1 when it
// overflows), failing when s nests deeper than jsonMaxDepth.
func indentedSize(s string, prefix, indent int, w *host.Work) (int64, error) {
	size := int64(len(s))
	add := func(depth int) {
		n := int64(1+prefix) + int64(depth)*int64(indent)
		if size < 0 || size+n < size {
			size = -1
			return
		}
		size += n
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		if err := w.Tick(); err != nil {
			return 0, jsonBound{err, true}
		}
		switch s[i] {
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			if depth++; depth > jsonMaxDepth {
				return 0, jsonDepthError()
			}
			add(depth)
		case ',':
			add(depth)
		case ']', '}':
			depth = max(depth-1, 0)
			add(depth)
		case ':':
			if size >= 0 {
				size++
			}
		}
	}
	return size, nil
}

// json.decode(x[, default])
func jsonDecode(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	var d starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "x", &s, "default?", &d); err != nil {
		return nil, err
	}
	if len(args) < 1 {
		// x is positional only.
		return nil, fmt.Errorf("%s: unexpected keyword argument x", b.Name())
	}
	v, err := decodeJSON(s, jsonWork(t, b.Name()))
	if err != nil {
		var syntax *jsonSyntaxError
		if d != nil && errors.As(err, &syntax) {
			return d, nil
		}
		return nil, jsonError(b.Name(), err)
	}
	return v, nil
}

// jsonSyntaxError is the error of text that is not JSON; json.decode's
// default replaces it (and no other).
type jsonSyntaxError struct {
	off int
	msg string
}

func (e *jsonSyntaxError) Error() string { return fmt.Sprintf("at offset %d, %s", e.off, e.msg) }

// jsonDecoder parses JSON text into Starlark values without recursion: the
// arrays and objects being read are a stack, at most jsonMaxDepth deep.
// Its failures unwind as panics of *jsonSyntaxError or jsonBound, which
// decodeJSON recovers.
type jsonDecoder struct {
	s string
	i int
	w *host.Work
}

// jsonFrame is an array or an object being read.
type jsonFrame struct {
	elems []starlark.Value // an array's
	dict  *starlark.Dict   // an object's, or nil for an array
	key   starlark.String  // the key whose value is read
}

// The heap the values json.decode makes take, as it counts them against
// [limits] call_bytes.
const (
	jsonValueBytes = 16 // an element: the interface value
	jsonListBytes  = 64
	jsonDictBytes  = 128
	jsonEntryBytes = 64 // a dict entry besides its key and value
)

// decodeJSON returns the value of the JSON text s.
func decodeJSON(s string, w *host.Work) (v starlark.Value, err error) {
	d := &jsonDecoder{s: s, w: w}
	defer func() {
		switch x := recover().(type) {
		case nil:
		case *jsonSyntaxError:
			err = x
		case jsonBound:
			err = x
		default:
			panic(x)
		}
	}()
	v = d.value()
	if d.skipSpace() {
		d.fail("unexpected character %q after value", d.s[d.i])
	}
	return v, nil
}

func (d *jsonDecoder) fail(format string, args ...any) {
	panic(&jsonSyntaxError{off: d.i, msg: fmt.Sprintf(format, args...)})
}

// alloc counts n bytes of the result and a unit of work.
func (d *jsonDecoder) alloc(n int64) {
	if err := d.w.Tick(); err != nil {
		panic(jsonBound{err, true})
	}
	if err := d.w.Alloc(n); err != nil {
		panic(jsonBound{err, true})
	}
}

// skipSpace skips white space and reports whether input is left.
func (d *jsonDecoder) skipSpace() bool {
	for ; d.i < len(d.s); d.i++ {
		if c := d.s[d.i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}

// next skips white space and returns the next byte, failing at the end.
func (d *jsonDecoder) next() byte {
	if !d.skipSpace() {
		d.fail("unexpected end of file")
	}
	return d.s[d.i]
}

// value reads one value and returns it.
func (d *jsonDecoder) value() starlark.Value {
	var stack []*jsonFrame
	for {
		// Read the start of a value: a scalar is whole, an array or an
		// object is pushed unless it is empty.
		var v starlark.Value
		switch c := d.next(); c {
		case '[', '{':
			open := d.i
			d.i++
			f := &jsonFrame{}
			if c == '{' {
				f.dict = new(starlark.Dict)
				d.alloc(jsonDictBytes)
			} else {
				d.alloc(jsonListBytes)
			}
			if end := d.next(); c == '[' && end == ']' || c == '{' && end == '}' {
				d.i++
				v = f.value()
				break
			}
			if len(stack) >= jsonMaxDepth {
				panic(jsonBound{err: fmt.Errorf("at offset %d, %v", open, jsonDepthError())})
			}
			stack = append(stack, f)
			if f.dict != nil {
				f.key = d.key()
			}
			continue
		default:
			v = d.scalar(c)
		}
		// v is whole: add it to the array or object it is in, and close
		// those that end after it.
		for {
			if len(stack) == 0 {
				return v
			}
			f := stack[len(stack)-1]
			if f.dict != nil {
				d.alloc(jsonEntryBytes)
				f.dict.SetKey(f.key, v) // cannot fail: a string key, an unfrozen dict
			} else {
				d.alloc(jsonValueBytes)
				f.elems = append(f.elems, v)
			}
			c := d.next()
			if c == ',' {
				d.i++
				if f.dict != nil {
					f.key = d.key()
				}
				break
			}
			switch {
			case f.dict == nil && c != ']':
				d.fail("got %q, want ',' or ']'", c)
			case f.dict != nil && c != '}':
				d.fail("in object, got %q, want ',' or '}'", c)
			}
			d.i++
			stack = stack[:len(stack)-1]
			v = f.value()
		}
	}
}

func (f *jsonFrame) value() starlark.Value {
	if f.dict != nil {
		return f.dict
	}
	return starlark.NewList(f.elems)
}

// key reads an object's key and the colon after it.
func (d *jsonDecoder) key() starlark.String {
	var k starlark.Value
	switch c := d.next(); c {
	case '[':
		d.fail("got list for object key, want string")
	case '{':
		d.fail("got dict for object key, want string")
	default:
		k = d.scalar(c)
	}
	s, ok := k.(starlark.String)
	if !ok {
		d.fail("got %s for object key, want string", k.Type())
	}
	if c := d.next(); c != ':' {
		d.fail("after object key, got %q, want ':' ", c)
	}
	d.i++
	return s
}

// scalar reads a string, number, true, false or null starting with c.
func (d *jsonDecoder) scalar(c byte) starlark.Value {
	s := d.s
	switch c {
	case '"':
		// Find the closing quote; text without escapes or non-ASCII bytes
		// is its own value, the rest is unquoted by encoding/json.
		safe, closed := true, false
		j := d.i + 1
		for ; j < len(s); j++ {
			if b := s[j]; b == '\\' {
				safe = false
				j++
			} else if b == '"' {
				closed = true
				j++
				break
			} else if b >= utf8.RuneSelf {
				safe = false
			}
		}
		if !closed {
			d.fail("unclosed string literal")
		}
		r := s[d.i:j]
		d.alloc(int64(len(r)) + jsonValueBytes)
		d.i = j
		if safe {
			r = r[1 : len(r)-1]
		} else if err := stdjson.Unmarshal([]byte(r), &r); err != nil {
			d.fail("%s", err)
		}
		return starlark.String(r)
	case 'n':
		if strings.HasPrefix(s[d.i:], "null") {
			d.i += len("null")
			return starlark.None
		}
	case 't':
		if strings.HasPrefix(s[d.i:], "true") {
			d.i += len("true")
			return starlark.True
		}
	case 'f':
		if strings.HasPrefix(s[d.i:], "false") {
			d.i += len("false")
			return starlark.False
		}
	default:
		if c >= '0' && c <= '9' || c == '-' {
			return d.number()
		}
	}
	d.fail("unexpected character %q", c)
	return nil
}

// number reads a number: a float when it has a point, an exponent or a
// sign after the first byte, else an int of any size.
func (d *jsonDecoder) number() starlark.Value {
	s := d.s
	isFloat := false
	j := d.i + 1
	for ; j < len(s); j++ {
		b := s[j]
		if b >= '0' && b <= '9' {
			continue
		}
		if b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-' {
			isFloat = true
			continue
		}
		break
	}
	num := s[d.i:j]
	d.i = j
	digits := strings.TrimPrefix(num, "-")
	if digits == "" || digits[0] == '0' && len(digits) > 1 && digits[1] >= '0' && digits[1] <= '9' {
		d.fail("invalid number: %s", num)
	}
	d.alloc(int64(len(num)) + jsonValueBytes)
	if isFloat {
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			d.fail("invalid number: %s", num)
		}
		return starlark.Float(f)
	}
	if n, err := strconv.ParseInt(num, 10, 64); err == nil {
		return starlark.MakeInt64(n)
	}
	if len(digits) > jsonMaxDigits {
		panic(jsonBound{err: fmt.Errorf("at offset %d, an integer of %d digits, more than the %d json.decode converts", d.i-len(num), len(digits), jsonMaxDigits)})
	}
	n, ok := new(big.Int).SetString(num, 10)
	if !ok {
		d.fail("invalid number: %s", num)
	}
	return starlark.MakeBigInt(n)
}
